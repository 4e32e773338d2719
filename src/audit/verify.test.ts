import { describe, expect, it } from 'vitest';

import { GENESIS_HASH } from './entry.js';
import type { AuditEntry } from './entry.js';
import { generateAuditKeyPair, loadAuditSigner } from './signer.js';
import { asAsync, sealChain } from './test-chain.js';
import { verifyChain } from './verify.js';
import type { ChainVerdict } from './verify.js';

const keys = generateAuditKeyPair();
const signer = loadAuditSigner(keys.privateKeyPem);
const intruder = loadAuditSigner(generateAuditKeyPair().privateKeyPem);
const CHAIN = sealChain(10, signer);

const verdictOf = (entries: Iterable<AuditEntry>): Promise<ChainVerdict> =>
  verifyChain(entries, keys.publicKeyPem);

describe('verifyChain()', () => {
  it('accepts 1,000 sealed entries, from an array or an async cursor', async () => {
    const entries = sealChain(1_000, signer);
    const expected = { ok: true, checked: 1_000, lastHash: entries[999]!.hash };
    expect(await verdictOf(entries)).toEqual(expected);
    expect(await verifyChain(asAsync(entries), keys.publicKeyPem)).toEqual(expected);
  });

  it('accepts entries after a round trip through JSON, as a store returns them', async () => {
    const stored = JSON.parse(JSON.stringify(CHAIN)) as AuditEntry[];
    expect(await verdictOf(stored)).toMatchObject({ ok: true, checked: 10 });
  });

  it('accepts an empty chain, whose last hash is the genesis hash', async () => {
    expect(await verdictOf([])).toEqual({ ok: true, checked: 0, lastHash: GENESIS_HASH });
  });

  it('rejects a chain signed with another key at seq 1', async () => {
    const verdict = await verdictOf(sealChain(5, intruder));
    expect(verdict).toMatchObject({
      ok: false,
      checked: 0,
      firstBroken: { seq: 1, problem: 'signature_invalid' },
    });
  });

  it('cannot see a truncated tail, but reports a last hash to compare with a published head', async () => {
    expect(await verdictOf(CHAIN.slice(0, 7))).toEqual({
      ok: true,
      checked: 7,
      lastHash: CHAIN[6]!.hash,
    });
  });

  it('stops at the first broken entry and closes the cursor', async () => {
    let pulled = 0;
    let closed = false;
    function* cursor(): Generator<AuditEntry> {
      try {
        for (const entry of structuredClone(CHAIN)) {
          pulled++;
          yield entry.seq === 3 ? { ...entry, actor: 'x' } : entry;
        }
      } finally {
        closed = true;
      }
    }
    expect(await verdictOf(cursor())).toMatchObject({ ok: false, checked: 2 });
    expect({ pulled, closed }).toEqual({ pulled: 4, closed: true });
  });

  it('refuses a public key that is not Ed25519 with audit_key_invalid', async () => {
    await expect(verifyChain(CHAIN, keys.privateKeyPem)).rejects.toMatchObject({
      code: 'audit_key_invalid',
    });
  });
});
