import { canonicalName } from './canonical.js';
import type { CharterDocument } from './schema.js';

/** One rule or setting that differs between two charters. */
export interface CharterChange {
  kind: 'added' | 'removed' | 'changed';
  /**
   * `allowed:latency_p50`, `forbidden:gps_*`, `label:user_id`, a setting path
   * (`committee.quorum_percent`) or a list item by identity (`committee.members[ada]`).
   */
  key: string;
  /** For `changed`: each differing field as `field: before -> after`. */
  fields: string[];
}

/** What changed from charter `a` to charter `b`, rules first, then settings. */
export interface CharterDiff {
  added: CharterChange[];
  removed: CharterChange[];
  changed: CharterChange[];
}

type Flat = Map<string, string>;

/**
 * Compares two charters rule by rule (keyed by canonical name or pattern, so
 * reordering is not a change) and setting by setting (every other leaf value).
 */
export function diffCharters(a: CharterDocument, b: CharterDocument): CharterDiff {
  const diff: CharterDiff = { added: [], removed: [], changed: [] };
  compareKeyed(rulesOf(a), rulesOf(b), diff);
  compareKeyed(settingsOf(a), settingsOf(b), diff);
  return diff;
}

function ruleKey(kind: string, rule: { name?: string; pattern?: string }): string {
  return rule.name !== undefined
    ? `${kind}:${canonicalName(rule.name)}`
    : `${kind}:${rule.pattern}`;
}

function rulesOf(doc: CharterDocument): Map<string, Flat> {
  const rules = new Map<string, Flat>();
  for (const rule of doc.metrics.allowed) rules.set(ruleKey('allowed', rule), flatten(rule));
  for (const rule of doc.metrics.forbidden) rules.set(ruleKey('forbidden', rule), flatten(rule));
  for (const label of doc.labels.forbidden) {
    rules.set(`label:${canonicalName(label.name)}`, flatten(label));
  }
  return rules;
}

function settingsOf(doc: CharterDocument): Map<string, Flat> {
  // Everything but the rule lists: each leaf is its own setting, except that
  // an item of a list of records (a committee member, a principle, a response
  // level) is one entry keyed by its identity, so adding or removing one
  // reads as that, not as every later item shifting by one.
  const { metrics: _metrics, labels: _labels, ...rest } = doc;
  const settings = new Map<string, Flat>();
  collectSettings(rest, '', settings);
  return settings;
}

function collectSettings(value: unknown, prefix: string, out: Map<string, Flat>): void {
  if (Array.isArray(value) && value.some(isRecord)) {
    value.forEach((item, i) => out.set(`${prefix}[${identityOf(item, i)}]`, flatten(item)));
  } else if (isRecord(value)) {
    for (const [k, v] of Object.entries(value)) {
      collectSettings(v, prefix === '' ? k : `${prefix}.${k}`, out);
    }
  } else {
    out.set(prefix, flatten(value, 'value'));
  }
}

/** A list item's identity: its `id`, else its `level`, else its position. */
function identityOf(item: unknown, index: number): string {
  if (!isRecord(item)) return String(index);
  const id = item.id ?? item.level;
  return typeof id === 'string' || typeof id === 'number' ? String(id) : String(index);
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function flatten(value: unknown, prefix = '', out: Flat = new Map()): Flat {
  if (Array.isArray(value) && value.every((v) => typeof v !== 'object' || v === null)) {
    out.set(prefix, value.join(', '));
  } else if (Array.isArray(value)) {
    value.forEach((v, i) => flatten(v, `${prefix}[${i}]`, out));
  } else if (isRecord(value)) {
    for (const [k, v] of Object.entries(value))
      flatten(v, prefix === '' ? k : `${prefix}.${k}`, out);
  } else {
    out.set(prefix, String(value));
  }
  return out;
}

function compareKeyed(before: Map<string, Flat>, after: Map<string, Flat>, diff: CharterDiff) {
  for (const [key, fields] of after) {
    const old = before.get(key);
    if (old === undefined) {
      diff.added.push({ kind: 'added', key, fields: [...fields].map(([f, v]) => `${f}: ${v}`) });
      continue;
    }
    const changes: string[] = [];
    for (const field of new Set([...old.keys(), ...fields.keys()])) {
      const was = old.get(field) ?? '(absent)';
      const now = fields.get(field) ?? '(absent)';
      if (was !== now) changes.push(`${field}: ${was} -> ${now}`);
    }
    if (changes.length > 0) diff.changed.push({ kind: 'changed', key, fields: changes });
  }
  for (const [key, fields] of before) {
    if (!after.has(key)) {
      diff.removed.push({
        kind: 'removed',
        key,
        fields: [...fields].map(([f, v]) => `${f}: ${v}`),
      });
    }
  }
}
