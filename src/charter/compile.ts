import { CharterError } from '../shared/errors.js';
import { canonicalName } from './canonical.js';
import { allowDecision, denyDecision, type Decision } from './decision.js';
import { createNameMemo } from './name-memo.js';
import { createPatternIndex, type IndexedPattern, type PatternLookup } from './pattern-index.js';
import type { AllowedMetric, CharterDocument, ForbiddenMetric } from './schema.js';
import { compileSettings, type CharterSettings } from './settings.js';
import type { AccessLevel, Environment, Severity } from './vocabulary.js';

/** One allowed or forbidden metric rule, with the decisions it produces built in advance. */
export interface MetricRule {
  readonly kind: 'allowed' | 'forbidden';
  /** The rule's `name` or `pattern` as written in the charter. */
  readonly rule: string;
  readonly category: string;
  /** Severity of a forbidden rule; `null` for an allowed one. */
  readonly severity: Severity | null;
  /** Access level of an allowed rule; `null` for a forbidden one. */
  readonly accessLevel: AccessLevel | null;
  /** Canonical label names an allowed rule accepts; `null` means any label not forbidden. */
  readonly labels: ReadonlySet<string> | null;
  /** What this rule decides on its own: allow, or a `forbidden_metric` deny. */
  readonly decision: Decision;
  /** The `not_allowed` decision for a label outside `labels`; `null` without a list. */
  readonly labelDenied: Decision | null;
}

/** A forbidden label and its ready `forbidden_label` decision (rule `label:<name>`). */
export interface LabelRule {
  readonly name: string;
  readonly severity: Severity;
  readonly decision: Decision;
}

/** A valid metric name, its canonical form and the rule that decides it, if any. */
export interface MetricMatch {
  readonly canonical: string;
  readonly rule: MetricRule | undefined;
}

/** A valid label name, its canonical form and the forbidden-label rule, if any. */
export interface LabelMatch {
  readonly canonical: string;
  readonly forbidden: LabelRule | undefined;
}

/** Decisions that no rule produces; shared so that `decide` never allocates them. */
export interface FixedDecisions {
  readonly malformed: Decision;
  readonly accessRevoked: Decision;
  readonly sourceSuspended: Decision;
  /** An unlisted metric name: default deny, no rule. */
  readonly notAllowed: Decision;
}

/**
 * A charter compiled into a decision table (SPEC §4). Immutable once built: a
 * reload builds a new one rather than editing this one. The only mutable parts
 * are the private memos behind `matchMetric`/`matchLabel`, a cache whose
 * contents follow from the frozen rules.
 */
export interface CompiledCharter {
  readonly id: string;
  readonly version: string;
  readonly environment: Environment;
  readonly status: 'active' | 'pending';
  /** `pending` charters are evaluated as a dry run: reported, not enforced. */
  readonly dryRun: boolean;
  /** Number of allowed and forbidden metric rules. */
  readonly ruleCount: number;
  readonly forbiddenLabels: ReadonlyMap<string, LabelRule>;
  readonly settings: CharterSettings;
  readonly fixed: FixedDecisions;
  /** The document it was compiled from; read it, never edit it. */
  readonly document: CharterDocument;
  /** The rule for a raw metric name, or `undefined` when the name is malformed. */
  matchMetric(name: string): MetricMatch | undefined;
  /** The forbidden rule for a raw label name, or `undefined` when the name is malformed. */
  matchLabel(name: string): LabelMatch | undefined;
}

const compiled = new WeakSet<CompiledCharter>();

/** True when `value` was built by {@link compileCharter} (a reload swaps in nothing else). */
export function isCompiledCharter(value: unknown): value is CompiledCharter {
  return typeof value === 'object' && value !== null && compiled.has(value as CompiledCharter);
}

/**
 * Compiles a validated charter document into its decision table, once per
 * charter: names folded to canonical form into one exact map, globs compiled
 * once and indexed by literal prefix, every decision object a rule can return
 * built and frozen in advance, and a bounded memo from raw name to rule in
 * front of it all, so a name seen before costs one Map lookup.
 *
 * Precedence, safest first: a forbidden rule beats an allowed one whether it
 * is exact or a glob; among allowed rules an exact name beats a glob; among
 * globs of one kind the first in the file wins. Throws a `charter_invalid`
 * CharterError for a status other than active/pending or a rule with neither
 * or both of `name` and `pattern` (the loader refuses those first).
 */
