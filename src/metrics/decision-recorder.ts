import type { Counter, Histogram } from 'prom-client';

import type { CompiledCharter, Decision, MetricInput } from '../charter/index.js';
import { ruleLabelsOf, type PrincipalSet, type RuleLabels } from './label-bounds.js';

/** What an attempt on the decision path is counted as (metric 2's `status`). */
export type AttemptStatus = 'blocked' | 'reported' | 'escalated';

/** Latencies kept between scrapes before they are flushed into the histogram at once. */
const LATENCY_BUFFER = 4096;

type AttemptLabels = { metric_name: string; node_or_service: string; status: AttemptStatus };

/**
 * The decision path's share of the metrics: attempts and sampled latencies
 * are counted in plain memory and handed to prom-client at scrape, so a
 * decision never pays for label hashing. Pending attempts are keyed by
 * bounded labels only (charter rules × registered principals × status).
 */
export interface DecisionRecorder {
  /** Counts a denied forbidden or unlisted metric; ignores every other decision. */
  decided(decision: Decision, input: MetricInput): void;
  /** Counts one attempt with labels already resolved (escalations). */
  attempt(status: AttemptStatus, metricName: string, source: string): void;
  /** Label of a metric name as sent: its charter rule, or `unlisted`. */
  metricLabel(name: string): string;
  /** Keeps one sampled decision latency, in nanoseconds. */
  latencyNs(ns: number): void;
  /** Adds the pending attempts to the counter (at scrape). */
  flushAttempts(): void;
  /** Observes the pending latencies in the histogram (at scrape). */
  flushLatencies(): void;
  /** The rule labels of the charter in force. */
  rules(): RuleLabels;
}

/** Where a recorder reads the charter and principals and puts what it counted. */
export interface DecisionRecorderOptions {
  readonly charter: () => CompiledCharter;
  readonly principals: PrincipalSet;
  readonly attempts: Counter<keyof AttemptLabels>;
  readonly latency: Histogram;
}

/** Creates a recorder reading the charter in force through `charter`. */
export function createDecisionRecorder(options: DecisionRecorderOptions): DecisionRecorder {
  const { charter, principals } = options;
  const pending = new Map<string, { labels: AttemptLabels; count: number }>();
  const latencies = new Float64Array(LATENCY_BUFFER);
  let latencyCount = 0;
  let cache: { table: CompiledCharter; labels: RuleLabels } | undefined;

  const rules = (): RuleLabels => {
    const table = charter();
    if (cache?.table !== table) cache = { table, labels: ruleLabelsOf(table) };
    return cache.labels;
  };

  const count = (status: AttemptStatus, metricName: string, source: string) => {
    const key = `${status}\u0000${metricName}\u0000${source}`;
    const entry = pending.get(key);
    if (entry !== undefined) entry.count += 1;
    else {
      const labels = { metric_name: metricName, node_or_service: source, status };
      pending.set(key, { labels, count: 1 });
    }
  };

  const metricLabel = (name: string): string =>
    rules().of(charter().matchMetric(name)?.rule?.rule ?? null);

  const flushLatencies = () => {
    for (let i = 0; i < latencyCount; i++) options.latency.observe(latencies[i]!);
    latencyCount = 0;
  };

  return {
    decided(decision, input) {
      const r = decision.reason;
      if (r !== 'forbidden_metric' && r !== 'not_allowed' && r !== 'forbidden_label') return;
      // A dry-run charter reports what an active one would block.
      const status = decision.effect === 'deny' ? 'blocked' : 'reported';
      // A forbidden label's rule names the label; the series names the metric.
      const metric = r === 'forbidden_label' ? metricLabel(input.name) : rules().of(decision.rule);
      count(status, metric, principals.label(input.source));
    },
    attempt: (status, metricName, source) => count(status, metricName, principals.label(source)),
    metricLabel,
    latencyNs(ns) {
      latencies[latencyCount++] = ns;
      // Only when nobody scrapes for a long time: flush now rather than lose samples.
      if (latencyCount === LATENCY_BUFFER) flushLatencies();
    },
    flushAttempts() {
      for (const { labels, count: n } of pending.values()) options.attempts.inc(labels, n);
      pending.clear();
    },
    flushLatencies,
    rules,
  };
}
