import type { RevocationReason, Role, Severity, ViolationType } from '../charter/vocabulary.js';

/*
 * The records the store keeps (SPEC §5). Times are Unix milliseconds; ids are
 * random (never derived from time). Nothing here holds raw personal data except
 * SubjectRecord, which erasure deletes.
 */

export type ViolationStatus = 'reported' | 'investigating' | 'confirmed' | 'dismissed';

/** A pointer to evidence: a hash of material kept elsewhere, or a reference. */
export interface Evidence {
  kind: 'sha256' | 'reference';
  value: string;
  description?: string;
}

/** A reported violation, shaped after the policy-report convention. */
export interface ViolationRecord {
  id: string;
  idempotencyKey: string | null;
  type: ViolationType;
  /** The penalty the charter proposes for it. */
  severity: Severity;
  /** Node or service the report is about. */
  source: string;
  /** Principal that reported it (`system` for the attempt tracker). */
  reporter: string;
  evidence: Evidence[];
  status: ViolationStatus;
  /** Set only once the committee confirms it. */
  penalty: Severity | null;
  /** Charter id (the policy) and the rule that matched, if any. */
  policy: string;
  rule: string | null;
  properties: Record<string, string | number | boolean>;
  investigationId: string | null;
  reportedAtMs: number;
  updatedAtMs: number;
}

export type InvestigationInitiator = 'system' | 'committee' | 'external';
export type InvestigationStatus = 'open' | 'closed';
export type InvestigationOutcome = 'confirmed' | 'dismissed';

export interface InvestigationRecord {
  id: string;
  violationId: string;
  initiatedBy: InvestigationInitiator;
  openedBy: string;
  assignee: string | null;
  deadlineAtMs: number;
  status: InvestigationStatus;
  outcome: InvestigationOutcome | null;
  penalty: Severity | null;
  openedAtMs: number;
  closedAtMs: number | null;
}

export type TimelineKind = 'opened' | 'assigned' | 'note' | 'evidence' | 'vote' | 'closed';

/** One line of an investigation's timeline. */
export interface TimelineEvent {
  id: string;
  investigationId: string;
  atMs: number;
  actor: string;
  kind: TimelineKind;
  body: Record<string, unknown>;
}

export type VoteSubject = 'investigation' | 'override';
export type VoteChoice = 'confirm' | 'dismiss' | 'approve' | 'reject';

export interface VoteRecord {
  subjectType: VoteSubject;
  subjectId: string;
  memberId: string;
  choice: VoteChoice;
  /** With `confirm`: the penalty this member votes for. */
  penalty: Severity | null;
  atMs: number;
}

export interface CommitteeMemberRecord {
  id: string;
  name: string;
  contact: string;
  active: boolean;
  addedAtMs: number;
  removedAtMs: number | null;
}

export type OverrideStatus =
  'requested' | 'approved' | 'rejected' | 'active' | 'renewed' | 'ended' | 'expired';

/** An emergency override: which forbidden metrics or labels, for which sources, how long. */
export interface OverrideRecord {
  id: string;
  status: OverrideStatus;
  reason: string;
  justification: string;
  metrics: string[];
  labels: string[];
  sources: string[];
  durationSeconds: number;
  requestedBy: string;
  requestedAtMs: number;
  decidedAtMs: number | null;
  activatedAtMs: number | null;
  expiresAtMs: number | null;
  endedAtMs: number | null;
  /** The override this one renews, if it is a renewal. */
  renewsId: string | null;
}

export type SourceStanding = 'active' | 'suspended';

/** A source's standing; only suspended sources need a row. */
export interface SourceStateRecord {
  source: string;
  standing: SourceStanding;
  reason: string;
  violationId: string | null;
  sinceMs: number;
}

export interface RevocationRecord {
  id: string;
  collector: string;
  reason: RevocationReason;
  requestedBy: string;
  requestedAtMs: number;
  /** When it was in force (decisions turned to access_revoked). */
  inForceAtMs: number | null;
  latencyMs: number | null;
}

/** Something the network holds about a data subject; erasure removes it. */
export interface SubjectRecord {
  id: string;
  subjectId: string;
  kind: string;
  data: Record<string, unknown>;
  createdAtMs: number;
}

export type ErasureStatus = 'export_window' | 'erased';

/** A data subject's erasure. `subjectId` is cleared once erased; the pseudonym stays. */
export interface ErasureRecord {
  id: string;
  pseudonym: string;
  subjectId: string | null;
  reason: RevocationReason;
  status: ErasureStatus;
  requestedAtMs: number;
  exportUntilMs: number;
  erasedAtMs: number | null;
  recordsErased: number;
}

/** A bearer token, kept as the SHA-256 of the token: the token itself is never stored. */
export interface TokenRecord {
  id: string;
  tokenHash: string;
  principal: string;
  role: Role;
  description: string;
  createdAtMs: number;
  revokedAtMs: number | null;
}

/** What a committee notification announces (SPEC §5). */
export type NotificationKind =
  | 'critical_violation'
  | 'investigation_opened'
  | 'override_requested'
  | 'revocation_breach'
  | 'response_requested';

/** Alertmanager's severities (SPEC §2). */
export type AlertSeverity = 'critical' | 'warning' | 'info';

/**
 * One delivery of a committee notification to one channel: what to say,
 * and how far delivery has got. Labels hold ids and vocabulary values only.
 */
export interface OutboxRecord {
  id: string;
  /** Stable per announced event, so enqueuing it twice delivers it once. */
  notificationId: string;
  /** Configured channel name, such as `alertmanager` or `webhook-2`. */
  channel: string;
  kind: NotificationKind;
  severity: AlertSeverity;
  summary: string;
  description: string;
  labels: Record<string, string>;
  subjectType: string;
  subjectId: string;
  createdAtMs: number;
  attempts: number;
  nextAttemptAtMs: number;
  /** The dispatcher holding the row, until `leaseUntilMs`. */
  leaseOwner: string | null;
  leaseUntilMs: number | null;
  lastError: string | null;
  deliveredAtMs: number | null;
}

/** The latest value of an allowed metric from one source, as the MAPE-K Monitor last saw it. */
export interface MapekObservationRecord {
  source: string;
  /** Canonical name; only metrics the charter allows (reason `allowed`) are ever kept. */
  metric: string;
  value: number;
  atMs: number;
}

/** Why a probe was denied: a charter rule, or the source's suspension. */
export type MapekProbeReason =
  'forbidden_metric' | 'forbidden_label' | 'not_allowed' | 'source_suspended';

/** Denied attempts of one source at one name, counted: a hash of the name, never a value. */
export interface MapekProbeRecord {
  source: string;
  /** SHA-256 (hex, truncated) of the canonical name: what was probed, without keeping it. */
  nameHash: string;
  reason: MapekProbeReason;
  count: number;
  atMs: number;
}

export type MapekActionOutcome = 'succeeded' | 'failed' | 'rolled_back' | 'dropped';

/** One response the MAPE-K loop carried out (or tried to), and whether it worked. */
export interface MapekActionRecord {
  id: string;
  source: string;
  /** The charter's response level (1-4) it answered with. */
  level: number;
  /** `automatic` or `committee_request`. */
  response: string;
  outcome: MapekActionOutcome;
  atMs: number;
  /** Step kinds, in order. */
  steps: string[];
  detail: Record<string, string | number | boolean | null>;
  /** Null until judged; false when the source kept probing after it. */
  effective: boolean | null;
}
