import { Counter, Gauge, Histogram, type Registry } from 'prom-client';

import {
  COMMITTEE_NOTIFICATION_LATENCY_MS_BUCKETS,
  DATA_REVOCATION_LATENCY_MS_BUCKETS,
  POLICY_LOAD_DURATION_MS_BUCKETS,
  VALIDATION_LATENCY_NS_BUCKETS,
  VIOLATION_REPORT_LATENCY_MS_BUCKETS,
} from './buckets.js';

/** Prefix of every metric of SPEC §7. */
export const CHARTER_METRIC_PREFIX = 'westworld_charter_';

/** What runs at scrape time, before a family is exposed. */
export interface FamilyCollectors {
  /** Adds the attempts counted on the decision path since the last scrape. */
  attempts(): void;
  /** Observes the decision latencies sampled since the last scrape. */
  validationLatency(): void;
  underInvestigation(gauge: Gauge<'severity'>): Promise<void>;
  activeOverrides(gauge: Gauge): Promise<void>;
}

/**
 * Registers the fifteen families of SPEC §7 on `registry`: exactly those
 * names, types and labels. The help text is each metric's meaning, and is
 * what docs/metrics.md shows.
 */
export function registerFamilies(registry: Registry, collect: FamilyCollectors) {
  const registers = [registry];
  const n = (name: string) => `${CHARTER_METRIC_PREFIX}${name}`;

  return {
    violations: new Counter({
      name: n('violations_total'),
      help: 'Violations recorded, by proposed penalty, type and the node or service reported.',
      labelNames: ['severity', 'violation_type', 'node_or_service'] as const,
      registers,
    }),
    attempts: new Counter({
      name: n('forbidden_metric_attempts_total'),
      help: 'Forbidden or unlisted metrics denied: blocked by an active charter, reported by a dry run or by an escalation that recorded a violation, escalated to a suspension.',
      labelNames: ['metric_name', 'node_or_service', 'status'] as const,
      registers,
      collect() {
        collect.attempts();
      },
    }),
    revocations: new Counter({
      name: n('data_revocation_events_total'),
      help: 'Revocations in force and erasures carried out, by reason and the collector revoked (erasures: unregistered).',
      labelNames: ['reason', 'node_or_service'] as const,
      registers,
    }),
    notifications: new Counter({
      name: n('audit_committee_notifications_total'),
      help: 'Committee notification delivery attempts, by alert severity, channel and outcome.',
      labelNames: ['severity', 'channel', 'outcome'] as const,
      registers,
    }),
    investigations: new Counter({
      name: n('investigation_initiated_total'),
      help: 'Investigations opened, by violation type and who opened them.',
      labelNames: ['violation_type', 'initiated_by'] as const,
      registers,
    }),
    overrides: new Counter({
      name: n('emergency_override_total'),
      help: 'Emergency override state changes, by the charter reason and the new state.',
      labelNames: ['reason', 'outcome'] as const,
      registers,
    }),
    validationLatency: new Histogram({
      name: n('metric_validation_latency_ns'),
      help: 'Time of one decision in nanoseconds, sampled (one decision in a fixed number is timed).',
      buckets: [...VALIDATION_LATENCY_NS_BUCKETS],
      registers,
      collect() {
        collect.validationLatency();
      },
    }),
    policyLoad: new Histogram({
      name: n('policy_load_duration_ms'),
      help: 'Time to read, validate and compile a charter file in milliseconds, at start and on every reload.',
      labelNames: ['outcome'] as const,
      buckets: [...POLICY_LOAD_DURATION_MS_BUCKETS],
      registers,
    }),
    reportLatency: new Histogram({
      name: n('violation_report_latency_ms'),
      help: 'Time from receiving a violation report to having it stored and escalated, in milliseconds.',
      buckets: [...VIOLATION_REPORT_LATENCY_MS_BUCKETS],
      registers,
    }),
    notificationLatency: new Histogram({
      name: n('committee_notification_latency_ms'),
      help: 'Time from a committee notification being queued to its delivery, in milliseconds.',
      buckets: [...COMMITTEE_NOTIFICATION_LATENCY_MS_BUCKETS],
      registers,
    }),
    revocationLatency: new Histogram({
      name: n('data_revocation_latency_ms'),
      help: 'Time from a revocation request to every decision denying the collector, in milliseconds.',
      buckets: [...DATA_REVOCATION_LATENCY_MS_BUCKETS],
      registers,
    }),
    underInvestigation: new Gauge({
      name: n('violations_under_investigation'),
      help: 'Violations under investigation now, by proposed penalty; read from the store at scrape.',
      labelNames: ['severity'] as const,
      registers,
      async collect() {
        await collect.underInvestigation(this);
      },
    }),
    committeeSize: new Gauge({
      name: n('audit_committee_size'),
      help: 'Active audit committee members.',
      registers,
    }),
    lastLoad: new Gauge({
      name: n('policy_last_load_timestamp'),
      help: 'When the charter in force was loaded, in Unix seconds.',
      registers,
    }),
    activeOverrides: new Gauge({
      name: n('emergency_override_active_count'),
      help: 'Emergency overrides in force now, expiry applied; read from the store at scrape.',
      registers,
      async collect() {
        await collect.activeOverrides(this);
      },
    }),
  };
}

/** The families as registered. */
export type CharterFamilies = ReturnType<typeof registerFamilies>;
