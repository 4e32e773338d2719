import { verify } from 'node:crypto';
import type { KeyObject } from 'node:crypto';

import type { AuditEntry } from './entry.js';
import { hashEntry } from './seal.js';

/** What is wrong with one entry on its own, apart from its place in the chain. */
export interface EntryProblem {
  problem: 'hash_mismatch' | 'signature_invalid';
  /** A sentence naming the entry and what differs. */
  detail: string;
}

/**
 * Checks one entry's integrity: its stored hash matches its content and its
 * signature verifies against `publicKey` (from `loadAuditPublicKey`). Says
 * nothing about `seq` or `prevHash` linkage; `verifyChain` checks those.
 *
 * Never throws for a malformed entry (e.g. a payload canonical JSON refuses);
 * that is reported as a `hash_mismatch`.
 *
 * @returns `undefined` when the entry is intact, else its first problem.
 */
export function verifyEntry(entry: AuditEntry, publicKey: KeyObject): EntryProblem | undefined {
  const problem = checkContent(entry);
  if (problem) return problem;

  const signature = Buffer.from(entry.signature, 'hex');
  const valid = verify(null, Buffer.from(entry.hash, 'utf8'), publicKey, signature);
  return valid ? undefined : badSignature(entry);
}

/**
 * `verifyEntry` with the Ed25519 check on libuv's thread pool, so a caller
 * can keep several in flight. Resolves, never rejects.
 */
export function verifyEntryInPool(
  entry: AuditEntry,
  publicKey: KeyObject,
): Promise<EntryProblem | undefined> {
  const problem = checkContent(entry);
  if (problem) return Promise.resolve(problem);

  const signature = Buffer.from(entry.signature, 'hex');
  return new Promise((resolve) => {
    verify(null, Buffer.from(entry.hash, 'utf8'), publicKey, signature, (error, valid) => {
      resolve(error === null && valid ? undefined : badSignature(entry));
    });
  });
}

const SIGNATURE_HEX = /^[0-9a-f]{128}$/;

/** The cheap checks, on the calling thread: hash, then signature shape. */
export function checkContent(entry: AuditEntry): EntryProblem | undefined {
  const name = `entry ${String(entry.seq)}`;
  let recomputed: string;
  try {
    recomputed = hashEntry(entry);
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    return { problem: 'hash_mismatch', detail: `${name}: content cannot be hashed (${reason})` };
  }
  if (recomputed !== entry.hash) {
    return {
      problem: 'hash_mismatch',
      detail: `${name}: stored hash ${short(entry.hash)} does not match its content (recomputed ${short(recomputed)})`,
    };
  }

  // Buffer.from(…, 'hex') silently drops bad digits, so check the shape first.
  if (typeof entry.signature !== 'string' || !SIGNATURE_HEX.test(entry.signature)) {
    return {
      problem: 'signature_invalid',
      detail: `${name}: signature is not 128 lowercase hex characters`,
    };
  }
  return undefined;
}

function badSignature(entry: AuditEntry): EntryProblem {
  return {
    problem: 'signature_invalid',
    detail: `entry ${String(entry.seq)}: signature ${short(entry.signature)} does not verify for hash ${short(entry.hash)} with the audit public key`,
  };
}

/** A hash or signature shortened for a message: enough to grep, not a wall of hex. */
export function short(hex: unknown): string {
  if (typeof hex !== 'string') return `(${typeof hex})`;
  return hex.length > 12 ? `${hex.slice(0, 12)}…` : JSON.stringify(hex);
}
