import type { AuditDraft, AuditEntry } from '../audit/entry.js';
import type { AuditHead } from '../audit/head.js';
import type {
  CommitteeMemberRecord,
  ErasureRecord,
  InvestigationRecord,
  MapekActionRecord,
  MapekObservationRecord,
  MapekProbeRecord,
  OutboxRecord,
  OverrideRecord,
  OverrideStatus,
  RevocationRecord,
  SourceStateRecord,
  SubjectRecord,
  TokenRecord,
  TimelineEvent,
  ViolationRecord,
  ViolationStatus,
  VoteRecord,
  VoteSubject,
} from './records.js';

/** A page of a listing, newest first unless said otherwise. */
export interface Page {
  limit: number;
  offset?: number;
}

/** Half-open period [fromMs, toMs). */
export interface Period {
  fromMs: number;
  toMs: number;
}

export interface ViolationFilter {
  status?: ViolationStatus;
  source?: string;
  period?: Period;
}

export interface ViolationRepo {
  insert(record: ViolationRecord): Promise<void>;
  /** Inserts many in as few statements as the database allows (group-committed intake). */
  insertMany(records: readonly ViolationRecord[]): Promise<void>;
  get(id: string): Promise<ViolationRecord | undefined>;
  findByIdempotencyKey(key: string): Promise<ViolationRecord | undefined>;
  /** The stored violations among `keys`, in no particular order. */
  findByIdempotencyKeys(keys: readonly string[]): Promise<ViolationRecord[]>;
  update(
    id: string,
    patch: Partial<Pick<ViolationRecord, 'status' | 'penalty' | 'investigationId' | 'updatedAtMs'>>,
  ): Promise<void>;
  list(filter: ViolationFilter, page: Page): Promise<ViolationRecord[]>;
  /** Every violation in the period, oldest first (reports). */
  inPeriod(period: Period): Promise<ViolationRecord[]>;
  /** Violations under investigation, counted per severity. */
  countInvestigatingBySeverity(): Promise<Record<string, number>>;
}

export interface InvestigationRepo {
  insert(record: InvestigationRecord): Promise<void>;
  get(id: string): Promise<InvestigationRecord | undefined>;
  update(
    id: string,
    patch: Partial<
      Pick<
        InvestigationRecord,
        'assignee' | 'deadlineAtMs' | 'status' | 'outcome' | 'penalty' | 'closedAtMs'
      >
    >,
  ): Promise<void>;
  list(
    filter: { status?: InvestigationRecord['status'] },
    page: Page,
  ): Promise<InvestigationRecord[]>;
  inPeriod(period: Period): Promise<InvestigationRecord[]>;
  addEvent(event: TimelineEvent): Promise<void>;
  timeline(investigationId: string): Promise<TimelineEvent[]>;
}

export interface VoteRepo {
  /** Records a vote; false (and nothing written) if the member already voted on it. */
  cast(vote: VoteRecord): Promise<boolean>;
  list(subjectType: VoteSubject, subjectId: string): Promise<VoteRecord[]>;
}

export interface CommitteeRepo {
  upsert(member: CommitteeMemberRecord): Promise<void>;
  get(id: string): Promise<CommitteeMemberRecord | undefined>;
  /** Active members, by id. */
  active(): Promise<CommitteeMemberRecord[]>;
  all(): Promise<CommitteeMemberRecord[]>;
}

export interface OverrideRepo {
  insert(record: OverrideRecord): Promise<void>;
  get(id: string): Promise<OverrideRecord | undefined>;
  update(
    id: string,
    patch: Partial<
      Pick<OverrideRecord, 'status' | 'decidedAtMs' | 'activatedAtMs' | 'expiresAtMs' | 'endedAtMs'>
    >,
  ): Promise<void>;
  list(filter: { status?: OverrideStatus[] }, page: Page): Promise<OverrideRecord[]>;
  /** Overrides whose status is `active` (expired ones included until swept). */
  active(): Promise<OverrideRecord[]>;
  inPeriod(period: Period): Promise<OverrideRecord[]>;
}

export interface SourceStateRepo {
  put(state: SourceStateRecord): Promise<void>;
  get(source: string): Promise<SourceStateRecord | undefined>;
  remove(source: string): Promise<void>;
  suspended(): Promise<SourceStateRecord[]>;
}

export interface RevocationRepo {
  insert(record: RevocationRecord): Promise<void>;
  get(id: string): Promise<RevocationRecord | undefined>;
  markInForce(id: string, inForceAtMs: number, latencyMs: number): Promise<void>;
  /** Every revoked collector. */
  collectors(): Promise<string[]>;
  list(page: Page): Promise<RevocationRecord[]>;
  inPeriod(period: Period): Promise<RevocationRecord[]>;
}

export interface SubjectRepo {
  insertRecord(record: SubjectRecord): Promise<void>;
  records(subjectId: string): Promise<SubjectRecord[]>;
  /** Deletes every record of the subject and returns how many there were. */
  eraseRecords(subjectId: string): Promise<number>;
  insertErasure(record: ErasureRecord): Promise<void>;
  getErasure(id: string): Promise<ErasureRecord | undefined>;
  updateErasure(
    id: string,
    patch: Partial<Pick<ErasureRecord, 'status' | 'subjectId' | 'erasedAtMs' | 'recordsErased'>>,
  ): Promise<void>;
  /** Erasures still in their export window whose window closed at or before `nowMs`. */
  dueErasures(nowMs: number): Promise<ErasureRecord[]>;
  erasuresInPeriod(period: Period): Promise<ErasureRecord[]>;
}

