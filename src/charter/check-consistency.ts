import { canonicalName } from './canonical.js';
import { formatPath, quote, type LoadProblem, type PathSegment } from './load-problem.js';
import { createPatternIndex } from './pattern-index.js';
import type { CharterDocument } from './schema.js';

/** One value of a list, where it sits, and the key it is compared by. */
interface Entry {
  path: PathSegment[];
  value: string;
  key: string;
}

type Report = (path: PathSegment[], detail: string, hint: string) => void;
type Split = Record<'allowed' | 'forbidden', Entry[]>;
/** How list values compare: names folded to canonical form, ids and numbers as written. */
type Kind = 'name' | 'id' | 'number';

const FOLDING = 'names are compared lowercase, with - and . read as _';
const ONE_OF = 'exactly one of name or pattern';

/**
 * Checks what the schema cannot say about a schema-valid charter: its status
 * may be loaded, its date exists, each metric rule has exactly one of name and
 * pattern, nothing is listed twice, nothing is both allowed and forbidden (by
 * canonical name or by glob), no allowed metric lists a forbidden label, and
 * escalation suspends no earlier than it records a violation. Returns every
 * problem, in no particular order; the loader reports the first in the file.
 */
export function findConsistencyProblems(doc: CharterDocument): LoadProblem[] {
  const problems: LoadProblem[] = [];
  const report: Report = (path, detail, hint) => problems.push({ path, detail, hint });

  checkCharterMeta(doc, report);

  const names: Split = { allowed: [], forbidden: [] };
  const globs: Split = { allowed: [], forbidden: [] };
  for (const list of ['allowed', 'forbidden'] as const) {
    for (const [i, rule] of doc.metrics[list].entries()) {
      const at: PathSegment[] = ['metrics', list, i];
      if (rule.name !== undefined && rule.pattern !== undefined) {
        report([...at, 'pattern'], `is set together with name, expected ${ONE_OF}`, ONE_OF);
      } else if (rule.name !== undefined) {
        names[list].push(entry([...at, 'name'], rule.name));
      } else if (rule.pattern !== undefined) {
        globs[list].push(entry([...at, 'pattern'], rule.pattern));
      } else {
        report(at, `has neither name nor pattern, expected ${ONE_OF}`, ONE_OF);
      }
    }
    duplicates(names[list], 'metric', report);
    duplicates(globs[list], 'pattern', report);
  }
  checkAllowedAgainstForbidden(names, globs, report);
  checkAllowedLabels(doc, report);

  checkUniqueSettings(doc, report);

  const { violation_after: violationAfter, suspend_after: suspendAfter } =
    doc.violations.escalation;
  if (suspendAfter < violationAfter) {
    const expected = `an integer of at least violation_after (${violationAfter})`;
    const detail = `is ${suspendAfter}, expected ${expected}`;
    report(['violations', 'escalation', 'suspend_after'], detail, expected);
  }
  return problems;
}

function checkCharterMeta({ charter }: CharterDocument, report: Report): void {
  const { status, effective_date: date } = charter;
  if (status === 'suspended' || status === 'deprecated') {
    const detail = `is ${quote(status)}, expected active or pending (a ${status} charter is refused; only active or pending charters are loaded)`;
    report(['charter', 'status'], detail, 'active or pending');
  }

  // The schema's pattern admits 2025-02-30; a charter cannot take effect on it.
  const [year = 0, month = 0, day = 0] = date.split('-').map(Number);
  const parsed = new Date(Date.UTC(year, month - 1, day));
  if (parsed.getUTCMonth() !== month - 1 || parsed.getUTCDate() !== day) {
    const expected = 'a real calendar date as YYYY-MM-DD';
    report(['charter', 'effective_date'], `is ${quote(date)}, expected ${expected}`, expected);
  }
}

/** Labels, member ids, response levels and override reasons are each listed once. */
function checkUniqueSettings(doc: CharterDocument, report: Report): void {
  const lists: [PathSegment[], string | undefined, string[], string, Kind][] = [
    [['labels', 'forbidden'], 'name', doc.labels.forbidden.map((l) => l.name), 'label', 'name'],
    [['committee', 'members'], 'id', doc.committee.members.map((m) => m.id), 'member id', 'id'],
    [
      ['violations', 'response_levels'],
      'level',
      doc.violations.response_levels.map((r) => String(r.level)),
      'level',
      'number',
    ],
    [
      ['emergency_override', 'allowed_reasons'],
      undefined,
      doc.emergency_override.allowed_reasons,
      'reason',
      'name',
    ],
  ];
  for (const [at, field, values, noun, kind] of lists) {
    const entries = values.map((value, i) =>
      entry(field === undefined ? [...at, i] : [...at, i, field], value, kind === 'name'),
    );
    duplicates(entries, noun, report, kind);
  }
}

