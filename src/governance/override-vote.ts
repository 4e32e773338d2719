import { ConflictError, InputError } from '../shared/errors.js';
import type { OverrideRecord } from '../store/records.js';
import type { StoreTx } from '../store/store.js';
import { requireActiveMember } from './committee.js';
import { quorumSize, tally } from './quorum.js';

/** Every error code the override vote rules throw. */
export const OVERRIDE_VOTE_ERROR_CODES = [
  'vote_choice_invalid',
  'not_a_member',
  'self_approval',
  'already_voted',
  'override_quorum_unreachable',
] as const;

/** Where the votes on an override stand against the committee as it is now. */
export interface OverrideTally {
  /** Approvals and rejections of current active members; votes of removed members drop out. */
  readonly approvals: number;
  readonly rejections: number;
  /** Votes a choice needs: the override quorum of the current committee, requester excepted. */
  readonly needed: number;
  /** Active members, the requester excepted, who have not voted yet. */
  readonly votersLeft: number;
  /** The decision the votes reach now, if any. */
  readonly outcome: 'approved' | 'rejected' | undefined;
}

/**
 * Records `memberId`'s vote on `override` with its audit entry, inside `tx`.
 * The caller has checked that the override is `requested`.
 *
 * @throws InputError `vote_choice_invalid` for a choice other than approve
 *   or reject; ConflictError `not_a_member` for anyone not an active
 *   committee member (see committee.ts), `self_approval` when the member
 *   requested the override, `already_voted` for a second vote.
 */
export async function castOverrideVote(
  tx: StoreTx,
  override: OverrideRecord,
  memberId: string,
  choice: 'approve' | 'reject',
  nowMs: number,
): Promise<void> {
  const id = override.id;
  if (choice !== 'approve' && choice !== 'reject') {
    throw new InputError(
      'vote_choice_invalid',
      `Cannot vote on override "${id}": choice is ${JSON.stringify(choice)}`,
      'Vote approve or reject.',
    );
  }
  await requireActiveMember(tx, memberId);
  // Due process: whoever asked for the exception may not decide on it,
  // whichever way they would vote.
  if (memberId === override.requestedBy) {
    throw new ConflictError(
      'self_approval',
      `Cannot vote on override "${id}": "${memberId}" requested it`,
      'The requester may not vote on their own request; other members decide.',
    );
  }

  const vote = { subjectType: 'override', subjectId: id, memberId, choice } as const;
  if (!(await tx.votes.cast({ ...vote, penalty: null, atMs: nowMs }))) {
    throw new ConflictError(
      'already_voted',
      `Cannot vote on override "${id}": "${memberId}" has already voted`,
      'Each member votes once; a vote cannot be changed.',
    );
  }
  await tx.audit.append({
    atMs: nowMs,
    actor: memberId,
    action: 'override.voted',
    subjectType: 'override',
    subjectId: id,
    payload: { overrideId: id, memberId, choice },
  });
}

/**
 * Tallies the votes on `override` against the committee as it is inside
 * `tx`, requester excepted, with the charter's override `quorumPercent`.
 * Reads only.
 *
 * The decision, in this order:
 * 1. rejections reach quorum: `rejected`. Checked first because with a
 *    quorum of 50 % or less both choices can reach it once membership
 *    changes, and an override is an exception to a privacy promise: when
 *    the committee is split, the promise holds.
 * 2. approvals reach quorum: `approved`.
 * 3. deadlock, approvals plus every vote still possible stay below quorum:
 *    `rejected`, since waiting would keep open a request that cannot pass.
 */
export async function tallyOverride(
  tx: StoreTx,
  override: OverrideRecord,
  quorumPercent: number,
): Promise<OverrideTally> {
  const members = new Set((await tx.committee.active()).map((m) => m.id));
  // The requester may sit on the committee but cannot vote, so is not
  // counted: the same rule investigations apply to a reporter.
  members.delete(override.requestedBy);
  const votes = await tx.votes.list('override', override.id);
  const t = tally(votes, ['approve', 'reject'], members, quorumPercent);
  const votersLeft = members.size - t.counts.approve - t.counts.reject;

  const approvals = t.counts.approve;
  const rejections = t.counts.reject;
  let outcome: OverrideTally['outcome'];
  if (rejections >= t.needed) outcome = 'rejected';
  else if (approvals >= t.needed) outcome = 'approved';
  else if (approvals + votersLeft < t.needed) outcome = 'rejected';

  return { approvals, rejections, needed: t.needed, votersLeft, outcome };
}

/**
 * Refuses a request that the current committee could never approve: no
 * active member besides the requester (a committee of one asking, or an
 * empty committee). Refusing at once beats a request that waits forever.
 *
 * @throws ConflictError `override_quorum_unreachable`.
 */
export async function requireQuorumReachable(
  tx: StoreTx,
  requesterId: string,
  quorumPercent: number,
): Promise<void> {
  const eligible = (await tx.committee.active()).filter((m) => m.id !== requesterId).length;
  const needed = quorumSize(quorumPercent, eligible);
  if (eligible < needed) {
    throw new ConflictError(
      'override_quorum_unreachable',
      `Cannot request override: ${needed} approval is needed and no active committee member besides the requester can vote`,
      'Add committee members, or have someone who is not a committee member request it.',
    );
  }
}
