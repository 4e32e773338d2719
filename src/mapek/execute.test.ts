import { afterEach, beforeEach, describe, expect, it } from 'vitest';

import { compileCharter } from '../charter/index.js';
import { testCharterDocument } from '../charter/test-charter.js';
import { openTestGovernance, type TestGovernance } from '../governance/test-deps.js';
import { ActuatorError, type Actuator } from './actuator.js';
import { MAPEK_DEFAULTS } from './config.js';
import { createExecutor } from './execute.js';
import { planFor, type Plan } from './plan.js';

const charter = compileCharter(testCharterDocument());

function planAt(level: 1 | 2 | 3, source = 'node-7'): Plan {
  const finding = { detector: 'reconnaissance' as const, source, observed: 6, threshold: 5 };
  return planFor(
    { source, level, findings: [finding], lastAction: undefined, escalated: false },
    charter,
    0,
  )!;
}

/** An actuator that records calls and fails as told, per operation. */
function fakeActuator(failures: Partial<Record<keyof Actuator, Error[]>> = {}) {
  const calls: string[] = [];
  const act =
    <T>(name: keyof Actuator, value: T) =>
    () => {
      calls.push(name);
      const error = failures[name]?.shift();
      return error ? Promise.reject(error) : Promise.resolve(value);
    };
  const actuator: Actuator = {
    reportViolation: act('reportViolation', { violationId: 'vio_1' }),
    suspendSource: act('suspendSource', {
      violationId: 'vio_1',
      investigationId: null,
      suspended: true,
    }),
    openInvestigation: act('openInvestigation', { investigationId: 'inv_1' }),
    liftSuspension: act('liftSuspension', undefined),
    notifyCommittee: act('notifyCommittee', undefined),
  };
  return { actuator, calls };
}

const busy = () => new ActuatorError('service_unavailable', 'HTTP 503', true);
const refused = () => new ActuatorError('violation_not_open', 'HTTP 409', false);

describe('executor', () => {
  let gov: TestGovernance;
  const delays: number[] = [];
  beforeEach(async () => {
    gov = await openTestGovernance();
    delays.length = 0;
  });
  afterEach(() => gov.close());

  const executorWith = (actuator: Actuator, queueCapacity = 8) =>
    createExecutor({
      actuator,
      store: gov.store,
      clock: gov.clock,
      config: { ...MAPEK_DEFAULTS, queueCapacity },
      delay: (ms) => {
        delays.push(ms);
        return Promise.resolve();
      },
    });

  it('retries a retryable failure with doubling backoff, then succeeds and audits it', async () => {
    const { actuator, calls } = fakeActuator({ reportViolation: [busy(), busy()] });
    const executor = executorWith(actuator);
    executor.enqueue(planAt(1));
    const [result] = await executor.drain();

    expect(result!.outcome).toBe('succeeded');
    expect(calls).toEqual(['reportViolation', 'reportViolation', 'reportViolation']);
    expect(delays).toEqual([200, 400]);
    const [entry] = await gov.store.audit.range(1, 10);
    expect(entry).toMatchObject({
      actor: 'mapek',
      action: 'mapek.action',
      subjectId: 'node-7',
      payload: { outcome: 'succeeded', level: 1, violationId: 'vio_1' },
    });
  });

  it('gives up after maxAttempts and fails at once on a failure that is not retryable', async () => {
    const retried = fakeActuator({ reportViolation: [busy(), busy(), busy()] });
    const first = executorWith(retried.actuator);
    first.enqueue(planAt(1));
    expect((await first.drain())[0]!.outcome).toBe('failed');
    expect(retried.calls).toHaveLength(3);

    const once = fakeActuator({ reportViolation: [refused()] });
    const second = executorWith(once.actuator);
    second.enqueue(planAt(1));
    const [result] = await second.drain();
    expect(once.calls).toEqual(['reportViolation']);
    expect(result!.action.detail).toMatchObject({
      failedStep: 'report_violation',
      error: 'violation_not_open',
    });
  });

  it('lifts the suspension it applied when the investigation cannot be opened', async () => {
    const { actuator, calls } = fakeActuator({ openInvestigation: [refused()] });
    const executor = executorWith(actuator);
    executor.enqueue(planAt(2));
    const [result] = await executor.drain();

    expect(calls).toEqual(['suspendSource', 'openInvestigation', 'liftSuspension']);
    expect(result!.outcome).toBe('rolled_back');
    expect(result!.action.detail).toMatchObject({
      suspended: false,
      failedStep: 'open_investigation',
    });
    const actions = await gov.store.knowledge.actions({ source: 'node-7' }, { limit: 5 });
    expect(actions.map((a) => a.outcome)).toEqual(['rolled_back']);
  });

  it('reports a failed rollback as failed, the source still suspended', async () => {
    const { actuator } = fakeActuator({
      notifyCommittee: [refused()],
      liftSuspension: [refused()],
    });
    const executor = executorWith(actuator);
    executor.enqueue(planAt(2));
    const [result] = await executor.drain();
    expect(result!.outcome).toBe('failed');
    expect(result!.action.detail).toMatchObject({ suspended: true, rollbackFailed: true });
  });

  it('drops and counts the oldest plan when the queue is full, and records the drop', async () => {
    const { actuator } = fakeActuator();
    const executor = executorWith(actuator, 2);
    const plans = ['node-1', 'node-2', 'node-3'].map((s) => planAt(1, s));
    for (const plan of plans) executor.enqueue(plan);
    expect([executor.size(), executor.dropped()]).toEqual([2, 1]);

    const results = await executor.drain();
    expect(results.map((r) => [r.plan.source, r.outcome])).toEqual([
      ['node-1', 'dropped'],
      ['node-2', 'succeeded'],
      ['node-3', 'succeeded'],
    ]);
    const audited = (await gov.store.audit.range(1, 10)).map((e) => e.payload.outcome);
    expect(audited).toEqual(['dropped', 'succeeded', 'succeeded']);
  });

  it('refuses at run time a plan that was not built by the planner, touching nothing', async () => {
    const { actuator, calls } = fakeActuator();
    const executor = executorWith(actuator);
    const forged = {
      ...planAt(1),
      steps: [{ kind: 'approve_override', basis: planAt(1).steps[0]!.basis }],
    } as unknown as Plan;
    executor.enqueue(forged);
    const [result] = await executor.drain();
    expect(calls).toEqual([]);
    expect(result!.action.detail).toMatchObject({ error: 'mapek_plan_refused' });
  });
});
