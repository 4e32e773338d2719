/**
 * Histogram bucket bounds shared by the service's histograms, the alert rules
 * and the dashboards. Every SLA threshold of SPEC §8 is a bucket bound, so
 * `histogram_quantile()` can tell "just above" from "just below" it.
 */

/** Decision latency in nanoseconds; the SLA is 10 µs = 10,000 ns. */
export const VALIDATION_LATENCY_NS_BUCKETS = [
  250, 500, 1000, 2500, 5000, 7500, 10000, 15000, 25000, 50000, 100000,
] as const;

/** Committee notification latency in milliseconds; the SLA is 500 ms. */
export const COMMITTEE_NOTIFICATION_LATENCY_MS_BUCKETS = [
  10, 25, 50, 100, 250, 500, 750, 1000, 2500, 5000,
] as const;

/** Violation report latency (stored and escalated) in milliseconds; the SLA is 1 s. */
export const VIOLATION_REPORT_LATENCY_MS_BUCKETS = [
  5, 10, 25, 50, 100, 250, 500, 1000, 1500, 2500, 5000, 10000,
] as const;

/** Revocation latency (in force everywhere) in milliseconds; the SLA is 5 s. */
export const DATA_REVOCATION_LATENCY_MS_BUCKETS = [
  50, 100, 250, 500, 1000, 2500, 5000, 7500, 10000, 30000,
] as const;

/** Charter load or reload duration in milliseconds; the published SLA is 500 ms. */
export const POLICY_LOAD_DURATION_MS_BUCKETS = [
  1, 5, 10, 25, 50, 100, 250, 500, 1000, 2500,
] as const;
