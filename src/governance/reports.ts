import type { CompiledCharter } from '../charter/index.js';
import type { InvestigationRecord } from '../store/records.js';
import type { Period, StoreTx } from '../store/store.js';
import type { GovernanceDeps } from './deps.js';
import { readAllPages } from './read-all-pages.js';
import { aggregateReport } from './report-aggregates.js';
import { inPeriod, REPORT_PERIOD_ERROR_CODES, resolvePeriod } from './report-period.js';
import type { AuditDetails, Penalty, ReportInput, ReportSummary } from './report-types.js';

/** Every error code the report service throws. */
export const REPORT_ERROR_CODES = [...REPORT_PERIOD_ERROR_CODES] as const;

/** What every report starts with. Times are Unix ms; the period is [fromMs, toMs). */
export interface ReportHeader {
  period: Period;
  generatedAtMs: number;
  /** The charter in force when the report was generated. */
  charter: { id: string; version: string };
}

/** The committee's audit report: every count, and who was involved where it matters. */
export interface AuditReport extends ReportHeader, ReportSummary {
  kind: 'audit';
  details: AuditDetails;
}

/** The public transparency report: the same counts, nothing about persons. */
export interface TransparencyReport extends ReportHeader, ReportSummary {
  kind: 'transparency';
}

/** Reports over any period (SPEC §5), the calendar quarter (UTC) by default. */
export interface ReportService {
  /**
   * Counts of violations (by type, severity and outcome), investigations,
   * overrides, revocations, erasures, the nodes penalised, and the
   * recommendations of report-recommendations.ts, with details naming
   * assignees and requesters. For the committee only.
   *
   * @throws InputError `report_period_invalid`.
   */
  auditReport(period?: Period): Promise<AuditReport>;
  /**
   * The audit report's counts and recommendations without its details: no
   * reporter, assignee, requester, evidence or subject id, so it is safe
   * on the public, unauthenticated endpoint. Source ids (nodes penalised,
   * repeat sources in recommendations) stay: a source is a node or service
   * of the network's infrastructure, not a person, and the public is owed
   * the knowledge of which parts of the network broke the charter.
   *
   * @throws InputError `report_period_invalid`.
   */
  transparencyReport(period?: Period): Promise<TransparencyReport>;
}

/** Builds the report service. Reports read only; they write no audit entry. */
export function createReportService(deps: GovernanceDeps): ReportService {
  async function build(period: Period | undefined) {
    const nowMs = deps.clock.nowMs();
    const resolved = resolvePeriod(period, nowMs);
    const charter = deps.charter();
    // One transaction: every count comes from the same snapshot.
    const input = await deps.store.transaction((tx) => readInput(tx, resolved, nowMs, charter));
    const header: ReportHeader = {
      period: resolved,
      generatedAtMs: nowMs,
      charter: { id: charter.id, version: charter.version },
    };
    return { header, ...aggregateReport(input) };
  }

  return {
    async auditReport(period) {
      const { header, summary, details } = await build(period);
      return { kind: 'audit', ...header, ...summary, details };
    },

    async transparencyReport(period) {
      const { header, summary } = await build(period);
      return { kind: 'transparency', ...header, ...summary };
    },
  };
}

async function readInput(
  tx: StoreTx,
  period: Period,
  nowMs: number,
  charter: CompiledCharter,
): Promise<ReportInput> {
  // The store lists investigations by opening time; those decided in the
  // period may have opened before it, and open ones matter for deadlines.
  const opened = await tx.investigations.inPeriod(period);
  const closed = (
    await readAllPages((page) => tx.investigations.list({ status: 'closed' }, page))
  ).filter((i) => inPeriod(i.closedAtMs, period));
  const open = await readAllPages((page) => tx.investigations.list({ status: 'open' }, page));
  const investigations = new Map<string, InvestigationRecord>();
  for (const i of [...opened, ...closed, ...open]) investigations.set(i.id, i);

  const penalties: Penalty[] = [];
  for (const i of closed) {
    if (i.outcome !== 'confirmed' || i.penalty === null) continue;
    const violation = await tx.violations.get(i.violationId);
    if (violation === undefined) continue;
    penalties.push({ violationId: violation.id, source: violation.source, penalty: i.penalty });
  }

  return {
    period,
    nowMs,
    maxOverrideSeconds: charter.settings.override.maxDurationSeconds,
    revocationDeadlineMs: charter.settings.revocation.deadlineSeconds * 1000,
    violations: await tx.violations.inPeriod(period),
    investigations: [...investigations.values()],
    penalties,
    overrides: await tx.overrides.inPeriod(period),
    revocations: await tx.revocations.inPeriod(period),
    erasures: await tx.subjects.erasuresInPeriod(period),
  };
}
