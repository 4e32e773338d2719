import type { Clock } from '../shared/clock.js';
import { CharterError } from '../shared/errors.js';
import { newId } from '../shared/ids.js';
import type { MapekActionOutcome, MapekActionRecord } from '../store/records.js';
import type { Store } from '../store/store.js';
import { isRetryable, type Actuator } from './actuator.js';
import type { MapekConfig } from './config.js';
import { checkPlan, type Plan, type Step } from './plan.js';

/** How one plan ended. */
export interface Execution {
  readonly plan: Plan;
  readonly outcome: MapekActionOutcome;
  readonly action: MapekActionRecord;
}

export interface ExecutorOptions {
  readonly actuator: Actuator;
  /** Where the action and its `mapek.action` audit entry are written, in one transaction. */
  readonly store: Store;
  readonly clock: Clock;
  readonly config: Pick<
    MapekConfig,
    'queueCapacity' | 'maxAttempts' | 'backoffBaseMs' | 'backoffMaxMs'
  >;
  /** Waits between retries; injected so tests and simulations control time. */
  readonly delay: (ms: number) => Promise<void>;
  /** After each plan ends (metrics). */
  readonly onOutcome?: (outcome: MapekActionOutcome) => void;
}

/** The Execute stage: a bounded queue of plans, run one at a time. */
export interface Executor {
  /** Queues `plan`; when full, the oldest waiting plan is dropped, recorded and counted. */
  enqueue(plan: Plan): void;
  /** Runs every queued plan in order and returns how each ended. Never throws for a plan. */
  drain(): Promise<Execution[]>;
  /** Plans waiting. */
  size(): number;
  /** Plans dropped since creation. */
  dropped(): number;
}

/** What the steps of one plan produced so far. */
interface Progress {
  violationId: string | null;
  investigationId: string | null;
  suspended: boolean;
}

/**
 * Creates the executor. Each step is tried up to `maxAttempts` times while
 * its failure is retryable, waiting `backoffBaseMs` doubled per retry (at
 * most `backoffMaxMs`). When a step fails for good, what the plan already
 * did is undone where it can be: a suspension the plan applied is lifted,
 * since a suspension without its investigation or without the committee
 * knowing is a penalty without due process. Reports and investigations stay:
 * they are records, and the committee closes them.
 */
export function createExecutor(options: ExecutorOptions): Executor {
  const { actuator, store, clock, config, delay } = options;
  const queue: Plan[] = [];
  let droppedCount = 0;
  const pendingDrops: Plan[] = [];

  const attempt = async <T>(work: () => Promise<T>): Promise<T> => {
    for (let n = 1; ; n++) {
      try {
        return await work();
      } catch (error) {
        if (n >= config.maxAttempts || !isRetryable(error)) throw error;
        await delay(Math.min(config.backoffMaxMs, config.backoffBaseMs * 2 ** (n - 1)));
      }
    }
  };

  const runStep = async (plan: Plan, step: Step, done: Progress): Promise<void> => {
    const key = `${plan.id}:${step.kind}`;
    switch (step.kind) {
      case 'report_violation': {
        const r = await attempt(() =>
          actuator.reportViolation({ basis: step.basis, idempotencyKey: key }),
        );
        done.violationId = r.violationId;
        return;
      }
      case 'suspend_source': {
        const r = await attempt(() =>
          actuator.suspendSource({ basis: step.basis, idempotencyKey: key }),
        );
        done.violationId = r.violationId;
        done.investigationId = r.investigationId;
        done.suspended = r.suspended;
        return;
      }
      case 'open_investigation': {
        if (done.investigationId !== null) return; // the suspension opened it already
        const violationId = done.violationId;
        if (violationId === null) {
          throw new CharterError(
            'mapek_step_order',
            'Cannot open an investigation: no violation was recorded before it',
          );
        }
        done.investigationId = (
          await attempt(() => actuator.openInvestigation(violationId))
        ).investigationId;
        return;
      }
      case 'notify_committee':
        await attempt(() =>
          actuator.notifyCommittee({
            source: plan.source,
            level: plan.level,
            request: step.request,
            responseName: step.responseName,
            violationId: done.violationId,
            investigationId: done.investigationId,
            detectors: step.basis.detectors,
          }),
        );
    }
  };

  const run = async (plan: Plan): Promise<Execution> => {
    const done: Progress = { violationId: null, investigationId: null, suspended: false };
    const completed: string[] = [];
    let outcome: MapekActionOutcome = 'succeeded';
    let failure: { step: string; code: string } | undefined;
    let rollbackFailed = false;
    try {
      checkPlan(plan);
      for (const step of plan.steps) {
        await runStep(plan, step, done);
        completed.push(step.kind);
      }
    } catch (error) {
      failure = { step: plan.steps[completed.length]?.kind ?? 'check', code: codeOf(error) };
      outcome = 'failed';
      if (done.suspended) {
        try {
          await attempt(() =>
            actuator.liftSuspension(plan.source, `rollback of ${plan.id}: ${failure!.step} failed`),
          );
          done.suspended = false;
          outcome = 'rolled_back';
        } catch {
          rollbackFailed = true;
        }
      }
    }
    const action = actionOf(plan, outcome, clock.nowMs(), {
      completed: completed.join(','),
      violationId: done.violationId,
      investigationId: done.investigationId,
      suspended: done.suspended,
      failedStep: failure?.step ?? null,
      error: failure?.code ?? null,
      rollbackFailed,
    });
    await record(store, plan, action);
    options.onOutcome?.(outcome);
    return { plan, outcome, action };
  };

  return {
    enqueue(plan) {
      if (queue.length >= config.queueCapacity) {
        pendingDrops.push(queue.shift()!);
        droppedCount += 1;
      }
      queue.push(plan);
    },
    async drain() {
      const results: Execution[] = [];
      for (const plan of pendingDrops.splice(0)) {
        const action = actionOf(plan, 'dropped', clock.nowMs(), { reason: 'queue_full' });
        await record(store, plan, action);
        options.onOutcome?.('dropped');
        results.push({ plan, outcome: 'dropped', action });
      }
      for (let plan = queue.shift(); plan !== undefined; plan = queue.shift()) {
        results.push(await run(plan));
      }
      return results;
    },
    size: () => queue.length,
    dropped: () => droppedCount,
  };
}

function actionOf(
  plan: Plan,
  outcome: MapekActionOutcome,
  atMs: number,
  detail: MapekActionRecord['detail'],
): MapekActionRecord {
  return {
    id: newId('act'),
    source: plan.source,
    level: plan.level,
    response: plan.response,
    outcome,
    atMs,
    steps: plan.steps.map((s) => s.kind),
    detail: { planId: plan.id, escalated: plan.escalated, ...detail },
    effective: null,
  };
}

/** The action and its audit entry, together or not at all. */
async function record(store: Store, plan: Plan, action: MapekActionRecord): Promise<void> {
  await store.transaction(async (tx) => {
    await tx.knowledge.insertAction(action);
    await tx.audit.append({
      atMs: action.atMs,
      actor: 'mapek',
      action: 'mapek.action',
      subjectType: 'source',
      subjectId: plan.source,
      payload: {
        actionId: action.id,
        level: action.level,
        response: action.response,
        responseName: plan.responseName,
        outcome: action.outcome,
        steps: action.steps,
        ...action.detail,
      },
    });
  });
}

function codeOf(error: unknown): string {
  if (error instanceof CharterError) return error.code;
  if (typeof error === 'object' && error !== null && 'code' in error) return String(error.code);
  return 'unexpected_error';
}
