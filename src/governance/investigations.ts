import { SEVERITIES, type Severity } from '../charter/index.js';
import { investigationNotice, type Notifier } from '../notify/index.js';
import { ConflictError, InputError, NotFoundError } from '../shared/errors.js';
import { newId } from '../shared/ids.js';
import type {
  Evidence,
  InvestigationInitiator,
  InvestigationRecord,
  TimelineEvent,
  ViolationRecord,
  VoteRecord,
} from '../store/records.js';
import type { Page, StoreTx } from '../store/store.js';
import { requireActiveMember } from './committee.js';
import { emit, type GovernanceDeps } from './deps.js';
import { checkEvidence } from './evidence.js';
import { closeIfDecided } from './investigation-close.js';
import { timeline } from './timeline.js';

export const INVESTIGATION_ERROR_CODES = [
  'investigation_not_found',
  'investigation_closed',
  'violation_not_found',
  'violation_not_open',
  'reporter_cannot_vote',
  'already_voted',
  'not_a_member',
  'penalty_required',
  'note_invalid',
] as const;

/** Days an investigation has before its deadline, unless the opener sets one. */
export const DEFAULT_DEADLINE_DAYS = 14;
const DAY_MS = 86_400_000;

export interface OpenInvestigation {
  violationId: string;
  initiatedBy: InvestigationInitiator;
  openedBy: string;
  assignee?: string;
  deadlineAtMs?: number;
}

/** An investigation with its timeline and votes. */
export interface InvestigationView extends InvestigationRecord {
  timeline: TimelineEvent[];
  votes: VoteRecord[];
}

/**
 * Opens an investigation inside `tx`: the violation moves from `reported` to
 * `investigating`, the investigation starts its timeline, both are audited,
 * and the committee is notified through `notifier`.
 */
export async function openInvestigationInTx(
  tx: StoreTx,
  input: OpenInvestigation,
  nowMs: number,
  notifier?: Notifier,
): Promise<{ investigation: InvestigationRecord; violation: ViolationRecord }> {
  const violation = await tx.violations.get(input.violationId);
  if (violation === undefined) {
    throw new NotFoundError(
      'violation_not_found',
      `No violation "${input.violationId}"`,
      'List violations to find their ids.',
    );
  }
  if (violation.status !== 'reported') {
    throw new ConflictError(
      'violation_not_open',
      `Cannot open an investigation of violation ${violation.id}: it is ${violation.status}, expected reported`,
      violation.investigationId
        ? `It is investigated in ${violation.investigationId}.`
        : 'Closed violations cannot be reopened.',
    );
  }
  const investigation: InvestigationRecord = {
    id: newId('inv'),
    violationId: violation.id,
    initiatedBy: input.initiatedBy,
    openedBy: input.openedBy,
    assignee: input.assignee ?? null,
    deadlineAtMs: input.deadlineAtMs ?? nowMs + DEFAULT_DEADLINE_DAYS * DAY_MS,
    status: 'open',
    outcome: null,
    penalty: null,
    openedAtMs: nowMs,
    closedAtMs: null,
  };
  await tx.investigations.insert(investigation);
  await tx.violations.update(violation.id, {
    status: 'investigating',
    investigationId: investigation.id,
    updatedAtMs: nowMs,
  });
  await timeline(tx, investigation.id, nowMs, input.openedBy, 'opened', {
    initiatedBy: input.initiatedBy,
    violationId: violation.id,
  });
  await tx.audit.append({
    atMs: nowMs,
    actor: input.openedBy,
    action: 'investigation.opened',
    subjectType: 'investigation',
    subjectId: investigation.id,
    payload: {
      violationId: violation.id,
      initiatedBy: input.initiatedBy,
      deadlineAtMs: investigation.deadlineAtMs,
    },
  });
  const investigating: ViolationRecord = {
    ...violation,
    status: 'investigating',
    investigationId: investigation.id,
  };
  await notifier?.enqueue(tx, [investigationNotice(investigation, investigating)], nowMs);
  return { investigation, violation: investigating };
}

/** Investigations and the committee's votes that close them (SPEC §5). */
export interface InvestigationService {
  open(input: OpenInvestigation): Promise<InvestigationRecord>;
  assign(id: string, actor: string, assignee: string): Promise<InvestigationRecord>;
  addNote(id: string, actor: string, text: string): Promise<void>;
  addEvidence(id: string, actor: string, evidence: Evidence[]): Promise<void>;
  /**
   * A member's vote: `confirm` with a penalty, or `dismiss`. When a choice
   * reaches the charter's quorum of the current committee the case closes:
   * confirmed with the penalty most confirming members chose (a tie goes to
   * the lesser), or dismissed, which also lifts a suspension it caused.
   */
  vote(
    id: string,
    memberId: string,
    choice: 'confirm' | 'dismiss',
    penalty?: Severity,
  ): Promise<InvestigationView>;
  get(id: string): Promise<InvestigationView>;
  list(
    filter: { status?: InvestigationRecord['status'] },
    page: Page,
  ): Promise<InvestigationRecord[]>;
}

