import type { AuditEntry } from './entry.js';
import { headSignatureProblem, type AuditHead } from './head.js';
import { loadAuditPublicKey } from './signer.js';
import { short } from './verify-entry.js';
import { verifyChain, type ChainVerdict } from './verify.js';

/** What the stream showed of the entries the head speaks about. */
interface Seen {
  lastSeq: number;
  hashAtHead: string | undefined;
}

/**
 * Verifies a stored trail: the chain as {@link verifyChain} does, then that
 * it reaches the signed `head` read before the entries. That second step is
 * what reveals deleted newest entries, which leave a chain that is intact on
 * its own. Entries after the head are accepted: they were committed after
 * the head was read, and each still needs its own valid signature.
 *
 * Problems beyond verifyChain's, reported only when the chain itself is
 * intact: `head_signature_invalid` (the head was written outside the store),
 * `seq_gap` at the first missing entry when the trail ends before the head,
 * `head_mismatch` when the entry at the head's seq has another hash.
 *
 * @throws CharterError `audit_key_invalid` as verifyChain does.
 */
export async function verifyTrail(
  entries: Iterable<AuditEntry> | AsyncIterable<AuditEntry>,
  publicKeyPem: string,
  head: AuditHead,
): Promise<ChainVerdict> {
  const seen: Seen = { lastSeq: 0, hashAtHead: undefined };
  const verdict = await verifyChain(watch(entries, head.seq, seen), publicKeyPem);
  if (!verdict.ok) return verdict;

  const broken = (seq: number, problem: Problem, detail: string): ChainVerdict => ({
    ok: false,
    checked: verdict.checked,
    firstBroken: { seq, problem, detail },
  });

  const signature = headSignatureProblem(head, loadAuditPublicKey(publicKeyPem));
  if (signature !== undefined) return broken(head.seq, 'head_signature_invalid', signature);

  if (seen.lastSeq < head.seq) {
    const first = seen.lastSeq + 1;
    const missing = first === head.seq ? `entry ${first} is` : `entries ${first}–${head.seq} are`;
    const detail = `${missing} missing from the end of the trail: the signed head names entry ${head.seq} (hash ${short(head.hash)})`;
    return broken(first, 'seq_gap', detail);
  }

  if (head.seq > 0 && seen.hashAtHead !== head.hash) {
    const detail = `entry ${head.seq}: hash ${short(seen.hashAtHead)} is not the hash the signed head names (${short(head.hash)})`;
    return broken(head.seq, 'head_mismatch', detail);
  }

  return verdict;
}

type Problem = Extract<ChainVerdict, { ok: false }>['firstBroken']['problem'];

/** Passes the entries through, noting the last seq and the hash at `headSeq`. */
async function* watch(
  entries: Iterable<AuditEntry> | AsyncIterable<AuditEntry>,
  headSeq: number,
  seen: Seen,
): AsyncGenerator<AuditEntry> {
  for await (const entry of entries) {
    seen.lastSeq = entry.seq;
    if (entry.seq === headSeq) seen.hashAtHead = entry.hash;
    yield entry;
  }
}