export interface AuditRepo {
  /** Seals `draft` after the current last entry (hash chain, signature) and stores it. */
  append(draft: AuditDraft): Promise<AuditEntry>;
  /** Appends `drafts` in order, as `append` would one by one, in fewer statements. */
  appendMany(drafts: readonly AuditDraft[]): Promise<AuditEntry[]>;
  /** Entries in sequence order from `fromSeq` (inclusive), at most `limit`. */
  range(fromSeq: number, limit: number): Promise<AuditEntry[]>;
  count(): Promise<number>;
  last(): Promise<AuditEntry | undefined>;
  /**
   * The signed head: where the trail ends as the store last committed it
   * (seq 0 and the genesis hash before the first entry). Moved and re-signed
   * in the transaction of every append.
   */
  head(): Promise<AuditHead>;
}

export interface TokenRepo {
  insert(record: TokenRecord): Promise<void>;
  findByHash(tokenHash: string): Promise<TokenRecord | undefined>;
  get(id: string): Promise<TokenRecord | undefined>;
  /** Marks the token revoked; false if it was unknown or already revoked. */
  revoke(id: string, atMs: number): Promise<boolean>;
  /** Every token, revoked ones included, oldest first. */
  list(): Promise<TokenRecord[]>;
}

/** The MAPE-K loop's Knowledge (SPEC §10): observations, probes and actions. */
export interface KnowledgeRepo {
  /** Keeps the latest value per source and metric (older values are replaced). */
  putObservations(records: readonly MapekObservationRecord[]): Promise<void>;
  /** Every kept observation, by source then metric. */
  observations(): Promise<MapekObservationRecord[]>;
  insertProbes(records: readonly MapekProbeRecord[]): Promise<void>;
  /** Probes at or after `fromMs`, oldest first. */
  probesSince(fromMs: number): Promise<MapekProbeRecord[]>;
  /** Deletes probes before `beforeMs`; returns how many. */
  pruneProbes(beforeMs: number): Promise<number>;
  insertAction(record: MapekActionRecord): Promise<void>;
  /** Actions about `source` (every source without it), newest first. */
  actions(filter: { source?: string }, page: Page): Promise<MapekActionRecord[]>;
  /** Records whether an action proved effective; throws `store_not_found` for an unknown id. */
  judgeAction(id: string, effective: boolean): Promise<void>;
}

/** A dispatcher's request for due deliveries. */
export interface OutboxClaim {
  /** Channels the dispatcher delivers to; rows of other channels are left alone. */
  channels: readonly string[];
  nowMs: number;
  limit: number;
  /** Who takes the lease; only the holder may record the attempt's outcome. */
  owner: string;
  leaseMs: number;
}

/** The committee notification outbox: one row per (notification, channel). */
export interface OutboxRepo {
  /**
   * Stores the deliveries; one already stored for the same notification and
   * channel is kept as it is. Returns how many were new.
   */
  enqueue(records: readonly OutboxRecord[]): Promise<number>;
  /**
   * Leases up to `limit` due rows (undelivered, next attempt at or before
   * `nowMs`, no live lease), soonest due first. Concurrent claims, from this
   * or another instance, never return the same row while its lease lives.
   */
  claim(claim: OutboxClaim): Promise<OutboxRecord[]>;
  /** Records the delivery; false (nothing written) if `owner` no longer holds the lease. */
  markDelivered(id: string, owner: string, atMs: number): Promise<boolean>;
  /** Records a failed attempt and when to retry; false if `owner` no longer holds the lease. */
  markFailed(
    id: string,
    owner: string,
    failure: { error: string; nextAttemptAtMs: number },
  ): Promise<boolean>;
  get(id: string): Promise<OutboxRecord | undefined>;
  /** Every delivery of one notification, by channel. */
  forNotification(notificationId: string): Promise<OutboxRecord[]>;
  /** Deliveries, oldest first; `pending` keeps only undelivered (true) or delivered (false) ones. */
  list(filter: { pending?: boolean }, page: Page): Promise<OutboxRecord[]>;
  /** How many rows are undelivered, and when the oldest of them was created. */
  backlog(): Promise<{ count: number; oldestCreatedAtMs: number | null }>;
}

/** Everything a unit of work can read and write. */
export interface StoreTx {
  violations: ViolationRepo;
  investigations: InvestigationRepo;
  votes: VoteRepo;
  committee: CommitteeRepo;
  overrides: OverrideRepo;
  sources: SourceStateRepo;
  revocations: RevocationRepo;
  subjects: SubjectRepo;
  audit: AuditRepo;
  tokens: TokenRepo;
  outbox: OutboxRepo;
  knowledge: KnowledgeRepo;
}

/**
 * The durable store (SPEC §5): SQLite by default, PostgreSQL for several
 * instances, one contract for both. Every state change goes through
 * `transaction`, which commits all of its writes, the audit entries included,
 * or none of them.
 */
export interface Store extends StoreTx {
  readonly dialect: 'sqlite' | 'postgres';
  /** Runs `work` in one transaction; rolls back if it throws. Serialises audit appends. */
  transaction<T>(work: (tx: StoreTx) => Promise<T>): Promise<T>;
  /** Applies pending migrations; returns the names applied. */
  migrate(): Promise<string[]>;
  /** Resolves when the database answers. */
  ping(): Promise<void>;
  close(): Promise<void>;
}
