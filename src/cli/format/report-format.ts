import type { AuditReport, TransparencyReport } from '../../governance/reports.js';
import { table } from '../io.js';
import { iso } from './text.js';

/** An audit or transparency report laid out for reading; counts of zero are left out. */
export function formatReport(r: AuditReport | TransparencyReport): string {
  const v = r.violations;
  const i = r.investigations;
  const o = r.overrides;
  const rv = r.revocations;
  const e = r.erasures;
  const lines = [
    `${r.kind} report, charter ${r.charter.id} ${r.charter.version}`,
    `period ${iso(r.period.fromMs)} to ${iso(r.period.toMs)} (end excluded), generated ${iso(r.generatedAtMs)}`,
    '',
    `violations     ${v.total}`,
    `  by type      ${counts(v.byType)}`,
    `  by severity  ${counts(v.bySeverity)}`,
    `  by outcome   ${counts(v.byOutcome)}`,
    `investigations opened ${i.opened}, closed ${i.closed}, confirmed ${i.confirmed}, dismissed ${i.dismissed}, past deadline ${i.pastDeadline}`,
    `overrides      ${o.total} (${counts(o.byStatus)}), renewals ${o.renewals}, ran to maximum ${o.ranToMaximum}`,
    `revocations    ${rv.total} (${counts(rv.byReason)}), in force ${rv.inForce}, missed deadline ${rv.missedDeadline}, max latency ${rv.maxLatencyMs === null ? '-' : `${rv.maxLatencyMs} ms`}`,
    `erasures       ${e.total} (${counts(e.byReason)}), erased ${e.erased}, in export window ${e.inExportWindow}, records erased ${e.recordsErased}`,
    `nodes penalised ${r.nodesPenalised.count}`,
  ];
  if (r.nodesPenalised.nodes.length > 0) {
    lines.push(
      indent(
        table(
          ['SOURCE', 'PENALTIES'],
          r.nodesPenalised.nodes.map((n) => [n.source, n.penalties.join(', ')]),
        ),
      ),
    );
  }
  lines.push('', 'recommendations', ...r.recommendations.map((text) => `  - ${text}`));
  if (r.recommendations.length === 0) lines.push('  none');
  if (r.kind === 'audit') lines.push('', ...formatDetails(r));
  return lines.join('\n');
}

function formatDetails(r: AuditReport): string[] {
  const d = r.details;
  const out = [
    `details: ${d.investigationsPastDeadline.length} investigation(s) past deadline, ${d.overridesAtMaximum.length} override(s) at maximum, ${d.lateRevocations.length} late revocation(s), ${d.penalties.length} penalty(ies)`,
  ];
  if (d.penalties.length > 0) {
    out.push(
      indent(
        table(
          ['VIOLATION', 'SOURCE', 'PENALTY'],
          d.penalties.map((p) => [p.violationId, p.source, p.penalty]),
        ),
      ),
    );
  }
  return out;
}

function counts(byKey: Record<string, number>): string {
  const nonzero = Object.entries(byKey).filter(([, n]) => n > 0);
  return nonzero.length === 0 ? 'none' : nonzero.map(([k, n]) => `${k} ${n}`).join(', ');
}

function indent(text: string): string {
  return text
    .split('\n')
    .map((line) => `  ${line}`)
    .join('\n');
}
