import {
  REVOCATION_REASONS,
  SEVERITIES,
  VIOLATION_TYPES,
  severityRank,
  type Severity,
} from '../charter/index.js';
import type { InvestigationRecord, OverrideStatus } from '../store/records.js';
import type { Period } from '../store/store.js';
import { toPublicOverride } from './public-override.js';
import { inPeriod } from './report-period.js';
import { recommend } from './report-recommendations.js';
import type { AuditDetails, Penalty, ReportInput, ReportSummary } from './report-types.js';

const VIOLATION_STATUSES = ['reported', 'investigating', 'confirmed', 'dismissed'] as const;
const OVERRIDE_STATUSES = [
  'requested',
  'approved',
  'rejected',
  'active',
  'renewed',
  'ended',
  'expired',
] as const satisfies readonly OverrideStatus[];

/** Computes a report's summary and its person-naming details. Pure. */
export function aggregateReport(input: ReportInput): {
  summary: ReportSummary;
  details: AuditDetails;
} {
  const { period, nowMs, violations } = input;

  const late = input.investigations.filter((i) => missedDeadline(i, period, nowMs));
  const closed = input.investigations.filter((i) => inPeriod(i.closedAtMs, period));
  const investigations = {
    opened: input.investigations.filter((i) => inPeriod(i.openedAtMs, period)).length,
    closed: closed.length,
    confirmed: closed.filter((i) => i.outcome === 'confirmed').length,
    dismissed: closed.filter((i) => i.outcome === 'dismissed').length,
    pastDeadline: late.length,
  };

  // Expiry applied as the public endpoint applies it: an active override
  // past its end counts as expired even before the sweeper ran.
  const overrides = input.overrides.map((o) => ({
    ...o,
    status: toPublicOverride(o, nowMs).status,
  }));
  const atMaximum = overrides.filter(
    (o) => o.status === 'expired' && o.durationSeconds >= input.maxOverrideSeconds,
  );

  const lateRevocations = input.revocations.filter((r) =>
    r.latencyMs === null
      ? nowMs - r.requestedAtMs > input.revocationDeadlineMs
      : r.latencyMs > input.revocationDeadlineMs,
  );
  const latencies = input.revocations.flatMap((r) => (r.latencyMs === null ? [] : [r.latencyMs]));

  const summary: Omit<ReportSummary, 'recommendations'> = {
    violations: {
      total: violations.length,
      byType: countBy(VIOLATION_TYPES, violations, (v) => v.type),
      bySeverity: countBy(SEVERITIES, violations, (v) => v.severity),
      byOutcome: countBy(VIOLATION_STATUSES, violations, (v) => v.status),
    },
    investigations,
    overrides: {
      total: overrides.length,
      byStatus: countBy(OVERRIDE_STATUSES, overrides, (o) => o.status),
      renewals: overrides.filter((o) => o.renewsId !== null).length,
      ranToMaximum: atMaximum.length,
    },
    revocations: {
      total: input.revocations.length,
      byReason: countBy(REVOCATION_REASONS, input.revocations, (r) => r.reason),
      inForce: latencies.length,
      missedDeadline: lateRevocations.length,
      maxLatencyMs: latencies.length === 0 ? null : Math.max(...latencies),
    },
    erasures: {
      total: input.erasures.length,
      byReason: countBy(REVOCATION_REASONS, input.erasures, (e) => e.reason),
      erased: input.erasures.filter((e) => e.status === 'erased').length,
      inExportWindow: input.erasures.filter((e) => e.status === 'export_window').length,
      recordsErased: input.erasures.reduce((sum, e) => sum + e.recordsErased, 0),
    },
    nodesPenalised: penalisedNodes(input.penalties),
  };

  const recommendations = recommend(summary, violations, {
    maxOverrideSeconds: input.maxOverrideSeconds,
    revocationDeadlineMs: input.revocationDeadlineMs,
  });
  const details: AuditDetails = {
    investigationsPastDeadline: late.map(
      ({ id, violationId, assignee, deadlineAtMs, closedAtMs }) => ({
        id,
        violationId,
        assignee,
        deadlineAtMs,
        closedAtMs,
      }),
    ),
    overridesAtMaximum: atMaximum.map(({ id, requestedBy, reason, durationSeconds }) => ({
      id,
      requestedBy,
      reason,
      durationSeconds,
    })),
    lateRevocations: lateRevocations.map(
      ({ id, collector, requestedBy, requestedAtMs, latencyMs }) => ({
        id,
        collector,
        requestedBy,
        requestedAtMs,
        latencyMs,
      }),
    ),
    penalties: [...input.penalties],
  };
  return { summary: { ...summary, recommendations }, details };
}

/**
 * An investigation missed its deadline in the period when it closed in the
 * period after the deadline, or is still open with the deadline behind it
 * (by the end of the period, or now if the period has not ended).
 */
function missedDeadline(i: InvestigationRecord, period: Period, nowMs: number): boolean {
  if (i.closedAtMs !== null) return inPeriod(i.closedAtMs, period) && i.closedAtMs > i.deadlineAtMs;
  return i.openedAtMs < period.toMs && i.deadlineAtMs < Math.min(nowMs, period.toMs);
}

function penalisedNodes(penalties: readonly Penalty[]): ReportSummary['nodesPenalised'] {
  const bySource = new Map<string, Severity[]>();
  for (const p of penalties) bySource.set(p.source, [...(bySource.get(p.source) ?? []), p.penalty]);
  const nodes = [...bySource]
    .map(([source, list]) => ({
      source,
      penalties: list.sort((a, b) => severityRank(b) - severityRank(a)),
    }))
    .sort((a, b) => a.source.localeCompare(b.source));
  return { count: nodes.length, nodes };
}

/** Counts `items` per key, every key of `keys` present (zero when none), so reports never drop a row. */
function countBy<K extends string, T>(
  keys: readonly K[],
  items: readonly T[],
  keyOf: (item: T) => K,
): Record<K, number> {
  const counts = Object.fromEntries(keys.map((k) => [k, 0])) as Record<K, number>;
  for (const item of items) {
    const key = keyOf(item);
    if (key in counts) counts[key] += 1;
  }
  return counts;
}
