import { ConflictError, InputError, NotFoundError } from '../shared/errors.js';
import type { CommitteeMemberRecord } from '../store/records.js';
import type { StoreTx } from '../store/store.js';
import { responseRequestNotice, type ResponseRequest } from '../notify/index.js';
import { emit, type GovernanceDeps } from './deps.js';

export const COMMITTEE_ERROR_CODES = [
  'member_not_found',
  'member_exists',
  'member_invalid',
  'not_a_member',
  'committee_too_small',
  'response_request_invalid',
] as const;

const MEMBER_ID = /^[a-z0-9][a-z0-9_.-]{0,63}$/;

/** The audit committee: seeded from the charter, changed through the API. */
export interface CommitteeService {
  /**
   * Adds the charter's members the store has never had (first start: all of
   * them). A member removed through the API stays removed.
   */
  seedFromCharter(): Promise<CommitteeMemberRecord[]>;
  add(
    member: { id: string; name: string; contact: string },
    actor: string,
  ): Promise<CommitteeMemberRecord>;
  remove(id: string, actor: string): Promise<CommitteeMemberRecord>;
  active(): Promise<CommitteeMemberRecord[]>;
  all(): Promise<CommitteeMemberRecord[]>;
  /**
   * Asks the committee to decide or review a response to a source (the
   * MAPE-K loop's requests: quarantine, legal escalation, a suspension to
   * review). Queues the notification and writes the audit entry
   * `committee.response_requested` in one transaction. Asks only: nothing
   * is approved, penalised or quarantined by it.
   *
   * @throws InputError `response_request_invalid` for a level outside 1–4,
   *   an empty source or response name, or no detector.
   */
  requestResponse(request: ResponseRequest, actor: string): Promise<void>;
}

/** Throws ConflictError `not_a_member` unless `memberId` is an active member. */
export async function requireActiveMember(tx: StoreTx, memberId: string): Promise<void> {
  const member = await tx.committee.get(memberId);
  if (member?.active !== true) {
    throw new ConflictError(
      'not_a_member',
      `"${memberId}" is not an active audit committee member`,
      'Only active committee members vote; see GET /v1/committee.',
    );
  }
}

/** Creates the committee service. */
export function createCommitteeService(deps: GovernanceDeps): CommitteeService {
  const changed = async () => emit(deps, 'committeeChanged', await deps.store.committee.active());

  return {
    async seedFromCharter() {
      const nowMs = deps.clock.nowMs();
      const added = await deps.store.transaction(async (tx) => {
        const known = new Set((await tx.committee.all()).map((m) => m.id));
        const fresh = deps.charter().settings.committee.members.filter((m) => !known.has(m.id));
        const records = fresh.map((m) => member(m, nowMs));
        for (const record of records) {
          await tx.committee.upsert(record);
          await tx.audit.append(memberAudit(record, 'committee.member_seeded', 'system', nowMs));
        }
        return records;
      });
      await changed();
      return added;
    },

    async add(input, actor) {
      if (!MEMBER_ID.test(input.id) || input.name.trim() === '' || input.contact.trim() === '') {
        throw new InputError(
          'member_invalid',
          `Cannot add committee member "${input.id}": expected an id of lowercase letters, digits, _ . - (up to 64), a name and a contact`,
          'Send {"id":"ana","name":"Ana Ruiz","contact":"ana@example.org"}',
        );
      }
      const nowMs = deps.clock.nowMs();
      const record = await deps.store.transaction(async (tx) => {
        if ((await tx.committee.get(input.id))?.active === true) {
          throw new ConflictError(
            'member_exists',
            `Committee member "${input.id}" is already active`,
            'Choose another id, or remove the member first.',
          );
        }
        const fresh = member(input, nowMs);
        await tx.committee.upsert(fresh);
        await tx.audit.append(memberAudit(fresh, 'committee.member_added', actor, nowMs));
        return fresh;
      });
      await changed();
      return record;
    },

    async remove(id, actor) {
      const nowMs = deps.clock.nowMs();
      const record = await deps.store.transaction(async (tx) => {
        const existing = await tx.committee.get(id);
        if (existing?.active !== true) {
          throw new NotFoundError(
            'member_not_found',
            `No active committee member "${id}"`,
            'See GET /v1/committee for the members.',
          );
        }
        // A committee of none could never reach quorum: every case would stall.
        if ((await tx.committee.active()).length <= 1) {
          throw new ConflictError(
            'committee_too_small',
            `Cannot remove "${id}": it is the last active committee member`,
            'Add another member first.',
          );
        }
        const removed = { ...existing, active: false, removedAtMs: nowMs };
        await tx.committee.upsert(removed);
        await tx.audit.append(memberAudit(removed, 'committee.member_removed', actor, nowMs));
        return removed;
      });
      await changed();
      return record;
    },

    active: () => deps.store.committee.active(),
    all: () => deps.store.committee.all(),

    async requestResponse(request, actor) {
      checkResponseRequest(request);
      const nowMs = deps.clock.nowMs();
      await deps.store.transaction(async (tx) => {
        await deps.notifier?.enqueue(tx, [responseRequestNotice(request)], nowMs);
        await tx.audit.append({
          atMs: nowMs,
          actor,
          action: 'committee.response_requested',
          subjectType: 'source',
          subjectId: request.source,
          payload: { ...request, detectors: [...request.detectors] },
        });
      });
      emit(deps, 'responseRequested', request);
    },
  };
}

function checkResponseRequest(r: ResponseRequest): void {
  const level = r.level;
  const problem =
    !Number.isInteger(level) || level < 1 || level > 4
      ? `level is ${String(level)}, expected 1 to 4`
      : r.source.trim() === ''
        ? 'the source is empty'
        : r.responseName.trim() === ''
          ? 'the response name is empty'
          : r.detectors.length === 0
            ? 'no detector is named'
            : undefined;
  if (problem !== undefined) {
    throw new InputError(
      'response_request_invalid',
      `Cannot ask the committee for a response: ${problem}`,
      'Name the source, a level from 1 to 4 (the charter’s response levels), the response and the detectors that fired.',
    );
  }
}

function member(
  m: { id: string; name: string; contact: string },
  nowMs: number,
): CommitteeMemberRecord {
  return {
    id: m.id,
    name: m.name,
    contact: m.contact,
    active: true,
    addedAtMs: nowMs,
    removedAtMs: null,
  };
}

function memberAudit(m: CommitteeMemberRecord, action: string, actor: string, nowMs: number) {
  // The member id only: names and contacts are personal data and stay out of the trail.
  return {
    atMs: nowMs,
    actor,
    action,
    subjectType: 'committee_member',
    subjectId: m.id,
    payload: { active: m.active },
  };
}
