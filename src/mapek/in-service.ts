import type { Registry } from 'prom-client';

import type { CompiledCharter, Decision, MetricInput } from '../charter/index.js';
import type { Governance } from '../governance/index.js';
import type { Clock } from '../shared/clock.js';
import type { Store } from '../store/store.js';
import { resolveMapekConfig, type MapekConfig } from './config.js';
import { createExecutor } from './execute.js';
import { createGovernanceActuator } from './governance-actuator.js';
import { createMapekLoop, type LoopLog, type MapekLoop } from './loop.js';
import { registerMapekMetrics } from './metrics.js';
import { createMonitor } from './monitor.js';
import { createPrometheusClient } from './prometheus.js';

/** What `charter serve` passes to run the loop in process. */
export interface MapekInServiceOptions {
  readonly clock: Clock;
  /** The charter in force (the decision engine's `current`). */
  readonly charter: () => CompiledCharter;
  readonly governance: Pick<
    Governance,
    'violations' | 'investigations' | 'escalation' | 'committee'
  >;
  readonly store: Store;
  /** The service's registry: the `westworld_mapek_*` metrics are added to it. */
  readonly registry: Registry;
  readonly log?: LoopLog;
  /** Loop settings; defaults in MAPEK_DEFAULTS. Checked here, once. */
  readonly config?: Partial<MapekConfig>;
  /** Prometheus to read, and the instant queries whose samples are collected. */
  readonly prometheus?: { readonly url: string; readonly queries: readonly string[] };
}

/** The loop running inside the service. */
export interface MapekInService {
  /** Pass to the decision engine's `onDecision`: denials become Monitor events. */
  observeDecision(decision: Decision, input: MetricInput): void;
  readonly loop: MapekLoop;
  /** Stops ticking and waits for the running iteration. */
  stop(): Promise<void>;
}

/**
 * Builds and starts the MAPE-K loop inside `charter serve`: Monitor over the
 * engine's decisions (and Prometheus when given), Knowledge in the service's
 * store, Execute through the governance services. Throws CharterError
 * `mapek_config_invalid` before starting anything if `config` is invalid.
 */
export function startMapekInService(options: MapekInServiceOptions): MapekInService {
  const config = resolveMapekConfig(options.config);
  const { clock, store } = options;
  const metrics = registerMapekMetrics(options.registry);
  const monitor = createMonitor({
    clock,
    charter: options.charter,
    ...(options.prometheus
      ? {
          prometheus: createPrometheusClient({ baseUrl: options.prometheus.url }),
          queries: options.prometheus.queries,
        }
      : {}),
  });
  const executor = createExecutor({
    actuator: createGovernanceActuator({ governance: options.governance }),
    store,
    clock,
    config,
    delay: (ms) => new Promise((resolve) => setTimeout(resolve, ms)),
    onOutcome: (outcome) => metrics.actions.inc({ outcome }),
  });
  const loop = createMapekLoop({
    clock,
    config,
    charter: options.charter,
    store,
    monitor,
    executor,
    metrics,
    ...(options.log ? { log: options.log } : {}),
  });
  loop.start();
  return {
    observeDecision: (decision, input) => monitor.observeDecision(decision, input),
    loop,
    stop: () => loop.stop(),
  };
}
