import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';

import { canonicalJson } from './canonical-json.js';
import { GENESIS_HASH } from './entry.js';
import { hashEntry, sealEntry } from './seal.js';
import { generateAuditKeyPair, loadAuditPublicKey, loadAuditSigner } from './signer.js';
import { sampleDraft } from './test-chain.js';
import { verifyEntry } from './verify-entry.js';

const keys = generateAuditKeyPair();
const signer = loadAuditSigner(keys.privateKeyPem);

describe('sealEntry()', () => {
  it('starts the chain at seq 1 linked to the genesis hash', () => {
    const first = sealEntry(undefined, sampleDraft(0), signer);
    expect(first).toMatchObject({ seq: 1, prevHash: GENESIS_HASH, ...sampleDraft(0) });
  });

  it('numbers each entry after the previous one and links it to its hash', () => {
    const first = sealEntry(undefined, sampleDraft(0), signer);
    const second = sealEntry(first, sampleDraft(1), signer);
    expect(second.seq).toBe(2);
    expect(second.prevHash).toBe(first.hash);
  });

  it('hashes the canonical JSON of every field but hash and signature', () => {
    const entry = sealEntry(undefined, sampleDraft(3), signer);
    const { hash, signature: _signature, ...covered } = entry;
    const expected = createHash('sha256').update(canonicalJson(covered)).digest('hex');
    expect(hash).toBe(expected);
    expect(hashEntry({ ...covered, extra: 'a store column' } as typeof covered)).toBe(expected);
  });

  it('signs the hash so the entry verifies with the public key', () => {
    const entry = sealEntry(undefined, sampleDraft(4), signer);
    expect(entry.signature).toBe(signer.sign(entry.hash));
    expect(verifyEntry(entry, loadAuditPublicKey(keys.publicKeyPem))).toBeUndefined();
  });

  it('keeps only the draft fields, not extra properties of the draft object', () => {
    const draft = { ...sampleDraft(5), note: 'not audited' };
    expect(Object.keys(sealEntry(undefined, draft, signer)).sort()).toEqual([
      'action',
      'actor',
      'atMs',
      'hash',
      'payload',
      'prevHash',
      'seq',
      'signature',
      'subjectId',
      'subjectType',
    ]);
  });

  it('refuses a payload canonical JSON cannot carry, before signing', () => {
    const sign = (hashHex: string): string => {
      throw new Error(`signed ${hashHex}`);
    };
    const draft = { ...sampleDraft(6), payload: { at: new Date(0) } };
    expect(() => sealEntry(undefined, draft, { keyId: 'k', sign })).toThrow(
      expect.objectContaining({ code: 'audit_unserializable' }),
    );
  });
});
