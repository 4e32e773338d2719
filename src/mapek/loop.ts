import type { CompiledCharter } from '../charter/index.js';
import type { Clock } from '../shared/clock.js';
import type { Store } from '../store/store.js';
import { analyze } from './analyze.js';
import type { MapekConfig } from './config.js';
import type { Execution, Executor } from './execute.js';
import type { MapekMetrics, MapekStage } from './metrics.js';
import type { Monitor } from './monitor.js';
import { planFor, type Plan } from './plan.js';

/** What one iteration did, for logs and tests. */
export interface IterationReport {
  readonly atMs: number;
  readonly observations: number;
  readonly probes: number;
  readonly threats: number;
  readonly plans: readonly Plan[];
  readonly executions: readonly Execution[];
}

/** Where the loop reports; pino fits. */
export interface LoopLog {
  info(fields: object, message: string): void;
  error(fields: object, message: string): void;
}

export interface MapekLoopOptions {
  readonly clock: Clock;
  readonly config: MapekConfig;
  readonly charter: () => CompiledCharter;
  readonly store: Store;
  readonly monitor: Monitor;
  readonly executor: Executor;
  readonly metrics?: MapekMetrics;
  readonly log?: LoopLog;
}

/** The MAPE-K loop: Monitor → Analyze → Plan → Execute over Knowledge in the store. */
export interface MapekLoop {
  /**
   * A tick at `nowMs`. Runs an iteration unless one is running, in which case
   * the tick is skipped and counted; ticks missed because the caller fell
   * behind (more than one interval since the last) are counted too. Resolves
   * when the iteration (or the skip) is done; never rejects.
   */
  tick(nowMs: number): Promise<IterationReport | undefined>;
  /** Runs one iteration at `nowMs` now; rejects on a stage failure. */
  iterate(nowMs: number): Promise<IterationReport>;
  /** Ticks skipped since creation. */
  skipped(): number;
  /** Starts ticking every `intervalMs` on real timers, at `clock` time. */
  start(): void;
  /** Stops ticking and waits for a running iteration. */
  stop(): Promise<void>;
}

/**
 * Creates the loop. Time is an input: `tick(nowMs)` is all a scheduler does,
 * so a simulation drives the loop with a manual clock. Iterations never
 * overlap. Each stage is timed; Knowledge is read and written through the
 * store, so a restarted loop carries on from what it knew.
 */
export function createMapekLoop(options: MapekLoopOptions): MapekLoop {
  const { clock, config, store, monitor, executor, metrics, log } = options;
  let running: Promise<IterationReport | undefined> | undefined;
  let lastTickMs: number | undefined;
  let skippedCount = 0;
  let timer: NodeJS.Timeout | undefined;

  const skip = (n: number) => {
    skippedCount += n;
    metrics?.skippedTicks.inc(n);
  };

  const timed = async <T>(stage: MapekStage, work: () => Promise<T> | T): Promise<T> => {
    const start = clock.nowMs();
    try {
      return await work();
    } finally {
      metrics?.stageDuration.observe({ stage }, Math.max(0, clock.nowMs() - start));
    }
  };

  const iterate = async (nowMs: number): Promise<IterationReport> => {
    const snapshot = await timed('monitor', async () => {
      const s = await monitor.collect(nowMs);
      await store.knowledge.putObservations(s.observations);
      await store.knowledge.insertProbes(s.probes);
      await store.knowledge.pruneProbes(nowMs - config.lookbackSeconds * 1000);
      return s;
    });
    for (const [decision, n] of Object.entries(snapshot.decisions)) {
      metrics?.observations.inc({ decision }, n);
    }
    if (snapshot.droppedEvents > 0) metrics?.droppedEvents.inc(snapshot.droppedEvents);

    const { assessments } = await timed('analyze', async () => {
      const probes = await store.knowledge.probesSince(nowMs - config.lookbackSeconds * 1000);
      const actions = await store.knowledge.actions({}, { limit: 1_000 });
      const result = analyze({ nowMs, probes, actions }, config);
      for (const j of result.judgements) await store.knowledge.judgeAction(j.actionId, j.effective);
      return { ...result, probes };
    });

    const plans = await timed('plan', () => {
      const charter = options.charter();
      return assessments.flatMap((a) => planFor(a, charter, nowMs) ?? []);
    });
    const executions = await timed('execute', () => {
      for (const plan of plans) executor.enqueue(plan);
      return executor.drain();
    });

    return {
      atMs: nowMs,
      observations: snapshot.observations.length,
      probes: snapshot.probes.length,
      threats: assessments.length,
      plans,
      executions,
    };
  };

  const tick = (nowMs: number): Promise<IterationReport | undefined> => {
    if (lastTickMs !== undefined) {
      const behind = Math.floor((nowMs - lastTickMs) / config.intervalMs) - 1;
      if (behind > 0) skip(behind);
    }
    lastTickMs = nowMs;
    if (running !== undefined) {
      skip(1);
      return Promise.resolve(undefined);
    }
    running = iterate(nowMs)
      .then((report) => {
        metrics?.iterations.inc({ outcome: 'completed' });
        log?.info(
          { probes: report.probes, threats: report.threats, plans: report.plans.length },
          'MAPE-K iteration done',
        );
        return report;
      })
      .catch((error: unknown) => {
        metrics?.iterations.inc({ outcome: 'failed' });
        log?.error({ err: error }, 'MAPE-K iteration failed');
        return undefined;
      })
      .finally(() => (running = undefined));
    return running;
  };

  return {
    tick,
    iterate,
    skipped: () => skippedCount,
    start() {
      timer ??= setInterval(() => void tick(clock.nowMs()), config.intervalMs);
      timer.unref();
    },
    async stop() {
      if (timer !== undefined) clearInterval(timer);
      timer = undefined;
      await running;
    },
  };
}
