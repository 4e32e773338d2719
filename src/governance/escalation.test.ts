import { afterEach, beforeEach, describe, expect, it } from 'vitest';

import { createCommitteeService } from './committee.js';
import { createEscalationService } from './escalation.js';
import { openTestGovernance, type TestGovernance } from './test-deps.js';

describe('escalation of forbidden attempts', () => {
  let t: TestGovernance;
  beforeEach(async () => {
    t = await openTestGovernance();
    await createCommitteeService(t.deps).seedFromCharter();
  });
  afterEach(async () => t.close());

  it('records a silent_collection violation by the system at the lower threshold, without suspending', async () => {
    const outcome = await createEscalationService(t.deps).handle({
      kind: 'violation',
      source: 'node-9',
      count: 3,
      metrics: ['user_location', 'User-Location', 'browsing_history'],
    });
    expect(outcome).toMatchObject({ suspended: false, investigationId: null });
    // The gravest rule attempted sets the penalty: user_location is a permanent_ban.
    expect(outcome.violation).toMatchObject({
      type: 'silent_collection',
      severity: 'permanent_ban',
      reporter: 'system',
      source: 'node-9',
      status: 'reported',
      properties: { attempts: 3, level: 1, distinct_metrics: 2 },
    });
    expect(outcome.violation.evidence[1]).toEqual({ kind: 'reference', value: 'attempts:3/60s' });
    expect(await t.store.sources.get('node-9')).toBeUndefined();
  });

  it("proposes the charter's silent_collection severity for unlisted names", async () => {
    const outcome = await createEscalationService(t.deps).handle({
      kind: 'violation',
      source: 'node-8',
      count: 3,
      metrics: ['gps_fix', 'wifi_ssid', 'gps_fix'],
    });
    expect(outcome.violation.severity).toBe('ban_1year');
  });

  it('suspends the source and opens a system investigation in one step at the higher threshold', async () => {
    const escalation = createEscalationService(t.deps);
    const outcome = await escalation.handle({
      kind: 'suspend',
      source: 'node-9',
      count: 5,
      metrics: ['user_location'],
    });
    expect(outcome.suspended).toBe(true);
    const investigation = await t.store.investigations.get(outcome.investigationId!);
    expect(investigation).toMatchObject({
      initiatedBy: 'system',
      violationId: outcome.violation.id,
      status: 'open',
    });
    expect(await escalation.suspendedSources()).toEqual(['node-9']);
    const actions = (await t.store.audit.range(1, 100)).map((e) => e.action);
    expect(actions.slice(-3)).toEqual([
      'violation.reported',
      'investigation.opened',
      'source.suspended',
    ]);
    expect(t.events.map((e) => e[0])).toContain('investigationOpened');

    await escalation.reinstate('node-9', 'alice', 'committee lifted it');
    expect(await escalation.suspendedSources()).toEqual([]);
    await expect(escalation.reinstate('node-9', 'alice', 'again')).rejects.toMatchObject({
      code: 'source_not_suspended',
    });
  });
});