/** Creates the investigation service. */
export function createInvestigationService(deps: GovernanceDeps): InvestigationService {
  const { store, clock } = deps;

  const load = async (
    tx: StoreTx,
    id: string,
    mustBeOpen: boolean,
  ): Promise<InvestigationRecord> => {
    const inv = await tx.investigations.get(id);
    if (inv === undefined) {
      throw new NotFoundError(
        'investigation_not_found',
        `No investigation "${id}"`,
        'List investigations to find their ids.',
      );
    }
    if (mustBeOpen && inv.status !== 'open') {
      throw new ConflictError(
        'investigation_closed',
        `Investigation ${id} is closed (${inv.outcome ?? 'no outcome'})`,
        'Closed investigations take no more votes, notes or evidence.',
      );
    }
    return inv;
  };

  const view = async (tx: StoreTx, inv: InvestigationRecord): Promise<InvestigationView> => ({
    ...inv,
    timeline: await tx.investigations.timeline(inv.id),
    votes: await tx.votes.list('investigation', inv.id),
  });

  return {
    async open(input) {
      const result = await store.transaction((tx) =>
        openInvestigationInTx(tx, input, clock.nowMs(), deps.notifier),
      );
      emit(deps, 'investigationOpened', result.investigation, result.violation);
      return result.investigation;
    },

    async assign(id, actor, assignee) {
      const nowMs = clock.nowMs();
      return store.transaction(async (tx) => {
        const inv = await load(tx, id, true);
        await tx.investigations.update(id, { assignee });
        await timeline(tx, id, nowMs, actor, 'assigned', { assignee });
        await tx.audit.append({
          atMs: nowMs,
          actor,
          action: 'investigation.assigned',
          subjectType: 'investigation',
          subjectId: id,
          payload: { assignee },
        });
        return { ...inv, assignee };
      });
    },

    async addNote(id, actor, text) {
      if (text.trim() === '' || text.length > 4000) {
        throw new InputError(
          'note_invalid',
          `Cannot add a note of ${text.length} characters to ${id}`,
          'A note is 1 to 4000 characters.',
        );
      }
      const nowMs = clock.nowMs();
      await store.transaction(async (tx) => {
        await load(tx, id, true);
        await timeline(tx, id, nowMs, actor, 'note', { text });
        // The trail keeps that a note was added, not its text: notes may quote people.
        await tx.audit.append({
          atMs: nowMs,
          actor,
          action: 'investigation.note_added',
          subjectType: 'investigation',
          subjectId: id,
          payload: { length: text.length },
        });
      });
    },

    async addEvidence(id, actor, evidence) {
      const items = checkEvidence(evidence);
      const nowMs = clock.nowMs();
      await store.transaction(async (tx) => {
        await load(tx, id, true);
        await timeline(tx, id, nowMs, actor, 'evidence', { evidence: items });
        await tx.audit.append({
          atMs: nowMs,
          actor,
          action: 'investigation.evidence_added',
          subjectType: 'investigation',
          subjectId: id,
          payload: { evidence: items.map((e) => `${e.kind}:${e.value}`) },
        });
      });
    },

    async vote(id, memberId, choice, penalty) {
      if (choice === 'confirm' && (penalty === undefined || !SEVERITIES.includes(penalty))) {
        throw new InputError(
          'penalty_required',
          `A vote to confirm investigation ${id} needs a penalty`,
          `Send a penalty, one of ${SEVERITIES.join(', ')}`,
        );
      }
      const nowMs = clock.nowMs();
      const outcome = await store.transaction(async (tx) => {
        const inv = await load(tx, id, true);
        await requireActiveMember(tx, memberId);
        const violation = (await tx.violations.get(inv.violationId))!;
        // Due process: nobody judges their own report.
        if (violation.reporter === memberId) {
          throw new ConflictError(
            'reporter_cannot_vote',
            `"${memberId}" reported violation ${violation.id} and cannot vote on its investigation`,
            'Another committee member must vote.',
          );
        }
        const cast = await tx.votes.cast({
          subjectType: 'investigation',
          subjectId: id,
          memberId,
          choice,
          penalty: choice === 'confirm' ? (penalty ?? null) : null,
          atMs: nowMs,
        });
        if (!cast) {
          throw new ConflictError(
            'already_voted',
            `"${memberId}" has already voted on investigation ${id}`,
            'Each member votes once per case.',
          );
        }
        await timeline(tx, id, nowMs, memberId, 'vote', { choice, penalty: penalty ?? null });
        await tx.audit.append({
          atMs: nowMs,
          actor: memberId,
          action: 'investigation.vote_cast',
          subjectType: 'investigation',
          subjectId: id,
          payload: { choice, penalty: penalty ?? null },
        });
        return closeIfDecided(tx, deps, inv, violation, nowMs);
      });
      if (outcome.closed)
        emit(deps, 'investigationClosed', outcome.closed.investigation, outcome.closed.violation);
      if (outcome.lifted) emit(deps, 'sourceStandingChanged', outcome.lifted, false);
      return store.transaction(async (tx) => view(tx, await load(tx, id, false)));
    },

    get: (id) => store.transaction(async (tx) => view(tx, await load(tx, id, false))),
    list: (filter, page) => store.investigations.list(filter, page),
  };
}