export function compileCharter(doc: CharterDocument): CompiledCharter {
  const { status } = doc.charter;
  if (status !== 'active' && status !== 'pending') {
    throw new CharterError(
      'charter_invalid',
      `Cannot compile charter "${doc.charter.id}": charter.status is "${status}", expected active or pending`,
      'Set charter.status to active (enforced) or pending (dry run).',
    );
  }
  const dryRun = status === 'pending';

  const exact = new Map<string, MetricRule>();
  const forbiddenPatterns: IndexedPattern<MetricRule>[] = [];
  const allowedPatterns: IndexedPattern<MetricRule>[] = [];
  const place = (key: string, rule: MetricRule, patterns: IndexedPattern<MetricRule>[]): void => {
    if (!/[*?]/.test(key)) {
      // A forbidden entry replaces an allowed one of the same name; a repeat of
      // the same kind keeps the first, like globs do.
      const existing = exact.get(key);
      if (!existing || (existing.kind === 'allowed' && rule.kind === 'forbidden')) {
        exact.set(key, rule);
      }
    } else patterns.push({ pattern: key, value: rule });
  };

  doc.metrics.allowed.forEach((entry, i) => {
    const rule = allowedRule(ruleText(doc, entry, `metrics.allowed[${i}]`), entry, dryRun);
    place(canonicalName(rule.rule), rule, allowedPatterns);
  });
  doc.metrics.forbidden.forEach((entry, i) => {
    const rule = forbiddenRule(ruleText(doc, entry, `metrics.forbidden[${i}]`), entry, dryRun);
    place(canonicalName(rule.rule), rule, forbiddenPatterns);
  });

  const forbiddenGlob = createPatternIndex(forbiddenPatterns);
  const allowedGlob = createPatternIndex(allowedPatterns);

  const forbiddenLabels = new Map<string, LabelRule>();
  for (const { name, severity } of doc.labels.forbidden) {
    const rule = `label:${name}`;
    const decision = denyDecision(
      { reason: 'forbidden_label', rule, category: null, severity, accessLevel: null },
      dryRun,
    );
    forbiddenLabels.set(canonicalName(name), Object.freeze({ name, severity, decision }));
  }

  const none = { rule: null, category: null, severity: null, accessLevel: null };
  const table: CompiledCharter = Object.freeze({
    id: doc.charter.id,
    version: doc.charter.version,
    environment: doc.charter.environment,
    status,
    dryRun,
    ruleCount: doc.metrics.allowed.length + doc.metrics.forbidden.length,
    forbiddenLabels,
    settings: compileSettings(doc),
    fixed: Object.freeze({
      malformed: denyDecision({ reason: 'malformed', ...none }, dryRun),
      accessRevoked: denyDecision({ reason: 'access_revoked', ...none }, dryRun),
      sourceSuspended: denyDecision({ reason: 'source_suspended', ...none }, dryRun),
      notAllowed: denyDecision({ reason: 'not_allowed', ...none }, dryRun),
    }),
    document: doc,
    matchMetric: createNameMemo((canonical) => ({
      canonical,
      rule: resolveMetric(canonical, exact, forbiddenGlob, allowedGlob),
    })),
    matchLabel: createNameMemo((canonical) => ({
      canonical,
      forbidden: forbiddenLabels.get(canonical),
    })),
  });
  compiled.add(table);
  return table;
}

/** The rule deciding a canonical name, following the precedence of compileCharter. */
function resolveMetric(
  canonical: string,
  exact: ReadonlyMap<string, MetricRule>,
  forbiddenGlob: PatternLookup<MetricRule>,
  allowedGlob: PatternLookup<MetricRule>,
): MetricRule | undefined {
  const named = exact.get(canonical);
  if (named?.kind === 'forbidden') return named;

  // A forbidden glob must win over an allowed exact name too (gps_* forbids
  // gps_latency even if someone also allowed it), so it is looked up before
  // the exact allowed hit is returned. The memo pays this once per name.
  return forbiddenGlob(canonical) ?? named ?? allowedGlob(canonical);
}

function allowedRule(rule: string, entry: AllowedMetric, dryRun: boolean): MetricRule {
  const labels = entry.labels ? new Set(entry.labels.map(canonicalName)) : null;
  const facts = { rule, category: entry.category, severity: null, accessLevel: entry.access_level };
  return Object.freeze({
    kind: 'allowed',
    ...facts,
    labels,
    decision: allowDecision(rule, entry.category, entry.access_level),
    labelDenied: labels && denyDecision({ reason: 'not_allowed', ...facts }, dryRun),
  });
}

function forbiddenRule(rule: string, entry: ForbiddenMetric, dryRun: boolean): MetricRule {
  const facts = { rule, category: entry.category, severity: entry.severity, accessLevel: null };
  return Object.freeze({
    kind: 'forbidden',
    ...facts,
    labels: null,
    decision: denyDecision({ reason: 'forbidden_metric', ...facts }, dryRun),
    labelDenied: null,
  });
}

function ruleText(
  doc: CharterDocument,
  entry: { name?: string; pattern?: string },
  path: string,
): string {
  const text = entry.name ?? entry.pattern;
  if (text === undefined || (entry.name !== undefined && entry.pattern !== undefined)) {
    throw new CharterError(
      'charter_invalid',
      `Cannot compile charter "${doc.charter.id}": ${path} has ${text === undefined ? 'neither name nor pattern' : 'both name and pattern'}, expected exactly one`,
      'Give each metric rule either an exact `name` or a glob `pattern`.',
    );
  }
  return text;
}
