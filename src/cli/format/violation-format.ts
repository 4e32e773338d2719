import type { ViolationRecord } from '../../store/records.js';
import { table } from '../io.js';
import { fields, iso, sections } from './text.js';

/** Violations, one per row, newest as the service orders them. */
export function formatViolations(list: ViolationRecord[]): string {
  if (list.length === 0) return 'no violations';
  return table(
    ['ID', 'TYPE', 'SEVERITY', 'SOURCE', 'STATUS', 'PENALTY', 'REPORTED'],
    list.map((v) => [
      v.id,
      v.type,
      v.severity,
      v.source,
      v.status,
      v.penalty ?? '-',
      iso(v.reportedAtMs),
    ]),
  );
}

/** One violation with its evidence and properties. */
export function formatViolation(v: ViolationRecord): string {
  const evidence = v.evidence.map(
    (e) => `  ${e.kind}:${e.value}${e.description ? ` (${e.description})` : ''}`,
  );
  const props = Object.entries(v.properties).map(([k, value]) => `  ${k}=${String(value)}`);
  return sections(
    fields([
      ['id', v.id],
      ['type', v.type],
      ['severity', v.severity],
      ['source', v.source],
      ['reporter', v.reporter],
      ['status', v.status],
      ['penalty', v.penalty],
      ['policy', v.policy],
      ['rule', v.rule],
      ['investigation', v.investigationId],
      ['reported', iso(v.reportedAtMs)],
      ['updated', iso(v.updatedAtMs)],
    ]),
    evidence.length > 0 ? ['evidence', ...evidence].join('\n') : '',
    props.length > 0 ? ['properties', ...props].join('\n') : '',
  );
}

/** The answer to a report: stored now, or found by its idempotency key. */
export function formatReported(r: { violation: ViolationRecord; created: boolean }): string {
  const v = r.violation;
  const how = r.created ? 'reported' : 'already reported (same idempotency key)';
  return `violation ${v.id} ${how}: ${v.type} by ${v.source}, severity ${v.severity}, status ${v.status}`;
}

/** Suspended sources, one per line. */
export function formatSuspended(sources: string[]): string {
  return sources.length === 0
    ? 'no suspended sources'
    : table(
        ['SOURCE'],
        sources.map((s) => [s]),
      );
}
