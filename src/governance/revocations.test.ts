import { afterEach, beforeEach, describe, expect, it } from 'vitest';

import type { RevocationReason } from '../charter/index.js';
import { ConflictError, InputError, NotFoundError } from '../shared/errors.js';
import { createRevocationService, type RevocationService } from './revocations.js';
import { openTestGovernance, type TestGovernance } from './test-deps.js';

describe('collector revocations', () => {
  let t: TestGovernance;
  let revocations: RevocationService;

  beforeEach(async () => {
    t = await openTestGovernance();
    revocations = createRevocationService(t.deps);
  });
  afterEach(async () => t.close());

  const revoke = (collector = 'collector-9') =>
    revocations.revokeCollector({ collector, reason: 'consent_withdrawn', requestedBy: 'admin-1' });

  it('revokeCollector() records the revocation, its audit entry, then the event', async () => {
    const r = await revoke();
    expect(r).toMatchObject({
      collector: 'collector-9',
      reason: 'consent_withdrawn',
      requestedBy: 'admin-1',
      requestedAtMs: t.clock.nowMs(),
      inForceAtMs: null,
      latencyMs: null,
    });
    expect(await t.store.audit.last()).toMatchObject({
      action: 'revocation.requested',
      actor: 'admin-1',
      subjectId: r.id,
      payload: { collector: 'collector-9', reason: 'consent_withdrawn' },
    });
    expect(t.events).toEqual([['revocationRequested', r]]);
    expect(await revocations.revokedCollectors()).toEqual(['collector-9']);
  });

  it('revokeCollector() refuses a reason outside the vocabulary and a blank collector', async () => {
    const bad = 'bored' as RevocationReason;
    const attempt = revocations.revokeCollector({ collector: 'c', reason: bad, requestedBy: 'a' });
    await expect(attempt).rejects.toBeInstanceOf(InputError);
    await expect(attempt).rejects.toMatchObject({ code: 'revocation_reason_invalid' });
    await expect(revoke('')).rejects.toMatchObject({ code: 'revocation_collector_invalid' });
    expect(await t.store.audit.count()).toBe(0);
    expect(t.events).toEqual([]);
  });

  it('revokeCollector() refuses a collector already revoked', async () => {
    await revoke();
    const again = revoke();
    await expect(again).rejects.toBeInstanceOf(ConflictError);
    await expect(again).rejects.toMatchObject({ code: 'collector_already_revoked' });
    expect(await revocations.list()).toHaveLength(1);
  });

  it('confirmInForce() records the in-force time and the latency from the request', async () => {
    const r = await revoke();
    t.clock.advance(1_200);
    const inForce = await revocations.confirmInForce(r.id, t.clock.nowMs() - 200);
    expect(inForce).toMatchObject({ inForceAtMs: r.requestedAtMs + 1_000, latencyMs: 1_000 });
    expect((await revocations.list())[0]).toEqual(inForce);
    expect(await t.store.audit.last()).toMatchObject({
      action: 'revocation.in_force',
      payload: { latencyMs: 1_000, deadlineMs: 5_000, withinDeadline: true },
    });
  });

  it('confirmInForce() reports a revocation that missed the charter deadline', async () => {
    const r = await revoke();
    t.clock.advance(6_000);
    await revocations.confirmInForce(r.id, t.clock.nowMs());
    expect(await t.store.audit.last()).toMatchObject({
      payload: { latencyMs: 6_000, withinDeadline: false },
    });
  });

  it('confirmInForce() refuses unknown ids, a second confirmation and impossible times', async () => {
    await expect(revocations.confirmInForce('rev_none', t.clock.nowMs())).rejects.toBeInstanceOf(
      NotFoundError,
    );
    const r = await revoke();
    await expect(revocations.confirmInForce(r.id, r.requestedAtMs - 1)).rejects.toMatchObject({
      code: 'revocation_time_invalid',
    });
    await expect(revocations.confirmInForce(r.id, t.clock.nowMs() + 1)).rejects.toMatchObject({
      code: 'revocation_time_invalid',
    });
    await revocations.confirmInForce(r.id, t.clock.nowMs());
    await expect(revocations.confirmInForce(r.id, t.clock.nowMs())).rejects.toMatchObject({
      code: 'revocation_already_in_force',
    });
  });

  it('list() returns revocations newest first', async () => {
    const a = await revoke('collector-a');
    t.clock.advance(10);
    const b = await revoke('collector-b');
    expect((await revocations.list()).map((r) => r.id)).toEqual([b.id, a.id]);
    expect((await revocations.revokedCollectors()).sort()).toEqual(['collector-a', 'collector-b']);
  });
});
