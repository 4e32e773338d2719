import { verify } from 'node:crypto';
import type { KeyObject } from 'node:crypto';

import type { AuditSigner } from './seal.js';
import { short } from './verify-entry.js';

/**
 * The store's record of where the trail ends: the last entry's seq and hash,
 * signed. A chain proves every entry links to the one before it, but nothing
 * in it says which entry is the last, so deleting the newest entries leaves a
 * chain that verifies. The signed head closes that gap: the trail must reach
 * `seq` and hold `hash` there. `signature` is null only where the head was
 * written outside the store.
 */
export interface AuditHead {
  seq: number;
  hash: string;
  signature: string | null;
}

/**
 * The text a head signature covers. Its `audit-head` prefix keeps it apart
 * from entry signatures, which cover a bare 64-digit hash: neither can be
 * passed off as the other.
 */
export function headMessage(seq: number, hash: string): string {
  return `audit-head ${seq} ${hash}`;
}

/** Signs the head naming entry `seq` with hash `hash`. */
export function signHead(seq: number, hash: string, signer: AuditSigner): AuditHead {
  return { seq, hash, signature: signer.sign(headMessage(seq, hash)) };
}

/**
 * Checks the head's signature against `publicKey` (from `loadAuditPublicKey`).
 *
 * @returns `undefined` when it verifies, else a sentence saying what is wrong.
 */
export function headSignatureProblem(head: AuditHead, publicKey: KeyObject): string | undefined {
  const what = `audit head (entry ${head.seq}, hash ${short(head.hash)})`;
  if (head.signature === null) {
    return `${what}: no signature; the head was written outside the store`;
  }
  // Buffer.from(…, 'hex') drops bad digits silently, so check the shape first.
  const valid =
    /^[0-9a-f]{128}$/.test(head.signature) &&
    verify(
      null,
      Buffer.from(headMessage(head.seq, head.hash), 'utf8'),
      publicKey,
      Buffer.from(head.signature, 'hex'),
    );
  return valid ? undefined : `${what}: signature does not verify with the audit public key`;
}