function entry(path: PathSegment[], value: string, fold = true): Entry {
  return { path, value, key: fold ? canonicalName(value) : value };
}

/** Reports every entry whose key an earlier entry has. Names are folded, ids and numbers not. */
function duplicates(
  entries: readonly Entry[],
  noun: string,
  report: Report,
  kind: Kind = 'name',
): void {
  const first = new Map<string, Entry>();
  const hint =
    kind === 'name' ? `each ${noun} listed once; ${FOLDING}` : `each ${noun} listed once`;
  for (const e of entries) {
    const earlier = first.get(e.key);
    if (earlier === undefined) {
      first.set(e.key, e);
      continue;
    }
    const shown = kind === 'number' ? e.value : quote(e.value);
    const spelled = earlier.value === e.value ? '' : ` (${quote(earlier.value)})`;
    const detail = `is ${shown}, the same ${noun} as ${formatPath(earlier.path)}${spelled}, expected each ${noun} listed once`;
    report(e.path, detail, hint);
  }
}

/**
 * A metric both allowed and forbidden: the same canonical name or pattern, an
 * allowed name a forbidden glob matches, or an allowed glob that matches a
 * forbidden name. Reported on the allowed rule, the one that widens access.
 */
function checkAllowedAgainstForbidden(names: Split, globs: Split, report: Report): void {
  const hint = 'a metric in only one of metrics.allowed and metrics.forbidden';
  const forbiddenNames = new Map(names.forbidden.map((e) => [e.key, e]));
  const forbiddenPatterns = new Map(globs.forbidden.map((e) => [e.key, e]));
  // Prefix indexes keep this linear in the rules, not rules times globs: a
  // 10,000-rule charter is checked in milliseconds.
  const index = (entries: Entry[]) =>
    createPatternIndex(entries.map((e) => ({ pattern: e.value, value: e })));
  const forbiddenGlob = index(globs.forbidden);
  const by = (other: Entry) => `which ${formatPath(other.path)} (${quote(other.value)}) forbids`;

  for (const allowed of names.allowed) {
    const other = forbiddenNames.get(allowed.key) ?? forbiddenGlob(allowed.key);
    if (other === undefined) continue;
    const detail = `is ${quote(allowed.value)}, ${by(other)}, expected a metric that is not forbidden`;
    report(allowed.path, detail, hint);
  }

  // Each forbidden name is charged to the first allowed glob that matches it;
  // the earliest such glob, the one reported, so gets its first forbidden name.
  const allowedGlob = index(globs.allowed);
  const caughtBy = new Map<Entry, Entry>();
  for (const forbidden of names.forbidden) {
    const glob = allowedGlob(forbidden.key);
    if (glob !== undefined && !caughtBy.has(glob)) caughtBy.set(glob, forbidden);
  }
  for (const allowed of globs.allowed) {
    const same = forbiddenPatterns.get(allowed.key);
    if (same !== undefined) {
      const detail = `is ${quote(allowed.value)}, ${by(same)}, expected a pattern that is not forbidden`;
      report(allowed.path, detail, hint);
      continue;
    }
    const caught = caughtBy.get(allowed);
    if (caught === undefined) continue;
    const detail = `is ${quote(allowed.value)}, which also allows ${formatPath(caught.path)} (${quote(caught.value)}) that is forbidden, expected a pattern that matches no forbidden metric`;
    report(allowed.path, detail, hint);
  }
}

/** An allowed metric that lists, among its own labels, a label that may never be attached. */
function checkAllowedLabels(doc: CharterDocument, report: Report): void {
  const forbidden = new Map(doc.labels.forbidden.map((l, i) => [canonicalName(l.name), i]));
  for (const [i, rule] of doc.metrics.allowed.entries()) {
    for (const [j, label] of (rule.labels ?? []).entries()) {
      const k = forbidden.get(canonicalName(label));
      if (k === undefined) continue;
      const other = doc.labels.forbidden[k]?.name ?? label;
      const detail = `is ${quote(label)}, which labels.forbidden[${k}].name (${quote(other)}) forbids, expected a label that is not forbidden`;
      report(
        ['metrics', 'allowed', i, 'labels', j],
        detail,
        'labels not listed in labels.forbidden',
      );
    }
  }
}
