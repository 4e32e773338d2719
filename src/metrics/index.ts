/*
 * The metrics module: the fifteen `westworld_charter_*` metrics of SPEC §7 on
 * a registry the caller owns, the bounds on their labels, the shared
 * histogram buckets, and the reference document generated from a registry.
 */

/** Histogram bucket bounds; every SLA of SPEC §8 is a bound. */
export * from './buckets.js';

/**
 * Registers the fifteen metrics on a registry and returns the API that
 * moves them; see CharterMetrics for what each method records.
 */
export {
  createCharterMetrics,
  type CharterMetrics,
  type CharterMetricsOptions,
  type Initiator,
  type NotificationOutcome,
  type OverrideMetricOutcome,
} from './charter-metrics.js';

/** Prefix of the fifteen metric names. */
export { CHARTER_METRIC_PREFIX } from './families.js';

/** Default sampling of decision latency (metric 7): one decision in this many. */
export { DEFAULT_LATENCY_SAMPLE_EVERY } from './instrument-engine.js';

/** Label values of what is not registered (`node_or_service`) or not in the charter. */
export { UNLISTED, UNREGISTERED } from './label-bounds.js';

/** Renders a registry in the text format as prom-client does, with label sets kept between scrapes. */
export { createExpositionRenderer } from './exposition.js';

/** Renders docs/metrics.md from a registry: name, type, labels, buckets, meaning. */
export { renderMetricsDoc } from './metrics-doc.js';

/**
 * Governance event hooks recording metrics 1, 3 (erasures), 5, 6, 9 and 13,
 * and which token principals count as registered nodes and services.
 */
export {
  createGovernanceObserver,
  nodePrincipals,
  NODE_ROLES,
  type GovernanceObserver,
} from './governance-observer.js';
