import type { OverrideGrant } from '../charter/index.js';
import type { OverrideRecord, OverrideStatus } from '../store/records.js';
import type { Page, StoreTx } from '../store/store.js';
import { emit, type GovernanceDeps, type GovernanceEvents } from './deps.js';
import { fileRenewal, OVERRIDE_RENEWAL_ERROR_CODES } from './override-renewal.js';
import {
  checkOverrideRequest,
  OVERRIDE_REQUEST_ERROR_CODES,
  type OverrideRequester,
  type OverrideRequestInput,
} from './override-request.js';
import {
  insertRequest,
  isInForce,
  loadOverride,
  OVERRIDE_STATE_ERROR_CODES,
  transition,
  wrongState,
  type OverridePatch,
} from './override-transitions.js';
import {
  castOverrideVote,
  OVERRIDE_VOTE_ERROR_CODES,
  requireQuorumReachable,
  tallyOverride,
  type OverrideTally,
} from './override-vote.js';
import { readAllPages } from './read-all-pages.js';
import { toPublicOverride, type PublicOverride } from './public-override.js';

/** Every error code the override service throws. */
export const OVERRIDE_ERROR_CODES = [
  ...OVERRIDE_REQUEST_ERROR_CODES,
  ...OVERRIDE_STATE_ERROR_CODES,
  ...OVERRIDE_VOTE_ERROR_CODES,
  ...OVERRIDE_RENEWAL_ERROR_CODES,
] as const;

type Outcome = Parameters<NonNullable<GovernanceEvents['overrideChanged']>>[1];
type Change = readonly [OverrideRecord, Outcome];
type Committed<T> = { value: T; changes: Change[] };

/** A vote's result: the override after it, and where the votes stand. */
export interface OverrideVoteResult {
  override: OverrideRecord;
  tally: OverrideTally;
}

/**
 * Emergency overrides (SPEC §5). The state machine:
 *
 *   requested → approved → active → renewed | ended | expired
 *   requested → rejected
 *
 * Every transition is one store transaction writing the record and its
 * audit entry; `overrideChanged` fires after commit. Times are Unix ms
 * from the injected clock. `endedAtMs` is when coverage stopped: the end
 * or renewal time, or `expiresAtMs` for an expiry.
 *
 * Decisions worth knowing:
 * - An approval is final once recorded: a member removed afterwards does
 *   not send it back to `requested` (their vote stops counting only for
 *   requests still open), like a closed investigation stays closed.
 * - Approval does not start the clock; activation does, so the full
 *   duration is available when the responder is ready.
 * - An `active` override past `expiresAtMs` is treated as expired on every
 *   path (grants, end, renewal, public view) before the sweeper marks it.
 */
export interface OverrideService {
  /**
   * Files a request (see checkOverrideRequest for the rules).
   *
   * @throws InputError with an OVERRIDE_REQUEST_ERROR_CODES code;
   *   ConflictError `override_quorum_unreachable` when no active member
   *   besides the requester could vote.
   */
  request(input: OverrideRequestInput): Promise<OverrideRecord>;
  /**
   * Records an active member's vote and decides once quorum or deadlock is
   * reached (see tallyOverride).
   *
   * @throws NotFoundError `override_not_found`; ConflictError
   *   `override_not_requested` and the codes of castOverrideVote.
   */
  vote(id: string, memberId: string, choice: 'approve' | 'reject'): Promise<OverrideVoteResult>;
  /**
   * approved → active for `durationSeconds` from now. When it renews an
   * override still running, that one becomes `renewed` at the same instant;
   * one that ran out meanwhile is marked `expired` instead.
   *
   * @throws ConflictError `override_not_approved`.
   */
  activate(id: string, actor: string): Promise<OverrideRecord>;
  /** active → ended before its expiry. @throws ConflictError `override_not_active`. */
  end(id: string, actor: string): Promise<OverrideRecord>;
  /**
   * Files a new request with the same scope, reason and justification that
   * renews an active override once activated, checked against the charter
   * in force now. It needs its own quorum: the first approval does not
   * carry over. Only when the charter sets `renewal_requires_approval:
   * false` is it approved at once, audited as `override.approved` by
   * `system` with the rule as reason. One pending renewal per override.
   *
   * @throws ConflictError `override_not_active`, `override_renewal_pending`,
   *   `override_quorum_unreachable`; InputError as `request`.
   */
  requestRenewal(
    id: string,
    requester: OverrideRequester,
    durationSeconds: number,
  ): Promise<OverrideRecord>;
  /** Marks every active override with expiresAtMs ≤ now `expired`; returns them. */
  sweepExpired(): Promise<OverrideRecord[]>;
  /** Grants of active overrides not expired at now, whatever the sweeper has done. */
  activeGrants(): Promise<OverrideGrant[]>;
  /** One override; NotFoundError `override_not_found`. */
  get(id: string): Promise<OverrideRecord>;
  /** Overrides newest first, filtered by status; 100 per page unless `page` says. */
  list(filter?: { status?: OverrideStatus[] }, page?: Page): Promise<OverrideRecord[]>;
  /** Every override ever, newest first, expiry applied: for the public endpoint. */
  publicView(): Promise<PublicOverride[]>;
}

