import type { ViolationRecord } from '../store/records.js';
import type { ReportSummary } from './report-types.js';

/** Violations in one period from one source that call for a committee review. */
export const REPEAT_SOURCE_THRESHOLD = 3;

/**
 * The recommendations of a report, derived from its counts only, so the
 * same text is safe in the public transparency report: they name sources
 * (nodes and services), never people. The rules, in output order:
 *
 * 1. Investigations past their deadline: the committee needs capacity, or
 *    cases need an assignee.
 * 2. Violations still `reported` (never investigated).
 * 3. A source with REPEAT_SOURCE_THRESHOLD or more violations in the
 *    period, one line per source, most violations first: consider
 *    quarantine (response level 3, which needs a committee vote).
 * 4. Overrides that expired at the charter's maximum duration: review
 *    whether the maximum fits real emergencies, or whether they should
 *    have been ended sooner.
 * 5. Revocations not in force within the charter's deadline: check that
 *    every instance receives revocations.
 *
 * Nothing to recommend yields an empty list.
 */
export function recommend(
  summary: Omit<ReportSummary, 'recommendations'>,
  violations: readonly ViolationRecord[],
  limits: { maxOverrideSeconds: number; revocationDeadlineMs: number },
): string[] {
  const out: string[] = [];
  const { investigations, overrides, revocations } = summary;

  if (investigations.pastDeadline > 0) {
    out.push(
      `${plural(investigations.pastDeadline, 'investigation')} ran past their deadline: add committee capacity or assign the open cases.`,
    );
  }
  const waiting = summary.violations.byOutcome.reported;
  if (waiting > 0) {
    out.push(
      `${plural(waiting, 'violation')} reported in the period ${waiting === 1 ? 'awaits' : 'await'} investigation.`,
    );
  }

  const perSource = new Map<string, number>();
  for (const v of violations) perSource.set(v.source, (perSource.get(v.source) ?? 0) + 1);
  const repeat = [...perSource]
    .filter(([, n]) => n >= REPEAT_SOURCE_THRESHOLD)
    .sort(([a, n], [b, m]) => m - n || a.localeCompare(b));
  for (const [source, n] of repeat) {
    out.push(
      `Source "${source}" had ${n} violations in the period: consider a committee vote on quarantine (response level 3).`,
    );
  }

  if (overrides.ranToMaximum > 0) {
    out.push(
      `${plural(overrides.ranToMaximum, 'emergency override')} ran to the charter's maximum of ${limits.maxOverrideSeconds} s: review whether the maximum fits real emergencies or they should have ended sooner.`,
    );
  }
  if (revocations.missedDeadline > 0) {
    out.push(
      `${plural(revocations.missedDeadline, 'revocation')} ${revocations.missedDeadline === 1 ? 'was' : 'were'} not in force within the ${limits.revocationDeadlineMs / 1000} s deadline: check that every instance receives revocations.`,
    );
  }
  return out;
}

function plural(n: number, noun: string): string {
  return `${n} ${noun}${n === 1 ? '' : 's'}`;
}
