import { GENESIS_HASH } from './entry.js';
import type { AuditEntry } from './entry.js';
import { loadAuditPublicKey } from './signer.js';
import { checkContent, short, verifyEntryInPool } from './verify-entry.js';
import type { EntryProblem } from './verify-entry.js';

/**
 * Why a chain is broken, in the order `verifyChain` checks an entry; the two
 * `head_` problems come from `verifyTrail`, which also checks the signed head.
 */
export type ChainProblem =
  | 'hash_mismatch'
  | 'signature_invalid'
  | 'prev_hash_mismatch'
  | 'seq_gap'
  | 'seq_out_of_order'
  | 'head_signature_invalid'
  | 'head_mismatch';

/**
 * The outcome of `verifyChain`. `checked` counts the entries found intact
 * before the first broken one (all of them when `ok`). `lastHash` is the hash
 * of the last entry (`GENESIS_HASH` for an empty chain): a truncated tail
 * leaves a chain that is intact by itself, so compare it with the store's
 * signed head (`verifyTrail` does) or with a head published elsewhere.
 */
export type ChainVerdict =
  | { ok: true; checked: number; lastHash: string }
  | {
      ok: false;
      checked: number;
      firstBroken: { seq: number; problem: ChainProblem; detail: string };
    };

/** A problem and its sentence, before the seq is attached. */
type Problem = Omit<Extract<ChainVerdict, { ok: false }>['firstBroken'], 'seq'>;

/**
 * Verifies a whole audit trail, streaming: `entries` must come in stored
 * order from seq 1, and only the previous entry's seq and hash are kept, so
 * memory stays constant however long the trail is. Each entry is checked on
 * its own first (hash over its content, then its Ed25519 signature against
 * `publicKeyPem`), then its link: seq one more than the previous entry's,
 * `prevHash` equal to the previous hash (`GENESIS_HASH` for seq 1).
 *
 * Detects an edited entry (`hash_mismatch`), a re-hashed or forged one
 * (`signature_invalid`), a removed one (`seq_gap`, or `prev_hash_mismatch`
 * when later seqs were renumbered), and reordered ones (`seq_out_of_order`;
 * an entry moved later shows as a `seq_gap` where it was taken from). Stops at
 * the first broken entry and closes the iterator (ending a database cursor).
 *
 * Cost is Ed25519 verification, ~170 µs an entry on one small core. It runs
 * on libuv's thread pool, up to 16 entries ahead, so it uses spare cores and
 * the event loop keeps turning during a long run.
 *
 * @throws CharterError `audit_key_invalid` if `publicKeyPem` is not an Ed25519
 *   SPKI public key. Errors thrown by the iterator propagate.
 */
export async function verifyChain(
  entries: Iterable<AuditEntry> | AsyncIterable<AuditEntry>,
  publicKeyPem: string,
): Promise<ChainVerdict> {
  const publicKey = loadAuditPublicKey(publicKeyPem);
  const iterator =
    Symbol.asyncIterator in entries ? entries[Symbol.asyncIterator]() : entries[Symbol.iterator]();

  // Signature checks run on the thread pool while this thread hashes and
  // links the next entries; kept in seq order, so the first failure found
  // among them is the first broken entry.
  const inFlight: Pending[] = [];
  let position = 0;
  let previous: Link | undefined;
  let exhausted = false;
  try {
    for (let next = await iterator.next(); next.done !== true; position++) {
      const entry = next.value;
      const seq = seqOf(entry, previous);
      const problem = checkContent(entry);
      let link = problem ? undefined : checkLink(entry, previous);

      next = await iterator.next();
      if (link?.problem === 'seq_gap' && next.done !== true && next.value.seq < entry.seq) {
        // The entry that seemed missing comes right after: a swap, not a removal.
        const detail = `entry ${entry.seq}: found before entry ${next.value.seq}; entries are out of order`;
        link = { problem: 'seq_out_of_order', detail };
      }

      const found = problem ?? link;
      if (found) {
        // Earlier entries rank first, then this entry's own signature, then its link.
        const own = problem ?? (await verifyEntryInPool(entry, publicKey));
        const failed = await settle(inFlight, inFlight.length);
        return failed ?? broken(position, seq, own ?? found);
      }

      inFlight.push({ position, seq, check: verifyEntryInPool(entry, publicKey) });
      previous = { seq: entry.seq, hash: entry.hash };
      if (inFlight.length >= IN_FLIGHT_MAX) {
        const failed = await settle(inFlight, 1);
        if (failed) return failed;
      }
    }
    exhausted = true;
  } finally {
    // Closes a generator or database cursor left open by an early return.
    if (!exhausted) await iterator.return?.();
  }

  const failed = await settle(inFlight, inFlight.length);
  return failed ?? { ok: true, checked: position, lastHash: previous?.hash ?? GENESIS_HASH };
}

/** Enough to keep a thread pool of 4 busy without crowding out file I/O. */
const IN_FLIGHT_MAX = 16;

/** A signature check in flight for the entry at `position` (0-based) in the stream. */
interface Pending {
  position: number;
  seq: number;
  check: Promise<EntryProblem | undefined>;
}

/** Awaits the oldest `count` checks in order; the first failure as a verdict. */
async function settle(inFlight: Pending[], count: number): Promise<ChainVerdict | undefined> {
  for (let i = 0; i < count; i++) {
    const pending = inFlight.shift();
    if (pending === undefined) return undefined;
    const problem = await pending.check;
    if (problem) return broken(pending.position, pending.seq, problem);
  }
  return undefined;
}

/** The verdict for a broken entry: the `position` entries before it were intact. */
function broken(position: number, seq: number, found: Problem): ChainVerdict {
  return { ok: false, checked: position, firstBroken: { seq, ...found } };
}

/** What verification keeps of the previous entry: all it needs, constant size. */
interface Link {
  seq: number;
  hash: string;
}

/** The link from `previous` (none for the first entry) to `entry`. */
function checkLink(entry: AuditEntry, previous: Link | undefined): Problem | undefined {
  const { seq } = entry;
  const expected = (previous?.seq ?? 0) + 1;
  const after = previous ? `after entry ${previous.seq}` : 'at the start of the trail';

  if (seq < expected) {
    const what = previous && seq === previous.seq ? 'repeats the previous seq' : 'goes backwards';
    return { problem: 'seq_out_of_order', detail: `entry ${seq}: seq ${what} ${after}` };
  }
  if (seq > expected) {
    const missing =
      seq - 1 === expected ? `entry ${expected} is` : `entries ${expected}–${seq - 1} are`;
    return { problem: 'seq_gap', detail: `entry ${seq}: found ${after}; ${missing} missing` };
  }

  const expectedPrev = previous?.hash ?? GENESIS_HASH;
  if (entry.prevHash !== expectedPrev) {
    const of = previous ? `the hash of entry ${previous.seq}` : 'the genesis hash';
    const detail = `entry ${seq}: prevHash ${short(entry.prevHash)} does not match ${of} (${short(expectedPrev)})`;
    return { problem: 'prev_hash_mismatch', detail };
  }

  return undefined;
}

/** The seq to report for a broken entry; a corrupt seq field gets its expected place. */
function seqOf(entry: AuditEntry, previous: Link | undefined): number {
  return Number.isSafeInteger(entry.seq) ? entry.seq : (previous?.seq ?? 0) + 1;
}