/** Builds the override service over the deps' store, clock and charter. */
export function createOverrideService(deps: GovernanceDeps): OverrideService {
  const { store, clock } = deps;

  // Runs one transition in one transaction; observers hear of it only
  // after commit, so a rolled-back change is never announced.
  async function commit<T>(work: (tx: StoreTx, nowMs: number) => Promise<Committed<T>>) {
    const { value, changes } = await store.transaction((tx) => work(tx, clock.nowMs()));
    for (const [record, outcome] of changes) emit(deps, 'overrideChanged', record, outcome);
    return value;
  }

  const quorumPercent = () => deps.charter().settings.override.quorumPercent;

  return {
    async request(input) {
      const charter = deps.charter();
      const checked = checkOverrideRequest(charter, input);
      return commit(async (tx, nowMs) => {
        const { quorumPercent } = charter.settings.override;
        await requireQuorumReachable(tx, input.requester.id, quorumPercent);
        const value = await insertRequest(tx, checked, input.requester, null, nowMs, deps.notifier);
        return { value, changes: [[value, 'requested']] };
      });
    },

    async vote(id, memberId, choice) {
      return commit<OverrideVoteResult>(async (tx, nowMs) => {
        const before = await loadOverride(tx, id);
        if (before.status !== 'requested') throw wrongState(before, 'vote on', 'requested', nowMs);
        await castOverrideVote(tx, before, memberId, choice, nowMs);

        const tally = await tallyOverride(tx, before, quorumPercent());
        if (tally.outcome === undefined) return { value: { override: before, tally }, changes: [] };
        const { approvals, rejections, needed } = tally;
        const patch = { status: tally.outcome, decidedAtMs: nowMs };
        const facts = { approvals, rejections, needed };
        const after = await transition(tx, before, patch, memberId, nowMs, facts);
        return { value: { override: after, tally }, changes: [[after, tally.outcome]] };
      });
    },

    async activate(id, actor) {
      return commit(async (tx, nowMs) => {
        const before = await loadOverride(tx, id);
        if (before.status !== 'approved') throw wrongState(before, 'activate', 'approved', nowMs);
        const expiresAtMs = nowMs + before.durationSeconds * 1000;
        const patch = { status: 'active', activatedAtMs: nowMs, expiresAtMs } as const;
        const active = await transition(tx, before, patch, actor, nowMs, { expiresAtMs });
        const changes: Change[] = [[active, 'activated']];

        const old = before.renewsId === null ? undefined : await tx.overrides.get(before.renewsId);
        // Only an override still running is `renewed`. One that ran out before
        // this renewal started expired; the renewal must not rewrite that.
        if (old?.status === 'active') {
          const expired = !isInForce(old, nowMs);
          const end: OverridePatch = expired
            ? { status: 'expired', endedAtMs: old.expiresAtMs ?? nowMs }
            : { status: 'renewed', endedAtMs: nowMs };
          const after = await transition(tx, old, end, actor, nowMs, { renewalId: id });
          changes.push([after, expired ? 'expired' : 'renewed']);
        }
        return { value: active, changes };
      });
    },

    async end(id, actor) {
      return commit(async (tx, nowMs) => {
        const before = await loadOverride(tx, id);
        if (!isInForce(before, nowMs)) throw wrongState(before, 'end', 'active', nowMs);
        const patch = { status: 'ended', endedAtMs: nowMs } as const;
        const value = await transition(tx, before, patch, actor, nowMs);
        return { value, changes: [[value, 'ended']] };
      });
    },

    async requestRenewal(id, requester, durationSeconds) {
      const charter = deps.charter();
      return commit(async (tx, nowMs) => {
        const filed = await fileRenewal(
          tx,
          charter,
          id,
          requester,
          durationSeconds,
          nowMs,
          deps.notifier,
        );
        const changes: Change[] = [[filed.requested, 'requested']];
        if (filed.approved !== undefined) changes.push([filed.approved, 'approved']);
        return { value: filed.approved ?? filed.requested, changes };
      });
    },

    async sweepExpired() {
      return commit(async (tx, nowMs) => {
        const changes: Change[] = [];
        for (const record of await tx.overrides.active()) {
          if (isInForce(record, nowMs)) continue;
          const patch = { status: 'expired', endedAtMs: record.expiresAtMs ?? nowMs } as const;
          changes.push([await transition(tx, record, patch, 'system', nowMs), 'expired']);
        }
        return { value: changes.map(([record]) => record), changes };
      });
    },

    async activeGrants() {
      const nowMs = clock.nowMs();
      const active = await store.overrides.active();
      return active.filter((o) => isInForce(o, nowMs)).map(toGrant);
    },

    get: (id) => loadOverride(store, id),

    list: (filter = {}, page = { limit: 100 }) => store.overrides.list(filter, page),

    async publicView() {
      const nowMs = clock.nowMs();
      const all = await readAllPages((page) => store.overrides.list({}, page));
      all.sort((a, b) => b.requestedAtMs - a.requestedAtMs || a.id.localeCompare(b.id));
      return all.map((o) => toPublicOverride(o, nowMs));
    },
  };
}

function toGrant(record: OverrideRecord): OverrideGrant {
  const { id, metrics, labels, sources } = record;
  return { id, metrics, labels, sources, expiresAtMs: record.expiresAtMs ?? 0 };
}
