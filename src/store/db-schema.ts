import type { Generated } from 'kysely';

import type { RevocationReason, Role, Severity, ViolationType } from '../charter/vocabulary.js';
import type {
  AlertSeverity,
  ErasureStatus,
  InvestigationInitiator,
  InvestigationOutcome,
  InvestigationStatus,
  MapekActionOutcome,
  MapekProbeReason,
  NotificationKind,
  OverrideStatus,
  SourceStanding,
  TimelineKind,
  ViolationStatus,
  VoteChoice,
  VoteSubject,
} from './records.js';

/*
 * The tables as Kysely sees them, for SQLite and PostgreSQL alike. Ids are
 * text; times are bigint Unix milliseconds read back as JS numbers; booleans
 * are integers 0/1; JSON (evidence, properties, payload, lists, body, data) is
 * text holding JSON, so both dialects store exactly the same values.
 */

/** A JSON document stored as text. */
type JsonText = string;

export interface ViolationsTable {
  id: string;
  idempotency_key: string | null;
  type: ViolationType;
  severity: Severity;
  source: string;
  reporter: string;
  evidence: JsonText;
  status: ViolationStatus;
  penalty: Severity | null;
  policy: string;
  rule: string | null;
  properties: JsonText;
  investigation_id: string | null;
  reported_at_ms: number;
  updated_at_ms: number;
}

export interface InvestigationsTable {
  id: string;
  violation_id: string;
  initiated_by: InvestigationInitiator;
  opened_by: string;
  assignee: string | null;
  deadline_at_ms: number;
  status: InvestigationStatus;
  outcome: InvestigationOutcome | null;
  penalty: Severity | null;
  opened_at_ms: number;
  closed_at_ms: number | null;
}

export interface InvestigationEventsTable {
  /** Insertion order, so events of the same millisecond keep their order. */
  position: Generated<number>;
  id: string;
  investigation_id: string;
  at_ms: number;
  actor: string;
  kind: TimelineKind;
  body: JsonText;
}

export interface VotesTable {
  subject_type: VoteSubject;
  subject_id: string;
  member_id: string;
  choice: VoteChoice;
  penalty: Severity | null;
  at_ms: number;
}

export interface CommitteeMembersTable {
  id: string;
  name: string;
  contact: string;
  active: 0 | 1;
  added_at_ms: number;
  removed_at_ms: number | null;
}

export interface OverridesTable {
  id: string;
  status: OverrideStatus;
  reason: string;
  justification: string;
  metrics: JsonText;
  labels: JsonText;
  sources: JsonText;
  duration_seconds: number;
  requested_by: string;
  requested_at_ms: number;
  decided_at_ms: number | null;
  activated_at_ms: number | null;
  expires_at_ms: number | null;
  ended_at_ms: number | null;
  renews_id: string | null;
}

export interface SourceStatesTable {
  source: string;
  standing: SourceStanding;
  reason: string;
  violation_id: string | null;
  since_ms: number;
}

export interface RevocationsTable {
  id: string;
  collector: string;
  reason: RevocationReason;
  requested_by: string;
  requested_at_ms: number;
  in_force_at_ms: number | null;
  latency_ms: number | null;
}

export interface SubjectRecordsTable {
  id: string;
  subject_id: string;
  kind: string;
  data: JsonText;
  created_at_ms: number;
}

export interface ErasuresTable {
  id: string;
  pseudonym: string;
  subject_id: string | null;
  reason: RevocationReason;
  status: ErasureStatus;
  requested_at_ms: number;
  export_until_ms: number;
  erased_at_ms: number | null;
  records_erased: number;
}

export interface AuditEntriesTable {
  seq: number;
  at_ms: number;
  actor: string;
  action: string;
  subject_type: string;
  subject_id: string;
  payload: JsonText;
  prev_hash: string;
  hash: string;
  signature: string;
  /** Key that signed the entry, so a rotated key's entries still verify. */
  key_id: string;
}

/** One row (id 1): the chain's tip. Locking it serialises appends. */
export interface AuditHeadTable {
  id: number;
  last_seq: number;
  last_hash: string;
  /** Ed25519 over `headMessage(last_seq, last_hash)`; see AuditHead. */
  signature: string | null;
}

/** Small facts about the store itself, by key. */
export interface StoreMetaTable {
  key: string;
  value: string;
}

export interface TokensTable {
  id: string;
  token_hash: string;
  principal: string;
  role: Role;
  description: string;
  created_at_ms: number;
  revoked_at_ms: number | null;
}

export interface NotificationOutboxTable {
  id: string;
  notification_id: string;
  channel: string;
  kind: NotificationKind;
  severity: AlertSeverity;
  summary: string;
  description: string;
  labels: JsonText;
  subject_type: string;
  subject_id: string;
  created_at_ms: number;
  attempts: number;
  next_attempt_at_ms: number;
  lease_owner: string | null;
  lease_until_ms: number | null;
  last_error: string | null;
  delivered_at_ms: number | null;
}

export interface MapekObservationsTable {
  source: string;
  metric: string;
  value: number;
  at_ms: number;
}

export interface MapekProbesTable {
  id: Generated<number>;
  source: string;
  name_hash: string;
  reason: MapekProbeReason;
  count: number;
  at_ms: number;
}

export interface MapekActionsTable {
  id: string;
  source: string;
  level: number;
  response: string;
  outcome: MapekActionOutcome;
  at_ms: number;
  steps: JsonText;
  detail: JsonText;
  effective: number | null;
}

/** Every table of the store. */
export interface Database {
  mapek_observations: MapekObservationsTable;
  mapek_probes: MapekProbesTable;
  mapek_actions: MapekActionsTable;
  tokens: TokensTable;
  notification_outbox: NotificationOutboxTable;
  violations: ViolationsTable;
  investigations: InvestigationsTable;
  investigation_events: InvestigationEventsTable;
  votes: VotesTable;
  committee_members: CommitteeMembersTable;
  overrides: OverridesTable;
  source_states: SourceStatesTable;
  revocations: RevocationsTable;
  subject_records: SubjectRecordsTable;
  erasures: ErasuresTable;
  audit_entries: AuditEntriesTable;
  audit_head: AuditHeadTable;
  store_meta: StoreMetaTable;
}
