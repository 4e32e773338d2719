import type { Gauge, Registry } from 'prom-client';

import {
  ALERT_SEVERITIES,
  REVOCATION_REASONS,
  SEVERITIES,
  VIOLATION_TYPES,
  type AlertSeverity,
  type CompiledCharter,
  type DecisionEngine,
  type EscalationEvent,
  type RevocationReason,
  type Severity,
  type ViolationType,
} from '../charter/index.js';
import type { Clock } from '../shared/clock.js';
import { createDecisionRecorder, type AttemptStatus } from './decision-recorder.js';
import { registerFamilies } from './families.js';
import { instrumentEngine } from './instrument-engine.js';
import { createPrincipalSet, UNLISTED, UNREGISTERED } from './label-bounds.js';

/** Who opened an investigation (metric 5's `initiated_by`). */
export type Initiator = 'system' | 'committee' | 'external';
/** The override states metric 6 counts. */
export type OverrideMetricOutcome = 'requested' | 'approved' | 'rejected' | 'expired' | 'ended';
/** How a committee notification attempt ended (metric 4's `outcome`). */
export type NotificationOutcome = 'delivered' | 'failed';

const INITIATORS: readonly Initiator[] = ['system', 'committee', 'external'];
const OVERRIDE_OUTCOMES: readonly OverrideMetricOutcome[] = [
  'requested',
  'approved',
  'rejected',
  'expired',
  'ended',
];
const ATTEMPT_STATUSES: readonly AttemptStatus[] = ['blocked', 'reported', 'escalated'];
/** Notification channel kinds when the caller names none (src/notify's kinds). */
const DEFAULT_CHANNELS = ['alertmanager', 'webhook'];

/** What the metrics read from the rest of the service. */
export interface CharterMetricsOptions {
  /** The charter in force; read per event so a reload applies at once. */
  readonly charter: () => CompiledCharter;
  readonly clock: Clock;
  /** Violations under investigation per severity, read at scrape (metric 12). */
  readonly underInvestigation: () => Promise<Readonly<Record<string, number>>>;
  /** Overrides in force now, expiry applied, read at scrape (metric 15). */
  readonly activeOverrides: () => Promise<number>;
  /** Notification channel names whose series exist from start-up. */
  readonly notificationChannels?: readonly string[];
  /** Registered principals `node_or_service` may carry at most; default 1,000. */
  readonly principalsMax?: number;
  /** One decision in this many is timed; default 128. */
  readonly latencySampleEvery?: number;
}

/**
 * The recording side of SPEC §7's fifteen metrics. Every method swallows its
 * own failures: recording a metric never fails the operation it measures.
 */
export interface CharterMetrics {
  /** The engine with decisions counted (metric 2) and sampled (metric 7). */
  instrument(engine: DecisionEngine): DecisionEngine;
  /**
   * Adds nodes and services `node_or_service` may name, and creates their
   * series at zero. Grow-only and capped; pass no persons.
   */
  registerPrincipals(ids: Iterable<string>): void;
  violationRecorded(
    violation: { type: ViolationType; severity: Severity; source: string },
    latencyMs: number,
  ): void;
  /** An escalation that governance recorded: a violation (`reported`) or a suspension. */
  escalationRecorded(event: EscalationEvent): void;
  investigationOpened(violationType: ViolationType, initiatedBy: Initiator): void;
  overrideChanged(reason: string, outcome: string): void;
  /** A collector's revocation is in force, `latencyMs` after it was requested. */
  revocationInForce(reason: RevocationReason, collector: string, latencyMs: number): void;
  /** A data subject's records were erased; the subject never becomes a label. */
  erasureCarriedOut(reason: RevocationReason): void;
  notificationAttempted(attempt: {
    severity: AlertSeverity;
    channel: string;
    outcome: NotificationOutcome;
    latencyMs: number;
  }): void;
  /** A charter load or reload ended; on success the charter's series are created. */
  policyLoaded(outcome: 'success' | 'failure', durationMs: number): void;
  committeeChanged(activeMembers: number): void;
}

/**
 * Registers the fifteen `westworld_charter_*` metrics on `registry` (never
 * the global one) with every series dashboards and alerts need at zero and
 * every gauge set, and returns the narrow API that moves them.
 */
