import { afterEach, beforeEach, describe, expect, it } from 'vitest';

import { testCharterDocument } from '../charter/test-charter.js';
import { ConflictError, InputError, NotFoundError } from '../shared/errors.js';
import { createCommitteeService } from './committee.js';
import type { OverrideRequestInput } from './override-request.js';
import { createOverrideService, type OverrideService } from './overrides.js';
import { openTestGovernance, type TestGovernance } from './test-deps.js';

// The test charter's committee is alice, bernard and dolores; the override
// quorum is 66 %, so two approvals decide.
const responder = { id: 'resp-1', role: 'emergency_responder' };
const request: OverrideRequestInput = {
  requester: responder,
  reason: 'security_incident',
  justification: 'Botnet on node-7: hardware ids needed to block the infected devices.',
  metrics: ['Device-Hardware-Id'],
  labels: ['ip_address'],
  sources: ['node-7'],
  durationSeconds: 3600,
};

describe('override requests and votes', () => {
  let t: TestGovernance;
  let overrides: OverrideService;

  beforeEach(async () => {
    t = await openTestGovernance();
    await createCommitteeService(t.deps).seedFromCharter();
    overrides = createOverrideService(t.deps);
  });
  afterEach(async () => t.close());

  const auditCount = () => t.store.audit.count();
  const outcomes = () => t.events.filter(([name]) => name === 'overrideChanged').map((e) => e[2]);

  it('request() files a requested override with a canonical scope and an audit entry', async () => {
    const o = await overrides.request(request);
    expect(o).toMatchObject({
      status: 'requested',
      metrics: ['device_hardware_id'],
      labels: ['ip_address'],
      sources: ['node-7'],
      requestedBy: 'resp-1',
      requestedAtMs: t.clock.nowMs(),
      renewsId: null,
    });
    const [entry] = await t.store.audit.range(1, 100).then((all) => all.slice(-1));
    expect(entry).toMatchObject({ action: 'override.requested', subjectId: o.id, actor: 'resp-1' });
    // The free-text justification is kept as a hash only.
    expect(JSON.stringify(entry)).not.toContain('Botnet');
    expect(outcomes()).toEqual(['requested']);
  });

  it('request() accepts a metric the charter does not list', async () => {
    const o = await overrides.request({ ...request, metrics: ['gps_trace'], labels: [] });
    expect(o.metrics).toEqual(['gps_trace']);
  });

  it.each<[string, Partial<OverrideRequestInput>, string]>([
    [
      'a role outside requester_roles',
      { requester: { id: 'n1', role: 'node_operator' } },
      'role_not_allowed',
    ],
    ['a reason the charter does not allow', { reason: 'curiosity' }, 'override_reason_not_allowed'],
    ['a duration of 0', { durationSeconds: 0 }, 'override_duration_invalid'],
    ['a fractional duration', { durationSeconds: 1.5 }, 'override_duration_invalid'],
    ['a duration over the maximum', { durationSeconds: 7201 }, 'override_duration_too_long'],
    ['an empty justification', { justification: '  ' }, 'override_justification_invalid'],
    ['an allowed metric (pointless)', { metrics: ['latency_p50'] }, 'override_scope_invalid'],
    ['a malformed metric name', { metrics: ['bad name!'] }, 'override_scope_invalid'],
    ['a label that is not forbidden', { labels: ['region'] }, 'override_scope_invalid'],
    ['no metric and no label', { metrics: [], labels: [] }, 'override_scope_invalid'],
    ['no source', { sources: [] }, 'override_scope_invalid'],
  ])('request() refuses %s without writing anything', async (_, change, code) => {
    const before = await auditCount();
    const attempt = overrides.request({ ...request, ...change });
    await expect(attempt).rejects.toBeInstanceOf(InputError);
    await expect(attempt).rejects.toMatchObject({ code });
    await expect(attempt).rejects.toHaveProperty('hint', expect.stringMatching(/\S/));
    expect(await auditCount()).toBe(before);
    expect(await overrides.list()).toEqual([]);
  });

  it('request() refuses when the charter disables overrides', async () => {
    const doc = testCharterDocument();
    t.setCharter({ ...doc, emergency_override: { ...doc.emergency_override, enabled: false } });
    await expect(overrides.request(request)).rejects.toMatchObject({ code: 'override_disabled' });
  });

  it('request() refuses when no member besides the requester could vote', async () => {
    const committee = createCommitteeService(t.deps);
    await committee.remove('bernard', 'admin');
    await committee.remove('dolores', 'admin');
    const alice = { id: 'alice', role: 'audit_committee_member' };
    const attempt = overrides.request({ ...request, requester: alice });
    await expect(attempt).rejects.toBeInstanceOf(ConflictError);
    await expect(attempt).rejects.toMatchObject({ code: 'override_quorum_unreachable' });
  });

  it('vote() approves once approvals reach quorum', async () => {
    const o = await overrides.request(request);
    const first = await overrides.vote(o.id, 'alice', 'approve');
    expect(first.override.status).toBe('requested');
    expect(first.tally).toMatchObject({ approvals: 1, needed: 2, outcome: undefined });

    t.clock.advance(1000);
    const second = await overrides.vote(o.id, 'bernard', 'approve');
    expect(second.override).toMatchObject({ status: 'approved', decidedAtMs: t.clock.nowMs() });
    expect(await overrides.get(o.id)).toEqual(second.override);
    expect(outcomes()).toEqual(['requested', 'approved']);
  });

  it('vote() rejects once rejections reach quorum', async () => {
    const o = await overrides.request(request);
    await overrides.vote(o.id, 'alice', 'reject');
    const { override } = await overrides.vote(o.id, 'dolores', 'reject');
    expect(override.status).toBe('rejected');
    expect(outcomes()).toEqual(['requested', 'rejected']);
  });

  it('vote() rejects on deadlock, when approval can no longer reach quorum', async () => {
    // alice requests, so only bernard and dolores vote: one reject leaves
    // at most one approval where two are needed.
    const o = await overrides.request({
      ...request,
      requester: { id: 'alice', role: 'audit_committee_member' },
    });
    await overrides.vote(o.id, 'bernard', 'approve');
    const { override, tally } = await overrides.vote(o.id, 'dolores', 'reject');
    expect(tally).toMatchObject({ approvals: 1, rejections: 1, votersLeft: 0 });
    expect(override.status).toBe('rejected');
  });

  it('vote() refuses self-approval by the requester', async () => {
    const alice = { id: 'alice', role: 'audit_committee_member' };
    const o = await overrides.request({ ...request, requester: alice });
    const attempt = overrides.vote(o.id, 'alice', 'approve');
    await expect(attempt).rejects.toBeInstanceOf(ConflictError);
    await expect(attempt).rejects.toMatchObject({ code: 'self_approval' });
    expect(await t.store.votes.list('override', o.id)).toEqual([]);
  });

  it('vote() refuses non-members, second votes, bad choices and unknown ids', async () => {
    const o = await overrides.request(request);
    await expect(overrides.vote(o.id, 'resp-1', 'approve')).rejects.toMatchObject({
      code: 'not_a_member',
    });
    await overrides.vote(o.id, 'alice', 'approve');
    await expect(overrides.vote(o.id, 'alice', 'reject')).rejects.toMatchObject({
      code: 'already_voted',
    });
    const bad = 'maybe' as 'approve';
    await expect(overrides.vote(o.id, 'bernard', bad)).rejects.toMatchObject({
      code: 'vote_choice_invalid',
    });
    await expect(overrides.vote('ovr_missing', 'alice', 'approve')).rejects.toBeInstanceOf(
      NotFoundError,
    );
    expect(await t.store.votes.list('override', o.id)).toHaveLength(1);
  });

  it('vote() refuses votes once the override is decided', async () => {
    const o = await overrides.request(request);
    await overrides.vote(o.id, 'alice', 'approve');
    await overrides.vote(o.id, 'bernard', 'approve');
    await expect(overrides.vote(o.id, 'dolores', 'reject')).rejects.toMatchObject({
      code: 'override_not_requested',
    });
  });

  it("vote() no longer counts a removed committee member's earlier vote", async () => {
    const o = await overrides.request(request);
    await overrides.vote(o.id, 'bernard', 'approve');
    await createCommitteeService(t.deps).remove('bernard', 'admin');

    // Committee {alice, dolores}: quorum 2, and bernard's approval is gone.
    const { override, tally } = await overrides.vote(o.id, 'dolores', 'approve');
    expect(tally).toMatchObject({ approvals: 1, needed: 2 });
    expect(override.status).toBe('requested');
    expect((await overrides.vote(o.id, 'alice', 'approve')).override.status).toBe('approved');
  });
});
