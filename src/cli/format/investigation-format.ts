import type { InvestigationView } from '../../governance/investigations.js';
import type { InvestigationRecord } from '../../store/records.js';
import { table } from '../io.js';
import { fields, iso, sections } from './text.js';

/** Investigations, one per row. */
export function formatInvestigations(list: InvestigationRecord[]): string {
  if (list.length === 0) return 'no investigations';
  return table(
    ['ID', 'VIOLATION', 'STATUS', 'OUTCOME', 'PENALTY', 'ASSIGNEE', 'DEADLINE'],
    list.map((i) => [
      i.id,
      i.violationId,
      i.status,
      i.outcome ?? '-',
      i.penalty ?? '-',
      i.assignee ?? '-',
      iso(i.deadlineAtMs),
    ]),
  );
}

/** One investigation with its timeline and votes. */
export function formatInvestigation(i: InvestigationView): string {
  return sections(
    formatInvestigationHead(i),
    i.timeline.length === 0
      ? ''
      : `timeline\n${table(
          ['AT', 'ACTOR', 'EVENT', 'DETAIL'],
          i.timeline.map((e) => [iso(e.atMs), e.actor, e.kind, detail(e.body)]),
        )}`,
    i.votes.length === 0
      ? 'votes: none yet'
      : `votes\n${table(
          ['MEMBER', 'CHOICE', 'PENALTY', 'AT'],
          i.votes.map((v) => [v.memberId, v.choice, v.penalty ?? '-', iso(v.atMs)]),
        )}`,
  );
}

/** The record's own fields, without timeline and votes. */
export function formatInvestigationHead(i: InvestigationRecord): string {
  return fields([
    ['id', i.id],
    ['violation', i.violationId],
    ['status', i.status],
    ['outcome', i.outcome],
    ['penalty', i.penalty],
    ['assignee', i.assignee],
    ['initiated by', i.initiatedBy],
    ['opened by', i.openedBy],
    ['opened', iso(i.openedAtMs)],
    ['deadline', iso(i.deadlineAtMs)],
    ['closed', iso(i.closedAtMs)],
  ]);
}

/** A vote's answer: where the case stands after it. */
export function formatAfterVote(i: InvestigationView): string {
  const head =
    i.status === 'closed'
      ? `investigation ${i.id} closed: ${i.outcome}${i.penalty ? ` with penalty ${i.penalty}` : ''}`
      : `investigation ${i.id} still open: ${i.votes.length} vote(s) recorded, quorum not reached`;
  return head;
}

function detail(body: Record<string, unknown>): string {
  const entries = Object.entries(body);
  if (entries.length === 0) return '-';
  return entries.map(([k, v]) => `${k}=${typeof v === 'string' ? v : JSON.stringify(v)}`).join(' ');
}
