import type { CharterDiff, CharterDocument } from '../../charter/index.js';
import { table } from '../io.js';

/** The one-line facts of a charter that `charter validate` prints. */
export function summarizeCharter(doc: CharterDocument) {
  return {
    id: doc.charter.id,
    version: doc.charter.version,
    environment: doc.charter.environment,
    status: doc.charter.status,
    allowed: doc.metrics.allowed.length,
    forbidden: doc.metrics.forbidden.length,
    forbiddenLabels: doc.labels.forbidden.length,
  };
}

/** A charter laid out for reading in a terminal. */
export function formatCharter(doc: CharterDocument): string {
  const c = doc.charter;
  const o = doc.emergency_override;
  const e = doc.violations.escalation;
  const ruleName = (r: { name?: string; pattern?: string }) => r.name ?? `${r.pattern} (pattern)`;
  return [
    `${c.name} — ${c.id} ${c.version}`,
    `environment ${c.environment}, status ${c.status}${c.status === 'pending' ? ' (dry run: decisions reported, nothing blocked)' : ''}, effective ${c.effective_date}`,
    `organization ${c.organization}; approved by ${c.approved_by.join(', ')}`,
    '',
    'Principles',
    ...c.principles.map((p) => `  - ${p.text}`),
    '',
    `Allowed metrics (${doc.metrics.allowed.length})`,
    indent(
      table(
        ['metric', 'category', 'access', 'retention', 'labels'],
        doc.metrics.allowed.map((m) => [
          ruleName(m),
          m.category,
          m.access_level,
          `${m.retention_days} d`,
          m.labels?.join(', ') ?? 'any not forbidden',
        ]),
      ),
    ),
    '',
    `Forbidden metrics (${doc.metrics.forbidden.length})`,
    indent(
      table(
        ['metric', 'category', 'severity', 'reason'],
        doc.metrics.forbidden.map((m) => [ruleName(m), m.category, m.severity, m.reason]),
      ),
    ),
    '',
    `Forbidden labels: ${doc.labels.forbidden.map((l) => `${l.name} (${l.severity})`).join(', ')}`,
    `Escalation: ${e.violation_after} attempts in ${e.window_seconds} s record a violation, ${e.suspend_after} suspend the source`,
    `Committee (quorum ${doc.committee.quorum_percent}%): ${doc.committee.members.map((m) => m.name).join(', ')}`,
    `Emergency overrides: ${o.enabled ? 'enabled' : 'disabled'}, at most ${o.max_duration_seconds} s, quorum ${o.quorum_percent}%, requested by ${o.requester_roles.join(', ')}`,
    `Revocation: in force within ${doc.revocation.deadline_seconds} s; export window ${doc.revocation.export_window_days} days`,
    `Audit: ${doc.audit.signing_algorithm} signatures, kept ${doc.audit.retention_years} years`,
  ].join('\n');
}

/** A diff as three lists; "no differences" when there are none. */
export function formatDiff(diff: CharterDiff): string {
  const lines: string[] = [];
  for (const change of [...diff.added, ...diff.removed, ...diff.changed]) {
    const mark = change.kind === 'added' ? '+' : change.kind === 'removed' ? '-' : '~';
    lines.push(`${mark} ${change.key}`);
    if (change.kind === 'changed') lines.push(...change.fields.map((f) => `    ${f}`));
  }
  const counts = `${diff.added.length} added, ${diff.removed.length} removed, ${diff.changed.length} changed`;
  return lines.length === 0 ? 'no differences' : [...lines, '', counts].join('\n');
}

function indent(text: string): string {
  return text
    .split('\n')
    .map((l) => `  ${l}`)
    .join('\n');
}
