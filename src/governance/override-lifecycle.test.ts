import { afterEach, beforeEach, describe, expect, it } from 'vitest';

import { verifyChain } from '../audit/verify.js';
import { testCharterDocument } from '../charter/test-charter.js';
import { createCommitteeService } from './committee.js';
import type { OverrideRequestInput } from './override-request.js';
import { createOverrideService, type OverrideService } from './overrides.js';
import { openTestGovernance, type TestGovernance } from './test-deps.js';

const HOUR_MS = 3_600_000;
const responder = { id: 'resp-1', role: 'emergency_responder' };
const request: OverrideRequestInput = {
  requester: responder,
  reason: 'life_safety',
  justification: 'Locating a stranded rescue team needs their device locations.',
  metrics: ['user_location'],
  labels: [],
  sources: ['node-2', 'node-3'],
  durationSeconds: 3600,
};

describe('override activation, end, expiry and renewal', () => {
  let t: TestGovernance;
  let overrides: OverrideService;

  beforeEach(async () => {
    t = await openTestGovernance();
    await createCommitteeService(t.deps).seedFromCharter();
    overrides = createOverrideService(t.deps);
  });
  afterEach(async () => t.close());

  const outcomes = () => t.events.filter(([name]) => name === 'overrideChanged').map((e) => e[2]);
  async function approve(id: string) {
    await overrides.vote(id, 'alice', 'approve');
    await overrides.vote(id, 'bernard', 'approve');
  }
  async function running(input = request) {
    const o = await overrides.request(input);
    await approve(o.id);
    return overrides.activate(o.id, 'resp-1');
  }

  it('activate() turns an approved override active for its duration from now', async () => {
    const o = await overrides.request(request);
    await approve(o.id);
    t.clock.advance(5000);
    const active = await overrides.activate(o.id, 'resp-1');
    expect(active).toMatchObject({
      status: 'active',
      activatedAtMs: t.clock.nowMs(),
      expiresAtMs: t.clock.nowMs() + HOUR_MS,
    });
    expect(await overrides.activeGrants()).toEqual([
      {
        id: o.id,
        metrics: ['user_location'],
        labels: [],
        sources: ['node-2', 'node-3'],
        expiresAtMs: active.expiresAtMs,
      },
    ]);
    expect(outcomes()).toEqual(['requested', 'approved', 'activated']);
  });

  it('activate() refuses an override that is not approved', async () => {
    const o = await overrides.request(request);
    await expect(overrides.activate(o.id, 'resp-1')).rejects.toMatchObject({
      code: 'override_not_approved',
    });
  });

  it('end() ends an active override, which then grants nothing', async () => {
    const o = await running();
    t.clock.advance(60_000);
    expect(await overrides.end(o.id, 'resp-1')).toMatchObject({
      status: 'ended',
      endedAtMs: t.clock.nowMs(),
    });
    expect(await overrides.activeGrants()).toEqual([]);
    await expect(overrides.end(o.id, 'resp-1')).rejects.toMatchObject({
      code: 'override_not_active',
    });
  });

  it('activeGrants() drops an override expired one ms ago, before any sweep', async () => {
    const o = await running();
    t.clock.advance(HOUR_MS - 1);
    expect(await overrides.activeGrants()).toHaveLength(1);
    t.clock.advance(1); // at expiresAtMs: the end is excluded
    expect(await overrides.activeGrants()).toEqual([]);
    t.clock.advance(1);
    expect(await overrides.activeGrants()).toEqual([]);
    expect((await overrides.get(o.id)).status).toBe('active');
    // Ending it now would claim a stop that the clock already made.
    await expect(overrides.end(o.id, 'resp-1')).rejects.toThrow(/expired at/);
  });

  it('sweepExpired() marks expired overrides, once, with an audit entry each', async () => {
    const o = await running();
    const keep = await running({ ...request, durationSeconds: 7200 });
    t.clock.advance(HOUR_MS);
    const swept = await overrides.sweepExpired();
    expect(swept).toMatchObject([{ id: o.id, status: 'expired', endedAtMs: o.expiresAtMs }]);
    expect(await overrides.sweepExpired()).toEqual([]);
    expect((await overrides.get(keep.id)).status).toBe('active');

    const entries = await t.store.audit.range(1, 1000);
    expect(entries.filter((e) => e.action === 'override.expired')).toHaveLength(1);
    expect(outcomes().filter((x) => x === 'expired')).toHaveLength(1);
  });

  it('requestRenewal() needs a fresh quorum, then renews the running override', async () => {
    const first = await running();
    t.clock.advance(50 * 60_000);
    const renewal = await overrides.requestRenewal(first.id, responder, 1800);
    expect(renewal).toMatchObject({
      status: 'requested',
      renewsId: first.id,
      metrics: first.metrics,
      sources: first.sources,
      reason: first.reason,
      durationSeconds: 1800,
    });
    // The first override's approval does not carry over.
    await expect(overrides.activate(renewal.id, 'resp-1')).rejects.toMatchObject({
      code: 'override_not_approved',
    });
    await expect(overrides.requestRenewal(first.id, responder, 1800)).rejects.toMatchObject({
      code: 'override_renewal_pending',
    });

    await approve(renewal.id);
    const active = await overrides.activate(renewal.id, 'resp-1');
    expect(active.expiresAtMs).toBe(t.clock.nowMs() + 1_800_000);
    expect(await overrides.get(first.id)).toMatchObject({
      status: 'renewed',
      endedAtMs: t.clock.nowMs(),
    });
    expect((await overrides.activeGrants()).map((g) => g.id)).toEqual([renewal.id]);
    expect(outcomes().slice(-2)).toEqual(['activated', 'renewed']);
  });

  it('requestRenewal() is approved at once when the charter says renewals need no approval', async () => {
    const doc = testCharterDocument();
    t.setCharter({
      ...doc,
      emergency_override: { ...doc.emergency_override, renewal_requires_approval: false },
    });
    const first = await running();
    const renewal = await overrides.requestRenewal(first.id, responder, 600);
    expect(renewal).toMatchObject({ status: 'approved', decidedAtMs: t.clock.nowMs() });
    const last = (await t.store.audit.last())!;
    expect(last).toMatchObject({ action: 'override.approved', actor: 'system' });
  });

  it('requestRenewal() refuses an override that is not running', async () => {
    const o = await overrides.request(request);
    await expect(overrides.requestRenewal(o.id, responder, 600)).rejects.toMatchObject({
      code: 'override_not_active',
    });
  });

  it('a renewal activated after the first one ran out leaves that one expired', async () => {
    const first = await running();
    const renewal = await overrides.requestRenewal(first.id, responder, 600);
    await approve(renewal.id);
    t.clock.advance(HOUR_MS);
    await overrides.activate(renewal.id, 'resp-1');
    expect((await overrides.get(first.id)).status).toBe('expired');
  });

  it('publicView() lists every override newest first, expiry applied', async () => {
    const old = await running();
    t.clock.advance(1000);
    const rejected = await overrides.request({ ...request, metrics: ['browsing_history'] });
    await overrides.vote(rejected.id, 'alice', 'reject');
    await overrides.vote(rejected.id, 'dolores', 'reject');
    t.clock.advance(HOUR_MS);

    const view = await overrides.publicView();
    expect(view.map((o) => [o.id, o.status])).toEqual([
      [rejected.id, 'rejected'],
      [old.id, 'expired'],
    ]);
    expect(view[1]).toMatchObject({
      reason: 'life_safety',
      justification: request.justification,
      requestedBy: 'resp-1',
      scope: { metrics: ['user_location'], labels: [], sources: ['node-2', 'node-3'] },
      times: { activatedAtMs: old.activatedAtMs, endedAtMs: old.expiresAtMs },
    });
  });

  it('leaves an audit chain that verifies', async () => {
    const o = await running();
    await overrides.end(o.id, 'resp-1');
    const entries = await t.store.audit.range(1, 1000);
    expect(entries.map((e) => e.action)).toEqual(
      expect.arrayContaining(['override.requested', 'override.voted', 'override.active']),
    );
    expect((await verifyChain(entries, t.publicKeyPem)).ok).toBe(true);
  });
});
