import { describe, expect, it } from 'vitest';

import { GENESIS_HASH } from './entry.js';
import type { AuditEntry } from './entry.js';
import { hashEntry, sealEntry } from './seal.js';
import { generateAuditKeyPair, loadAuditSigner } from './signer.js';
import { sampleDraft, sealChain } from './test-chain.js';
import { verifyChain } from './verify.js';
import type { ChainVerdict } from './verify.js';

const keys = generateAuditKeyPair();
const signer = loadAuditSigner(keys.privateKeyPem);
const intruder = loadAuditSigner(generateAuditKeyPair().privateKeyPem);
const CHAIN = sealChain(10, signer);
const LONG = sealChain(100, signer);
/** Stands in for entry 5 with a hash no real entry has, to break the next link. */
const UNLINKED = { ...CHAIN[4]!, hash: 'c'.repeat(64) };
/** Another genuine chain under the same key: its entries verify on their own. */
const OTHER = reseal({ ...CHAIN[0]!, seq: 0, hash: 'b'.repeat(64) }, CHAIN, signer);

/** A deep copy of the 10-entry chain (seq 1–10) to tamper with. */
const chain = (): AuditEntry[] => structuredClone(CHAIN);

/** Seals altered copies of `rest` after `previous`, as a forger with key `by` would. */
function reseal(previous: AuditEntry, rest: AuditEntry[], by = intruder): AuditEntry[] {
  const out: AuditEntry[] = [];
  let last = previous;
  for (const entry of rest) {
    last = sealEntry(last, { ...entry, payload: { ...entry.payload, forged: true } }, by);
    out.push(last);
  }
  return out;
}

/** Recomputes hash and links from index `from` on, keeping the old signatures. */
function rehash(entries: AuditEntry[], from: number): AuditEntry[] {
  for (let i = from; i < entries.length; i++) {
    const entry = entries[i]!;
    entry.seq = i + 1;
    entry.prevHash = i === 0 ? GENESIS_HASH : entries[i - 1]!.hash;
    entry.hash = hashEntry(entry);
  }
  return entries;
}

const verdictOf = (entries: Iterable<AuditEntry>): Promise<ChainVerdict> =>
  verifyChain(entries, keys.publicKeyPem);

