import type { RevocationReason, Severity, ViolationType } from '../charter/index.js';
import type {
  ErasureRecord,
  InvestigationRecord,
  OverrideRecord,
  OverrideStatus,
  RevocationRecord,
  ViolationRecord,
  ViolationStatus,
} from '../store/records.js';
import type { Period } from '../store/store.js';

/*
 * The shapes of reports (SPEC §5): what they are computed from, the counts
 * that name no person, and the details that do.
 */

/** A confirmed violation's penalty, as decided by the committee. */
export interface Penalty {
  readonly violationId: string;
  readonly source: string;
  readonly penalty: Severity;
}

/** What a report is computed from; reports.ts reads it in one transaction. */
export interface ReportInput {
  readonly period: Period;
  readonly nowMs: number;
  readonly maxOverrideSeconds: number;
  readonly revocationDeadlineMs: number;
  /** Violations reported in the period. */
  readonly violations: readonly ViolationRecord[];
  /** Investigations opened in the period, closed in it, or open now; by id. */
  readonly investigations: readonly InvestigationRecord[];
  /** Penalties of investigations confirmed in the period. */
  readonly penalties: readonly Penalty[];
  /** Overrides, revocations and erasures requested in the period. */
  readonly overrides: readonly OverrideRecord[];
  readonly revocations: readonly RevocationRecord[];
  readonly erasures: readonly ErasureRecord[];
}

/**
 * Counts that name no person: safe for the public transparency report.
 * Violations, overrides, revocations and erasures are counted by when they
 * were reported or requested; investigations and penalties by when they
 * opened or were decided.
 */
export interface ReportSummary {
  violations: {
    total: number;
    byType: Record<ViolationType, number>;
    bySeverity: Record<Severity, number>;
    /** By current status: the outcome so far. */
    byOutcome: Record<ViolationStatus, number>;
  };
  investigations: {
    opened: number;
    closed: number;
    confirmed: number;
    dismissed: number;
    pastDeadline: number;
  };
  /** By final status, expiry applied; `ranToMaximum` expired at the charter's maximum duration. */
  overrides: {
    total: number;
    byStatus: Record<OverrideStatus, number>;
    renewals: number;
    ranToMaximum: number;
  };
  revocations: {
    total: number;
    byReason: Record<RevocationReason, number>;
    inForce: number;
    /** Not in force within the charter's deadline (late, or still pending past it). */
    missedDeadline: number;
    maxLatencyMs: number | null;
  };
  erasures: {
    total: number;
    byReason: Record<RevocationReason, number>;
    erased: number;
    inExportWindow: number;
    recordsErased: number;
  };
  /** Sources with a violation confirmed in the period, each penalty most severe first. */
  nodesPenalised: { count: number; nodes: { source: string; penalties: Severity[] }[] };
  recommendations: string[];
}

/** The parts of an audit report that name people (assignees, requesters): never public. */
export interface AuditDetails {
  investigationsPastDeadline: {
    id: string;
    violationId: string;
    assignee: string | null;
    deadlineAtMs: number;
    closedAtMs: number | null;
  }[];
  overridesAtMaximum: {
    id: string;
    requestedBy: string;
    reason: string;
    durationSeconds: number;
  }[];
  lateRevocations: {
    id: string;
    collector: string;
    requestedBy: string;
    requestedAtMs: number;
    latencyMs: number | null;
  }[];
  penalties: Penalty[];
}