export function createCharterMetrics(
  registry: Registry,
  options: CharterMetricsOptions,
): CharterMetrics {
  const principals = createPrincipalSet(options.principalsMax ?? 1000);
  const channels = new Set(options.notificationChannels ?? DEFAULT_CHANNELS);
  const reasons = new Set<string>();
  const guard = (record: () => void) => {
    try {
      record();
    } catch {
      // Deliberately ignored: see CharterMetrics.
    }
  };

  const families = registerFamilies(registry, {
    attempts: () => recorder.flushAttempts(),
    validationLatency: () => recorder.flushLatencies(),
    underInvestigation: async (gauge) => {
      const counts = await options.underInvestigation().catch(() => undefined);
      if (counts === undefined) return; // keep the last values rather than fail the scrape
      for (const severity of SEVERITIES) gauge.set({ severity }, counts[severity] ?? 0);
    },
    activeOverrides: async (gauge: Gauge) => {
      const active = await options.activeOverrides().catch(() => undefined);
      if (active !== undefined) gauge.set(active);
    },
  });
  const recorder = createDecisionRecorder({
    charter: options.charter,
    principals,
    attempts: families.attempts,
    latency: families.validationLatency,
  });

  // Series at zero from start-up (SPEC §7): a counter that first appears at 1
  // is invisible to increase(), and an alert would miss its first event.
  const zeroedNames = new Set<string>([UNLISTED]);
  const zeroAttempts = (node_or_service: string, names: Iterable<string>) => {
    for (const metric_name of names)
      for (const status of ATTEMPT_STATUSES)
        families.attempts.inc({ metric_name, node_or_service, status }, 0);
  };
  const zeroPrincipal = (node_or_service: string) => {
    for (const severity of SEVERITIES)
      for (const violation_type of VIOLATION_TYPES)
        families.violations.inc({ severity, violation_type, node_or_service }, 0);
    zeroAttempts(node_or_service, zeroedNames);
    for (const reason of REVOCATION_REASONS)
      families.revocations.inc({ reason, node_or_service }, 0);
  };
  const zeroCharter = () => {
    for (const reason of options.charter().settings.override.allowedReasons) {
      if (reasons.has(reason)) continue;
      reasons.add(reason);
      for (const outcome of OVERRIDE_OUTCOMES) families.overrides.inc({ reason, outcome }, 0);
    }
    const fresh = recorder.rules().forbidden.filter((name) => !zeroedNames.has(name));
    if (fresh.length === 0) return;
    fresh.forEach((name) => zeroedNames.add(name));
    for (const p of [UNREGISTERED, ...principals.values()]) zeroAttempts(p, fresh);
  };
  const zeroChannel = (channel: string) => {
    for (const severity of ALERT_SEVERITIES)
      for (const outcome of ['delivered', 'failed'])
        families.notifications.inc({ severity, channel, outcome }, 0);
  };

  zeroCharter();
  zeroPrincipal(UNREGISTERED);
  channels.forEach(zeroChannel);
  for (const violation_type of VIOLATION_TYPES)
    for (const initiated_by of INITIATORS)
      families.investigations.inc({ violation_type, initiated_by }, 0);
  for (const outcome of ['success', 'failure']) families.policyLoad.zero({ outcome });
  for (const severity of SEVERITIES) families.underInvestigation.set({ severity }, 0);
  families.activeOverrides.set(0);
  families.committeeSize.set(0);
  families.lastLoad.set(0);

  return {
    instrument: (engine) => instrumentEngine(engine, recorder, options.latencySampleEvery),
    registerPrincipals: (ids) => guard(() => principals.add(ids).forEach(zeroPrincipal)),
    violationRecorded: (v, latencyMs) =>
      guard(() => {
        const labels = { severity: v.severity, violation_type: v.type };
        families.violations.inc({ ...labels, node_or_service: principals.label(v.source) });
        families.reportLatency.observe(latencyMs);
      }),
    escalationRecorded: (event) =>
      guard(() => {
        const name = recorder.metricLabel(event.metrics[0] ?? '');
        recorder.attempt(event.kind === 'suspend' ? 'escalated' : 'reported', name, event.source);
      }),
    investigationOpened: (violation_type, initiated_by) =>
      guard(() => families.investigations.inc({ violation_type, initiated_by })),
    overrideChanged: (reason, outcome) =>
      guard(() => {
        if (!(OVERRIDE_OUTCOMES as readonly string[]).includes(outcome)) return;
        families.overrides.inc({ reason: reasons.has(reason) ? reason : UNLISTED, outcome });
      }),
    revocationInForce: (reason, collector, latencyMs) =>
      guard(() => {
        families.revocations.inc({ reason, node_or_service: principals.label(collector) });
        families.revocationLatency.observe(latencyMs);
      }),
    erasureCarriedOut: (reason) =>
      guard(() => families.revocations.inc({ reason, node_or_service: UNREGISTERED })),
    notificationAttempted: ({ severity, channel, outcome, latencyMs }) =>
      guard(() => {
        if (!channels.has(channel) && channels.size < 32) {
          channels.add(channel);
          zeroChannel(channel);
        }
        const bounded = channels.has(channel) ? channel : 'other';
        families.notifications.inc({ severity, channel: bounded, outcome });
        if (outcome === 'delivered') families.notificationLatency.observe(latencyMs);
      }),
    policyLoaded: (outcome, durationMs) =>
      guard(() => {
        families.policyLoad.observe({ outcome }, durationMs);
        if (outcome !== 'success') return;
        families.lastLoad.set(options.clock.nowMs() / 1000);
        zeroCharter();
      }),
    committeeChanged: (activeMembers) => guard(() => families.committeeSize.set(activeMembers)),
  };
}
