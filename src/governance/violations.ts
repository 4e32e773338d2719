import type { Severity, ViolationType } from '../charter/index.js';
import { criticalViolationNotice } from '../notify/index.js';
import { ConflictError, NotFoundError } from '../shared/errors.js';
import { newId } from '../shared/ids.js';
import type { Evidence, ViolationRecord } from '../store/records.js';
import type { Page, StoreTx, ViolationFilter } from '../store/store.js';
import { emit, type GovernanceDeps } from './deps.js';
import { checkEvidence } from './evidence.js';

/** What a reporter says happened. */
export interface ViolationReport {
  type: ViolationType;
  /** Node or service the report is about. */
  source: string;
  /** Principal reporting it; `system` for the service's own escalation. */
  reporter: string;
  evidence: Evidence[];
  /** A client-chosen key: reporting twice with it records once. */
  idempotencyKey?: string;
  rule?: string;
  /** Proposed penalty; the charter's severity for the type when absent. */
  severity?: Severity;
  properties?: Record<string, string | number | boolean>;
}

/** A stored report, and whether this call created it or found it. */
export interface ReportOutcome {
  violation: ViolationRecord;
  created: boolean;
}

export const VIOLATION_ERROR_CODES = [
  'evidence_invalid',
  'idempotency_key_reused',
  'violation_not_found',
] as const;

/**
 * Writes one report inside `tx`: the violation and its audit entry. With an
 * idempotency key already used for the same type, source and reporter, it
 * returns the stored violation instead; reused for another report, it throws
 * ConflictError `idempotency_key_reused`.
 */
export async function recordViolation(
  tx: StoreTx,
  deps: GovernanceDeps,
  report: ViolationReport,
  nowMs: number,
): Promise<ReportOutcome> {
  const [outcome] = await recordViolations(tx, deps, [report], nowMs);
  return outcome!;
}

/**
 * Writes many reports inside `tx` with one lookup of their idempotency keys
 * and bulk inserts of violations and audit entries: the group-committed
 * intake's path, with the same rules as {@link recordViolation}. A key seen
 * twice in the batch is one report. Throws (and writes nothing that
 * survives the transaction) if any report is refused.
 */
export async function recordViolations(
  tx: StoreTx,
  deps: GovernanceDeps,
  reports: readonly ViolationReport[],
  nowMs: number,
): Promise<ReportOutcome[]> {
  const keys = reports.flatMap((r) => (r.idempotencyKey === undefined ? [] : [r.idempotencyKey]));
  const known = new Map<string, ViolationRecord>();
  if (keys.length > 0) {
    for (const v of await tx.violations.findByIdempotencyKeys(keys))
      known.set(v.idempotencyKey!, v);
  }

  const charter = deps.charter();
  const fresh: ViolationRecord[] = [];
  const outcomes = reports.map((report): ReportOutcome => {
    const evidence = checkEvidence(report.evidence);
    const existing =
      report.idempotencyKey === undefined ? undefined : known.get(report.idempotencyKey);
    if (existing !== undefined) return { violation: sameReport(existing, report), created: false };

    const violation: ViolationRecord = {
      id: newId('vio'),
      idempotencyKey: report.idempotencyKey ?? null,
      type: report.type,
      severity: report.severity ?? charter.settings.severityByType[report.type],
      source: report.source,
      reporter: report.reporter,
      evidence,
      status: 'reported',
      penalty: null,
      policy: charter.id,
      rule: report.rule ?? null,
      properties: report.properties ?? {},
      investigationId: null,
      reportedAtMs: nowMs,
      updatedAtMs: nowMs,
    };
    if (violation.idempotencyKey !== null) known.set(violation.idempotencyKey, violation);
    fresh.push(violation);
    return { violation, created: true };
  });

  await tx.violations.insertMany(fresh);
  await tx.audit.appendMany(fresh.map((v) => reportedAudit(v, nowMs)));
  await deps.notifier?.enqueue(tx, fresh.map(criticalViolationNotice), nowMs);
  return outcomes;
}

function reportedAudit(violation: ViolationRecord, nowMs: number) {
  return {
    atMs: nowMs,
    actor: violation.reporter,
    action: 'violation.reported',
    subjectType: 'violation',
    subjectId: violation.id,
    payload: {
      type: violation.type,
      severity: violation.severity,
      source: violation.source,
      policy: violation.policy,
      rule: violation.rule,
      evidence: violation.evidence.map((e) => `${e.kind}:${e.value}`),
    },
  };
}

function sameReport(existing: ViolationRecord, report: ViolationReport): ViolationRecord {
  if (
    existing.type !== report.type ||
    existing.source !== report.source ||
    existing.reporter !== report.reporter
  ) {
    throw new ConflictError(
      'idempotency_key_reused',
      `Cannot report violation: idempotency key "${existing.idempotencyKey}" was used for violation ${existing.id} (${existing.type} by ${existing.reporter} about ${existing.source}), not for this report`,
      'Use a new idempotency key for each distinct report; resend the same report with the same key.',
    );
  }
  return existing;
}

/** Reporting and reading violations. Reports are acknowledged only after commit. */
export interface ViolationService {
  report(report: ViolationReport): Promise<ReportOutcome>;
  get(id: string): Promise<ViolationRecord>;
  list(filter: ViolationFilter, page: Page): Promise<ViolationRecord[]>;
}

/** Creates the violation service; see {@link recordViolation} for the rules. */
export function createViolationService(deps: GovernanceDeps): ViolationService {
  return {
    async report(report) {
      const startMs = deps.clock.nowMs();
      const outcome = await deps.store.transaction((tx) =>
        recordViolation(tx, deps, report, deps.clock.nowMs()),
      );
      if (outcome.created) {
        emit(deps, 'violationRecorded', outcome.violation, deps.clock.nowMs() - startMs);
      }
      return outcome;
    },
    async get(id) {
      const violation = await deps.store.violations.get(id);
      if (violation === undefined) {
        throw new NotFoundError(
          'violation_not_found',
          `No violation "${id}"`,
          'List violations to find their ids.',
        );
      }
      return violation;
    },
    list: (filter, page) => deps.store.violations.list(filter, page),
  };
}
