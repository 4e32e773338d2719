import { describe, expect, it } from 'vitest';

import { GENESIS_HASH } from './entry.js';
import { headMessage, signHead, type AuditHead } from './head.js';
import { generateAuditKeyPair, loadAuditSigner } from './signer.js';
import { asAsync, sealChain } from './test-chain.js';
import { verifyTrail } from './verify-trail.js';

const keys = generateAuditKeyPair();
const signer = loadAuditSigner(keys.privateKeyPem);
const intruder = loadAuditSigner(generateAuditKeyPair().privateKeyPem);
const CHAIN = sealChain(10, signer);
const headAt = (seq: number): AuditHead => signHead(seq, CHAIN[seq - 1]!.hash, signer);

describe('verifyTrail()', () => {
  it('accepts a chain that reaches its signed head', async () => {
    const verdict = await verifyTrail(asAsync(CHAIN), keys.publicKeyPem, headAt(10));
    expect(verdict).toEqual({ ok: true, checked: 10, lastHash: CHAIN[9]!.hash });
  });

  it('accepts an empty trail under the signed genesis head', async () => {
    const head = signHead(0, GENESIS_HASH, signer);
    expect(await verifyTrail([], keys.publicKeyPem, head)).toEqual({
      ok: true,
      checked: 0,
      lastHash: GENESIS_HASH,
    });
  });

  it('accepts entries committed after the head was read', async () => {
    expect(await verifyTrail(CHAIN, keys.publicKeyPem, headAt(7))).toMatchObject({
      ok: true,
      checked: 10,
    });
  });

  it('finds the newest entry removed, which the chain alone cannot show', async () => {
    const verdict = await verifyTrail(CHAIN.slice(0, 9), keys.publicKeyPem, headAt(10));
    expect(verdict).toEqual({
      ok: false,
      checked: 9,
      firstBroken: {
        seq: 10,
        problem: 'seq_gap',
        detail: `entry 10 is missing from the end of the trail: the signed head names entry 10 (hash ${CHAIN[9]!.hash.slice(0, 12)}…)`,
      },
    });
  });

  it('names the first of several entries removed from the end', async () => {
    const verdict = await verifyTrail(CHAIN.slice(0, 6), keys.publicKeyPem, headAt(10));
    expect(verdict).toMatchObject({ ok: false, checked: 6, firstBroken: { seq: 7 } });
    expect(!verdict.ok && verdict.firstBroken.detail).toMatch(/^entries 7–10 are missing/);
  });

  it('finds a wiped trail whose head still names the last entry', async () => {
    expect(await verifyTrail([], keys.publicKeyPem, headAt(10))).toMatchObject({
      ok: false,
      checked: 0,
      firstBroken: { seq: 1, problem: 'seq_gap' },
    });
  });

  it.each<[string, AuditHead]>([
    ['no signature', { ...headAt(9), signature: null }],
    ['a signature by another key', signHead(9, CHAIN[8]!.hash, intruder)],
    ['the signature of another head', { ...headAt(9), signature: headAt(10).signature }],
    ["the entry's own signature", { ...headAt(9), signature: CHAIN[8]!.signature }],
    ['a signature that is not hex', { ...headAt(9), signature: 'z'.repeat(128) }],
  ])('refuses a head moved back with %s', async (_what, head) => {
    const verdict = await verifyTrail(CHAIN.slice(0, 9), keys.publicKeyPem, head);
    expect(verdict).toMatchObject({
      ok: false,
      checked: 9,
      firstBroken: { seq: 9, problem: 'head_signature_invalid' },
    });
  });

  it('refuses a head whose hash is not the hash of the entry at its seq', async () => {
    const head = signHead(5, CHAIN[6]!.hash, signer);
    expect(await verifyTrail(CHAIN, keys.publicKeyPem, head)).toMatchObject({
      ok: false,
      firstBroken: { seq: 5, problem: 'head_mismatch' },
    });
  });

  it('reports a broken entry before anything about the head', async () => {
    const tampered = CHAIN.map((e) => ({ ...e }));
    tampered[3]!.actor = 'someone-else';
    const verdict = await verifyTrail(tampered.slice(0, 8), keys.publicKeyPem, headAt(10));
    expect(verdict).toMatchObject({ ok: false, firstBroken: { seq: 4, problem: 'hash_mismatch' } });
  });

  it('signs a head message that no entry signature can stand for', () => {
    expect(headMessage(3, 'ab')).toBe('audit-head 3 ab');
    expect(headAt(3).signature).not.toBe(CHAIN[2]!.signature);
  });
});