describe('verifyChain() on a tampered chain', () => {
  it.each<[keyof AuditEntry, unknown]>([
    ['atMs', 0],
    ['actor', 'someone-else'],
    ['action', 'violation.dismissed'],
    ['subjectType', 'override'],
    ['subjectId', 'v-other'],
    ['payload', { severity: 'permanent_ban' }],
    ['prevHash', 'f'.repeat(64)],
    ['hash', 'e'.repeat(64)],
  ])('finds an edited %s as a hash mismatch at that entry', async (field, value) => {
    const entries = chain();
    Object.assign(entries[3]!, { [field]: value });
    const verdict = await verdictOf(entries);
    expect(verdict).toMatchObject({
      ok: false,
      checked: 3,
      firstBroken: { seq: 4, problem: 'hash_mismatch' },
    });
  });

  it('names the entry and both hashes when content was edited', async () => {
    const entries = chain();
    entries[3]!.payload.count = 99;
    const verdict = await verdictOf(entries);
    const detail = verdict.ok ? '' : verdict.firstBroken.detail;
    expect(detail).toBe(
      `entry 4: stored hash ${CHAIN[3]!.hash.slice(0, 12)}… does not match its content (recomputed ${hashEntry(entries[3]!).slice(0, 12)}…)`,
    );
  });

  it.each<{
    title: string;
    tamper: (entries: AuditEntry[]) => AuditEntry[];
    seq: number;
    problem: string;
    detail: RegExp;
  }>([
    {
      title: 'an edited seq',
      tamper: (e) => ((e[3]!.seq = 40), e),
      seq: 40,
      problem: 'hash_mismatch',
      detail: /^entry 40: stored hash/,
    },
    {
      title: 'a removed entry',
      tamper: (e) => [...e.slice(0, 3), ...e.slice(4)],
      seq: 5,
      problem: 'seq_gap',
      detail: /^entry 5: found after entry 3; entry 4 is missing$/,
    },
    {
      title: 'three removed entries',
      tamper: (e) => [...e.slice(0, 3), ...e.slice(6)],
      seq: 7,
      problem: 'seq_gap',
      detail: /entries 4–6 are missing$/,
    },
    {
      title: 'a removed first entry',
      tamper: (e) => e.slice(1),
      seq: 2,
      problem: 'seq_gap',
      detail: /^entry 2: found at the start of the trail; entry 1 is missing$/,
    },
    {
      title: 'a removed entry with the later seqs renumbered',
      tamper: (e) => [...e.slice(0, 3), ...e.slice(4).map((x, i) => ({ ...x, seq: 4 + i }))],
      seq: 4,
      problem: 'hash_mismatch',
      detail: /^entry 4: stored hash/,
    },
    {
      title: 'a removed entry with the tail re-hashed but not re-signed',
      tamper: (e) => rehash([...e.slice(0, 3), ...e.slice(4)], 3),
      seq: 4,
      problem: 'signature_invalid',
      detail: /^entry 4: signature [0-9a-f]{12}… does not verify/,
    },
    {
      title: 'two swapped entries',
      tamper: (e) => [...e.slice(0, 3), e[4]!, e[3]!, ...e.slice(5)],
      seq: 5,
      problem: 'seq_out_of_order',
      detail: /^entry 5: found before entry 4; entries are out of order$/,
    },
    {
      title: 'an entry moved earlier',
      tamper: (e) => [...e.slice(0, 3), e[6]!, ...e.slice(3, 6), ...e.slice(7)],
      seq: 7,
      problem: 'seq_out_of_order',
      detail: /out of order/,
    },
    {
      // One entry of lookahead cannot see that entry 4 comes back later.
      title: 'an entry moved later, seen where it was taken from',
      tamper: (e) => [...e.slice(0, 3), ...e.slice(4, 7), e[3]!, ...e.slice(7)],
      seq: 5,
      problem: 'seq_gap',
      detail: /entry 4 is missing/,
    },
    {
      title: 'a duplicated entry',
      tamper: (e) => [...e.slice(0, 4), e[3]!, ...e.slice(4)],
      seq: 4,
      problem: 'seq_out_of_order',
      detail: /^entry 4: seq repeats the previous seq after entry 4$/,
    },
    {
      title: 'a forged signature',
      tamper: (e) => ((e[3]!.signature = 'ab'.repeat(64)), e),
      seq: 4,
      problem: 'signature_invalid',
      detail: /does not verify for hash/,
    },
    {
      title: 'the signature of another entry',
      tamper: (e) => ((e[3]!.signature = e[4]!.signature), e),
      seq: 4,
      problem: 'signature_invalid',
      detail: /does not verify/,
    },
    {
      title: 'a signature that is not hex',
      tamper: (e) => ((e[3]!.signature = 'zz'.repeat(64)), e),
      seq: 4,
      problem: 'signature_invalid',
      detail: /^entry 4: signature is not 128 lowercase hex characters$/,
    },
    {
      title: 'a tail rewritten and re-hashed without the key',
      tamper: (e) =>
        rehash(
          e.map((x, i) => (i >= 5 ? { ...x, actor: 'forger' } : x)),
          5,
        ),
      seq: 6,
      problem: 'signature_invalid',
      detail: /^entry 6: signature/,
    },
    {
      title: 'a tail re-sealed with another key',
      tamper: (e) => [...e.slice(0, 5), ...reseal(e[4]!, e.slice(5))],
      seq: 6,
      problem: 'signature_invalid',
      detail: /^entry 6: signature/,
    },
    {
      title: 'an entry spliced in from another chain signed with the same key',
      tamper: (e) => [...e.slice(0, 5), OTHER[5]!, ...e.slice(6)],
      seq: 6,
      problem: 'prev_hash_mismatch',
      detail:
        /^entry 6: prevHash [0-9a-f]{12}… does not match the hash of entry 5 \([0-9a-f]{12}…\)$/,
    },
    {
      title: 'a first entry not linked to the genesis hash',
      tamper: (e) => [sealEntry({ ...e[0]!, seq: 0 }, sampleDraft(0), signer), ...e.slice(1)],
      seq: 1,
      problem: 'prev_hash_mismatch',
      detail: /does not match the genesis hash/,
    },
  ])('finds $title: $problem at seq $seq', async ({ tamper, seq, problem, detail }) => {
    const verdict = await verdictOf(tamper(chain()));
    expect(verdict).toMatchObject({ ok: false, firstBroken: { seq, problem } });
    expect(verdict.ok ? '' : verdict.firstBroken.detail).toMatch(detail);
  });

  // Signatures are checked on a thread pool, up to 16 entries behind the
  // hash and link checks: a later, cheaper problem must not win.
  it.each<{
    title: string;
    tamper: (entries: AuditEntry[]) => AuditEntry[];
    seq: number;
    problem: string;
  }>([
    {
      title: 'a forged signature before an edited entry',
      tamper: (e) => ((e[3]!.signature = 'ab'.repeat(64)), (e[5]!.actor = 'x'), e),
      seq: 4,
      problem: 'signature_invalid',
    },
    {
      title: 'a forged signature before a removed entry',
      tamper: (e) => ((e[3]!.signature = 'ab'.repeat(64)), [...e.slice(0, 5), ...e.slice(6)]),
      seq: 4,
      problem: 'signature_invalid',
    },
    {
      title: 'a forged signature 50 entries before an edited entry',
      tamper: (e) => ((e[9]!.signature = 'ab'.repeat(64)), (e[59]!.actor = 'x'), e),
      seq: 10,
      problem: 'signature_invalid',
    },
    {
      title: 'an entry with both a foreign signature and a broken link',
      tamper: (e) => [
        ...e.slice(0, 5),
        sealEntry(UNLINKED, sampleDraft(77), intruder),
        ...e.slice(6),
      ],
      seq: 6,
      problem: 'signature_invalid',
    },
  ])('reports the earliest problem for $title', async ({ tamper, seq, problem }) => {
    const verdict = await verdictOf(tamper(structuredClone(LONG)));
    expect(verdict).toMatchObject({ ok: false, checked: seq - 1, firstBroken: { seq, problem } });
  });
});
