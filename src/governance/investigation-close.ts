import { severityRank, type Severity } from '../charter/index.js';
import type { InvestigationRecord, ViolationRecord, VoteRecord } from '../store/records.js';
import type { StoreTx } from '../store/store.js';
import type { GovernanceDeps } from './deps.js';
import { timeline } from './timeline.js';
import { tally } from './quorum.js';

/** What closing a case changed, for the events sent after commit. */
export interface CloseOutcome {
  closed?: { investigation: InvestigationRecord; violation: ViolationRecord };
  lifted?: string;
}

/**
 * Closes the investigation if its votes reached the charter's quorum of the
 * current committee (the reporter, who may not vote, not counted): the
 * violation is confirmed with its penalty or dismissed, and a dismissal lifts
 * the suspension that this violation caused.
 */
export async function closeIfDecided(
  tx: StoreTx,
  deps: GovernanceDeps,
  inv: InvestigationRecord,
  violation: ViolationRecord,
  nowMs: number,
): Promise<CloseOutcome> {
  const members = new Set((await tx.committee.active()).map((m) => m.id));
  // The reporter may sit on the committee but cannot vote, so is not counted.
  members.delete(violation.reporter);
  const votes = await tx.votes.list('investigation', inv.id);
  const { decided } = tally(
    votes,
    ['confirm', 'dismiss'],
    members,
    deps.charter().settings.committee.quorumPercent,
  );
  if (decided === undefined) return {};

  const outcome = decided === 'confirm' ? 'confirmed' : 'dismissed';
  const penalty =
    decided === 'confirm' ? chosenPenalty(votes.filter((v) => members.has(v.memberId))) : null;
  await tx.investigations.update(inv.id, { status: 'closed', outcome, penalty, closedAtMs: nowMs });
  await tx.violations.update(violation.id, { status: outcome, penalty, updatedAtMs: nowMs });
  await timeline(tx, inv.id, nowMs, 'system', 'closed', { outcome, penalty });
  await tx.audit.append({
    atMs: nowMs,
    actor: 'system',
    action: `investigation.${outcome}`,
    subjectType: 'investigation',
    subjectId: inv.id,
    payload: { violationId: violation.id, penalty, votes: votes.length },
  });

  const result: CloseOutcome = {
    closed: {
      investigation: { ...inv, status: 'closed', outcome, penalty, closedAtMs: nowMs },
      violation: { ...violation, status: outcome, penalty, updatedAtMs: nowMs },
    },
  };
  const standing = await tx.sources.get(violation.source);
  if (
    outcome === 'dismissed' &&
    standing?.standing === 'suspended' &&
    standing.violationId === violation.id
  ) {
    await tx.sources.remove(violation.source);
    await tx.audit.append({
      atMs: nowMs,
      actor: 'system',
      action: 'source.reinstated',
      subjectType: 'source',
      subjectId: violation.source,
      payload: { violationId: violation.id, reason: 'investigation_dismissed' },
    });
    result.lifted = violation.source;
  }
  return result;
}

/** The penalty most confirming votes chose; a tie goes to the lesser severity. */
function chosenPenalty(votes: readonly VoteRecord[]): Severity {
  const counts = new Map<Severity, number>();
  for (const v of votes)
    if (v.choice === 'confirm' && v.penalty)
      counts.set(v.penalty, (counts.get(v.penalty) ?? 0) + 1);
  return (
    [...counts].sort((a, b) => b[1] - a[1] || severityRank(a[0]) - severityRank(b[0]))[0]?.[0] ??
    'warning'
  );
}
