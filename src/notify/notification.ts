import { isCriticalSeverity } from '../charter/index.js';
import type {
  AlertSeverity,
  InvestigationRecord,
  NotificationKind,
  OverrideRecord,
  RevocationRecord,
  ViolationRecord,
} from '../store/records.js';

/**
 * A committee notification before it is written to the outbox. The id is
 * derived from the event it announces, so announcing an event twice (a
 * retried transaction, a sweep and a late confirmation) delivers it once.
 * Everything here goes to external receivers: ids, vocabulary values and
 * principal ids only, never personal data or free text a caller typed.
 */
export interface NotificationDraft {
  readonly notificationId: string;
  readonly kind: NotificationKind;
  readonly severity: AlertSeverity;
  readonly summary: string;
  readonly description: string;
  /** `violation_type` and `node_or_service` where the event has them. */
  readonly labels: Readonly<Record<string, string>>;
  readonly subjectType: string;
  readonly subjectId: string;
}

/** A new violation the committee must hear of: critical ones only (SPEC §2). */
export function criticalViolationNotice(v: ViolationRecord): NotificationDraft | undefined {
  if (!isCriticalSeverity(v.severity)) return undefined;
  return {
    notificationId: `critical_violation:${v.id}`,
    kind: 'critical_violation',
    severity: 'critical',
    summary: `Critical violation ${v.type} by ${v.source}`,
    description: `Violation ${v.id} (${v.type}) about ${v.source}, reported by ${v.reporter}, proposes ${v.severity} under charter ${v.policy}. Open or review its investigation.`,
    labels: { violation_type: v.type, node_or_service: v.source },
    subjectType: 'violation',
    subjectId: v.id,
  };
}

/** A new investigation; critical when the violation it examines is. */
export function investigationNotice(
  inv: InvestigationRecord,
  v: ViolationRecord,
): NotificationDraft {
  return {
    notificationId: `investigation_opened:${inv.id}`,
    kind: 'investigation_opened',
    severity: isCriticalSeverity(v.severity) ? 'critical' : 'warning',
    summary: `Investigation opened into ${v.type} by ${v.source}`,
    description: `Investigation ${inv.id} of violation ${v.id} (${v.type}, proposed ${v.severity}) was opened by ${inv.openedBy} (${inv.initiatedBy}); deadline ${new Date(inv.deadlineAtMs).toISOString()}. It closes on a committee vote reaching quorum.`,
    labels: { violation_type: v.type, node_or_service: v.source, initiated_by: inv.initiatedBy },
    subjectType: 'investigation',
    subjectId: inv.id,
  };
}

/** An emergency override (or a renewal) waiting for the committee's vote. */
export function overrideRequestNotice(o: OverrideRecord): NotificationDraft {
  const scope = [...o.metrics, ...o.labels.map((l) => `label ${l}`)].join(', ');
  const what = o.renewsId === null ? 'Emergency override' : `Renewal of override ${o.renewsId}`;
  return {
    notificationId: `override_requested:${o.id}`,
    kind: 'override_requested',
    severity: 'warning',
    summary: `${what} requested (${o.reason})`,
    description: `${what} ${o.id} for ${scope} on ${o.sources.join(', ')}, ${o.durationSeconds} s, reason ${o.reason}, requested by ${o.requestedBy}. It needs the committee's quorum.`,
    labels: {
      node_or_service: o.sources.length === 1 ? o.sources[0]! : 'multiple',
      reason: o.reason,
    },
    subjectType: 'override',
    subjectId: o.id,
  };
}

/** A response the committee is asked to decide or review (the MAPE-K loop's requests). */
export interface ResponseRequest {
  readonly source: string;
  readonly level: number;
  readonly request: 'review' | 'committee_vote' | 'board_approval';
  readonly responseName: string;
  readonly violationId: string | null;
  readonly investigationId: string | null;
  readonly detectors: readonly string[];
}

/**
 * A response the MAPE-K loop may not take itself (quarantine, legal
 * escalation) or took and wants reviewed. Critical when a vote or the
 * board must act; one notice per source, level and investigation.
 */
export function responseRequestNotice(r: ResponseRequest): NotificationDraft {
  const asks = r.request === 'review' ? 'asks the committee to review' : `needs ${r.request} for`;
  const about = r.investigationId === null ? '' : `; investigation ${r.investigationId}`;
  return {
    notificationId: `response_requested:${r.source}:${r.level}:${r.investigationId ?? r.violationId ?? 'none'}`,
    kind: 'response_requested',
    severity: r.request === 'review' ? 'warning' : 'critical',
    summary: `Autonomic loop ${asks} level ${r.level} (${r.responseName}) on ${r.source}`,
    description: `The MAPE-K loop found ${r.detectors.join(', ')} on ${r.source} and ${asks} response level ${r.level}, "${r.responseName}"${about}. The loop never approves, penalises or quarantines on its own.`,
    labels: { node_or_service: r.source, level: String(r.level), request: r.request },
    subjectType: 'source',
    subjectId: r.source,
  };
}

/**
 * A revocation not in force within the charter's deadline: `latencyMs` is
 * how long it took, or null when it is still not in force.
 */
export function revocationBreachNotice(
  r: RevocationRecord,
  deadlineMs: number,
  latencyMs: number | null,
): NotificationDraft {
  const took =
    latencyMs === null ? 'is still not in force' : `took ${latencyMs} ms to come into force`;
  return {
    notificationId: `revocation_breach:${r.id}`,
    kind: 'revocation_breach',
    severity: 'warning',
    summary: `Revocation of ${r.collector} missed its ${deadlineMs} ms deadline`,
    description: `Revocation ${r.id} of ${r.collector} (${r.reason}), requested by ${r.requestedBy} at ${new Date(r.requestedAtMs).toISOString()}, ${took}; the charter allows ${deadlineMs} ms.`,
    labels: { node_or_service: r.collector, reason: r.reason },
    subjectType: 'revocation',
    subjectId: r.id,
  };
}
