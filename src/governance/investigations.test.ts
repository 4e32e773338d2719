import { afterEach, beforeEach, describe, expect, it } from 'vitest';

import { verifyChain } from '../audit/verify.js';
import { createCommitteeService } from './committee.js';
import { createInvestigationService } from './investigations.js';
import { openTestGovernance, type TestGovernance } from './test-deps.js';
import { createViolationService } from './violations.js';

describe('investigations and committee votes', () => {
  let t: TestGovernance;
  let violationId: string;
  const service = () => createInvestigationService(t.deps);

  beforeEach(async () => {
    t = await openTestGovernance();
    await createCommitteeService(t.deps).seedFromCharter();
    const { violation } = await createViolationService(t.deps).report({
      type: 'behavioral_prediction',
      source: 'node-3',
      reporter: 'alice',
      evidence: [{ kind: 'reference', value: 'ticket:INC-7' }],
    });
    violationId = violation.id;
  });
  afterEach(async () => t.close());

  it('opens an investigation that moves the violation to investigating', async () => {
    const inv = await service().open({
      violationId,
      initiatedBy: 'committee',
      openedBy: 'bernard',
    });
    expect(inv).toMatchObject({
      status: 'open',
      initiatedBy: 'committee',
      deadlineAtMs: t.clock.nowMs() + 14 * 86_400_000,
    });
    expect((await t.store.violations.get(violationId))?.status).toBe('investigating');
    await expect(
      service().open({ violationId, initiatedBy: 'committee', openedBy: 'bernard' }),
    ).rejects.toMatchObject({
      code: 'violation_not_open',
    });
  });

  it('refuses votes from non-members, from the reporter, and a second vote', async () => {
    const inv = await service().open({
      violationId,
      initiatedBy: 'committee',
      openedBy: 'bernard',
    });
    await expect(service().vote(inv.id, 'mallory', 'dismiss')).rejects.toMatchObject({
      code: 'not_a_member',
    });
    await expect(service().vote(inv.id, 'alice', 'dismiss')).rejects.toMatchObject({
      code: 'reporter_cannot_vote',
    });
    await service().vote(inv.id, 'bernard', 'confirm', 'ban_1year');
    await expect(service().vote(inv.id, 'bernard', 'dismiss')).rejects.toMatchObject({
      code: 'already_voted',
    });
    await expect(service().vote(inv.id, 'dolores', 'confirm')).rejects.toMatchObject({
      code: 'penalty_required',
    });
  });

  it('applies no penalty until quorum confirms, then the penalty the confirming members chose', async () => {
    const inv = await service().open({
      violationId,
      initiatedBy: 'committee',
      openedBy: 'bernard',
    });
    const afterOne = await service().vote(inv.id, 'bernard', 'confirm', 'permanent_ban');
    expect(afterOne.status).toBe('open');
    expect((await t.store.violations.get(violationId))?.penalty).toBeNull();

    const closed = await service().vote(inv.id, 'dolores', 'confirm', 'suspension');
    expect(closed).toMatchObject({ status: 'closed', outcome: 'confirmed', penalty: 'suspension' });
    expect(await t.store.violations.get(violationId)).toMatchObject({
      status: 'confirmed',
      penalty: 'suspension',
    });
    expect(closed.timeline.map((e) => e.kind)).toEqual(['opened', 'vote', 'vote', 'closed']);
    await expect(service().vote(inv.id, 'alice', 'dismiss')).rejects.toMatchObject({
      code: 'investigation_closed',
    });

    const verdict = await verifyChain(await t.store.audit.range(1, 1000), t.publicKeyPem);
    expect(verdict.ok).toBe(true);
  });

  it('dismissal lifts the suspension its violation caused', async () => {
    await t.store.sources.put({
      source: 'node-3',
      standing: 'suspended',
      reason: 'escalation',
      violationId,
      sinceMs: 0,
    });
    const inv = await service().open({ violationId, initiatedBy: 'system', openedBy: 'system' });
    await service().vote(inv.id, 'bernard', 'dismiss');
    const closed = await service().vote(inv.id, 'dolores', 'dismiss');
    expect(closed.outcome).toBe('dismissed');
    expect(await t.store.sources.get('node-3')).toBeUndefined();
    expect(t.events.filter((e) => e[0] === 'sourceStandingChanged')).toEqual([
      ['sourceStandingChanged', 'node-3', false],
    ]);
  });

  it('keeps notes in the timeline but only their length in the audit trail', async () => {
    const inv = await service().open({
      violationId,
      initiatedBy: 'committee',
      openedBy: 'bernard',
    });
    await service().addNote(inv.id, 'bernard', 'Operator says the exporter was misconfigured.');
    const view = await service().get(inv.id);
    expect(view.timeline.at(-1)).toMatchObject({
      kind: 'note',
      body: { text: 'Operator says the exporter was misconfigured.' },
    });
    expect(JSON.stringify(await t.store.audit.range(1, 100))).not.toContain('misconfigured');
  });
});
