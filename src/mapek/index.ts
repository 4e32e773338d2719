/*
 * The MAPE-K loop (SPEC §10): Monitor through the charter, Analyze with four
 * detectors, Plan from the charter's response levels, Execute through the
 * service's own operations, Knowledge in the store. It never approves,
 * votes, penalises or allows a metric: those stay with the committee.
 */

/** The port Execute acts through, and its retryable error. */
export {
  ActuatorError,
  isRetryable,
  type Actuator,
  type CommitteeNotice,
  type Suspension,
  type ViolationRequest,
} from './actuator.js';
/** Analyze: threat levels per node from the detectors and past outcomes. */
export { analyze, type Assessment, type Judgement, type ThreatLevel } from './analyze.js';
/** Loop settings, defaults, and their one-time validation (`mapek_config_invalid`). */
export { MAPEK_DEFAULTS, resolveMapekConfig, type MapekConfig } from './config.js';
/** The four detectors, table-testable on their own. */
export {
  detectBursts,
  detectClusters,
  detectFrequency,
  detectReconnaissance,
  runDetectors,
  type DetectorName,
  type Finding,
} from './detectors.js';
/** Execute: bounded queue, retries with backoff, rollback, audited outcomes. */
export { createExecutor, type Execution, type Executor, type ExecutorOptions } from './execute.js';
/** The in-process actuator over the governance services. */
export { createGovernanceActuator, MAPEK_ACTOR } from './governance-actuator.js';
/** The standalone actuator over the service's HTTP API. */
export { createHttpActuator, type HttpActuatorOptions } from './http-actuator.js';
/** Wiring for `charter serve`. */
export {
  startMapekInService,
  type MapekInService,
  type MapekInServiceOptions,
} from './in-service.js';
/** The scheduler: time as input, no overlap, skipped ticks counted. */
export {
  createMapekLoop,
  type IterationReport,
  type MapekLoop,
  type MapekLoopOptions,
} from './loop.js';
/** The `westworld_mapek_*` metrics. */
export { registerMapekMetrics, MAPEK_STAGES, type MapekMetrics } from './metrics.js';
/** Monitor: Prometheus and service events, through `decide()` first. */
export { createMonitor, hashName, type Monitor, type MonitorSnapshot } from './monitor.js';
/** Plan: the only steps there are, and the run-time check (`mapek_plan_refused`). */
export { checkPlan, planFor, type Plan, type Step, type StepBasis, type StepKind } from './plan.js';
/** The Prometheus instant-query client. */
export { createPrometheusClient, type PrometheusClient, type PromSample } from './prometheus.js';
