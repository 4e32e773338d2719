import { createHash } from 'node:crypto';

import { canonicalJson } from './canonical-json.js';
import { GENESIS_HASH } from './entry.js';
import type { AuditDraft, AuditEntry } from './entry.js';

/**
 * Signs audit entry hashes with one Ed25519 key; `createAuditSigner` and
 * `loadAuditSigner` make one.
 */
export interface AuditSigner {
  /** First 16 hex chars of SHA-256 over the raw 32-byte public key. */
  readonly keyId: string;
  /** Hex Ed25519 signature over the UTF-8 bytes of `hashHex`. */
  sign(hashHex: string): string;
}

/**
 * Seals `draft` as the entry after `previous` (the first entry when
 * `undefined`): numbers it, links it to `previous.hash`, hashes it and signs
 * the hash. Pure apart from the signer; the caller stores the result. The
 * entry shares `payload` with the draft: mutating it afterwards breaks the
 * hash, which verification will then report.
 *
 * @throws CharterError `audit_unserializable` if the payload holds a value
 *   canonical JSON refuses (non-finite number, bigint, function, …).
 */
export function sealEntry(
  previous: AuditEntry | undefined,
  draft: AuditDraft,
  signer: AuditSigner,
): AuditEntry {
  const seq = previous === undefined ? 1 : previous.seq + 1;
  const prevHash = previous === undefined ? GENESIS_HASH : previous.hash;
  const sealed = {
    seq,
    atMs: draft.atMs,
    actor: draft.actor,
    action: draft.action,
    subjectType: draft.subjectType,
    subjectId: draft.subjectId,
    payload: draft.payload,
    prevHash,
  };
  const hash = hashEntry(sealed);

  return { ...sealed, hash, signature: signer.sign(hash) };
}

/** The fields an entry hash covers: all but `hash` and `signature`. */
export type HashedFields = Omit<AuditEntry, 'hash' | 'signature'>;

/**
 * SHA-256 hex over the canonical JSON of exactly the hashed fields, so extra
 * properties a store adds to a row never change the hash.
 */
export function hashEntry(entry: HashedFields): string {
  const covered: HashedFields = {
    seq: entry.seq,
    atMs: entry.atMs,
    actor: entry.actor,
    action: entry.action,
    subjectType: entry.subjectType,
    subjectId: entry.subjectId,
    payload: entry.payload,
    prevHash: entry.prevHash,
  };
  return createHash('sha256').update(canonicalJson(covered), 'utf8').digest('hex');
}
