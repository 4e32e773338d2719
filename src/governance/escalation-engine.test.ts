import { afterEach, beforeEach, describe, expect, it } from 'vitest';

import { createDecisionEngine, type EscalationEvent } from '../charter/index.js';
import { createCommitteeService } from './committee.js';
import { createEscalationService } from './escalation.js';
import { createInvestigationService } from './investigations.js';
import { openTestGovernance, type TestGovernance } from './test-deps.js';

// The path from the decision point to due process, wired as the service
// wires it: the engine's escalation events go to governance, and the
// suspended sources governance stores go back to the engine.
describe('forbidden attempts escalating from the decision engine into governance', () => {
  let t: TestGovernance;
  beforeEach(async () => {
    t = await openTestGovernance();
    await createCommitteeService(t.deps).seedFromCharter();
  });
  afterEach(async () => t.close());

  it('records a violation at 3 attempts, suspends at 5, and the committee can lift it', async () => {
    const escalation = createEscalationService(t.deps);
    const events: EscalationEvent[] = [];
    const engine = createDecisionEngine({
      clock: t.clock,
      charter: t.deps.charter(),
      onEscalation: (event) => events.push(event),
    });
    const attempts = ['user_location', 'User-Location', 'browsing_history', 'gps_x', 'userid'];
    const reasons = attempts.map((name) => {
      t.clock.advance(1_000);
      return engine.decide({ name, source: 'node-9' }).reason;
    });
    expect(reasons).toEqual([
      'forbidden_metric',
      'forbidden_metric',
      'forbidden_metric',
      'not_allowed',
      'not_allowed',
    ]);
    expect(events.map((e) => [e.kind, e.count])).toEqual([
      ['violation', 3],
      ['suspend', 5],
    ]);

    const [low, high] = [await escalation.handle(events[0]!), await escalation.handle(events[1]!)];
    expect(low).toMatchObject({ suspended: false, violation: { type: 'silent_collection' } });
    expect(high).toMatchObject({ suspended: true, violation: { status: 'investigating' } });
    engine.setSuspended(await escalation.suspendedSources());
    expect(engine.decide({ name: 'latency_p50', source: 'node-9' }).reason).toBe(
      'source_suspended',
    );
    expect(engine.decide({ name: 'latency_p50', source: 'node-8' }).reason).toBe('allowed');

    // The committee dismisses the case that suspended the source: it collects again.
    const investigations = createInvestigationService(t.deps);
    await investigations.vote(high.investigationId!, 'alice', 'dismiss');
    await investigations.vote(high.investigationId!, 'bernard', 'dismiss');
    engine.setSuspended(await escalation.suspendedSources());
    expect(engine.decide({ name: 'latency_p50', source: 'node-9' }).reason).toBe('allowed');
    expect(await t.store.violations.get(high.violation.id)).toMatchObject({
      status: 'dismissed',
      penalty: null,
    });
  });
});
