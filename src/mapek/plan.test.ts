import { describe, expect, it } from 'vitest';

import { compileCharter } from '../charter/index.js';
import { testCharterDocument } from '../charter/test-charter.js';
import type { MapekActionRecord } from '../store/records.js';
import type { Assessment, ThreatLevel } from './analyze.js';
import { checkPlan, planFor, type Plan, type Step } from './plan.js';

const charter = compileCharter(testCharterDocument());
const T0 = Date.parse('2026-03-01T12:00:00Z');

function assessment(level: ThreatLevel, lastAction?: Partial<MapekActionRecord>): Assessment {
  return {
    source: 'node-7',
    level,
    findings: [{ detector: 'reconnaissance', source: 'node-7', observed: 6, threshold: 5 }],
    lastAction:
      lastAction === undefined
        ? undefined
        : ({
            id: 'act_1',
            source: 'node-7',
            level: 2,
            outcome: 'succeeded',
            ...lastAction,
          } as MapekActionRecord),
    escalated: lastAction !== undefined,
  };
}

describe('planFor()', () => {
  it.each([
    [1, 'automatic', ['report_violation']],
    [2, 'automatic', ['suspend_source', 'open_investigation', 'notify_committee']],
    [3, 'committee_request', ['report_violation', 'open_investigation', 'notify_committee']],
    [4, 'committee_request', ['report_violation', 'open_investigation', 'notify_committee']],
  ] as const)('answers level %i with a %s of %j', (level, response, steps) => {
    const plan = planFor(assessment(level), charter, T0)!;
    expect(plan.response).toBe(response);
    expect(plan.steps.map((s) => s.kind)).toEqual(steps);
  });

  it('turns a level that needs a committee vote into a request, never an approval', () => {
    const plan = planFor(assessment(3), charter, T0)!;
    const notice = plan.steps.at(-1) as Extract<Step, { kind: 'notify_committee' }>;
    expect(notice).toMatchObject({ request: 'committee_vote', responseName: 'node quarantine' });
    expect(planFor(assessment(4), charter, T0)!.steps.at(-1)).toMatchObject({
      request: 'board_approval',
    });
    expect(plan.steps.some((s) => s.kind === 'suspend_source')).toBe(false);
  });

  it('plans nothing when the last successful action already answered the level', () => {
    expect(planFor(assessment(2, { level: 2 }), charter, T0)).toBeUndefined();
    expect(planFor(assessment(3, { level: 2 }), charter, T0)?.level).toBe(3);
  });

  it('uses the nearest level the charter defines at or below the threat', () => {
    const doc = testCharterDocument();
    const twoLevels = compileCharter({
      ...doc,
      violations: {
        ...doc.violations,
        response_levels: doc.violations.response_levels.slice(0, 2),
      },
    });
    expect(planFor(assessment(4), twoLevels, T0)).toMatchObject({
      level: 2,
      response: 'automatic',
    });
  });

  it('returns a frozen plan', () => {
    const plan = planFor(assessment(2), charter, T0)!;
    expect(Object.isFrozen(plan) && Object.isFrozen(plan.steps[0]!.basis)).toBe(true);
  });
});

describe('checkPlan(): no plan bypasses validation', () => {
  const valid = planFor(assessment(2), charter, T0)!;
  const basis = valid.steps[0]!.basis;
  const forged = (patch: object): Plan => ({ ...valid, ...patch });

  it('has no step type that allows a metric or approves an override', () => {
    // @ts-expect-error: there is no such step kind
    const allow: Step = { kind: 'allow_metric', basis, name: 'user_location' };
    // @ts-expect-error: there is no such step kind
    const approve: Step = { kind: 'approve_override', basis, overrideId: 'ovr_1' };
    expect([allow.kind, approve.kind]).toEqual(['allow_metric', 'approve_override']);
  });

  it.each([
    [
      'allows a forbidden metric',
      { steps: [{ kind: 'allow_metric', basis, name: 'user_location' }] },
    ],
    ['approves an override', { steps: [{ kind: 'approve_override', basis, overrideId: 'ovr_1' }] }],
    ['votes on an investigation', { steps: [{ kind: 'vote', basis, choice: 'confirm' }] }],
    ['applies a penalty', { steps: [{ kind: 'apply_penalty', basis, penalty: 'permanent_ban' }] }],
    ['quarantines a node', { steps: [{ kind: 'quarantine', basis }] }],
    ['smuggles a field into a step', { steps: [{ kind: 'report_violation', basis, allow: true }] }],
    ['suspends under a committee request', { response: 'committee_request' }],
    ['names another source in a step', { source: 'node-8' }],
    ['has a level the charter cannot have', { level: 5 }],
    ['inherits a step kind from the prototype', { steps: [{ kind: 'toString', basis }] }],
    ['has no steps', { steps: [] }],
  ])('refuses a plan that %s', (_what, patch) => {
    expect(() => checkPlan(forged(patch))).toThrow(
      expect.objectContaining({ code: 'mapek_plan_refused' }),
    );
  });
});
