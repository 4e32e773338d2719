import type { CompiledCharter, MetricMatch } from './compile.js';
import { overrideDecision, type Decision } from './decision.js';
import { MAX_NAME_LENGTH } from './name-memo.js';
import { parseTimestampMs } from './timestamp.js';

export { parseTimestampMs } from './timestamp.js';

/** A metric a source wants to collect, as submitted (SPEC §4 `validate`). */
export interface MetricInput {
  readonly name: string;
  readonly labels?: Readonly<Record<string, string>>;
  /** The node or service submitting it: the unit of suspension and revocation. */
  readonly source: string;
  /** A number, or a string holding one; anything else is malformed. */
  readonly value?: unknown;
  /** Epoch milliseconds, or an ISO 8601 date-time with `Z` or `±HH:MM`. */
  readonly timestamp?: string | number;
}

/** An active emergency override, as the governance layer hands it to the engine. */
export interface OverrideGrant {
  readonly id: string;
  /** Forbidden or unlisted metric names it covers, any spelling (compared canonically). */
  readonly metrics: readonly string[];
  /** Label names it covers, any spelling. */
  readonly labels: readonly string[];
  /** Sources it covers, exactly as they submit. */
  readonly sources: readonly string[];
  /** End of the override; at or after this instant it covers nothing. */
  readonly expiresAtMs: number;
}

/**
 * What `decide` needs beyond the charter: the source's standing and the
 * overrides. `nowMs` is read only when an override is consulted, so it may be
 * a getter over a clock. `activeOverride` takes a subject, the canonical
 * metric name or `label:<canonical label>`, and may return any grant it
 * indexed under it: `decide` itself re-checks source and expiry.
 */
export interface DecisionContext {
  readonly nowMs: number;
  isSuspended(source: string): boolean;
  isRevoked(source: string): boolean;
  /** Whether any grant is indexed under `subject`; false spares the clock read. */
  hasOverride(subject: string): boolean;
  activeOverride(subject: string, source: string, nowMs: number): OverrideGrant | undefined;
}

/** More labels than this on one metric is malformed: it bounds the work of a decision. */
export const MAX_LABELS = 64;

const NUMERIC = /^[+-]?(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?$/;

/**
 * Decides whether `input` may be collected under `table`. Never throws, even
 * for input that ignores its type (it arrives from JSON).
 *
 * The checks run in this order and the first that fails decides:
 * 1. `malformed`: bad name (empty, over 200 characters, outside
 *    `[A-Za-z0-9_.:-]`), source, labels, value or timestamp. First because
 *    nothing below can be trusted on input that does not parse.
 * 2. `access_revoked`, then 3. `source_suspended`: about who sends, so no rule
 *    and no override can lift them.
 * 4. `forbidden_metric`, 5. `forbidden_label`, 6. `not_allowed` (an unlisted
 *    metric, or a label outside its allowed rule's `labels` list): the charter's
 *    rules, most specific promise first, default deny last.
 *
 * An unexpired override that covers the subject (metric or label) and the
 * source turns 4-6 into `allow` / `override`; every denied subject must be
 * covered. A `pending` charter reports 4-6 with effect `allow` (see Decision).
 */
export function decide(table: CompiledCharter, input: MetricInput, ctx: DecisionContext): Decision {
  const { fixed } = table;
  if (typeof input !== 'object' || input === null) return fixed.malformed;
  const { name, source, labels, value, timestamp } = input;
  if (typeof name !== 'string' || typeof source !== 'string') return fixed.malformed;
  if (source.length === 0 || source.length > MAX_NAME_LENGTH) return fixed.malformed;

  const metric = table.matchMetric(name);
  if (metric === undefined) return fixed.malformed;
  if (value !== undefined && !isNumeric(value)) return fixed.malformed;
  if (timestamp !== undefined && parseTimestampMs(timestamp) === undefined) {
    return fixed.malformed;
  }

  // One pass over the labels does all the label work of the common case: it
  // validates every label (malformed outranks everything) and notes whether
  // any is forbidden or outside the rule's list. Only then is the slower,
  // override-aware walk in ruleDenial() needed.
  const rule = metric.rule;
  let forbiddenSeen = false;
  let unlistedSeen = false;
  if (labels !== undefined) {
    if (typeof labels !== 'object' || labels === null || Array.isArray(labels)) {
      return fixed.malformed;
    }
    const listed = rule?.labels ?? null;
    let count = 0;
    for (const key in labels) {
      const label = table.matchLabel(key);
      if (label === undefined || typeof labels[key] !== 'string' || ++count > MAX_LABELS) {
        return fixed.malformed;
      }
      if (label.forbidden !== undefined) forbiddenSeen = true;
      else if (listed !== null && !listed.has(label.canonical)) unlistedSeen = true;
    }
  }

  if (ctx.isRevoked(source)) return fixed.accessRevoked;
  if (ctx.isSuspended(source)) return fixed.sourceSuspended;
  if (rule?.kind === 'forbidden') return overridden(rule.decision, metric.canonical, source, ctx);
  if (!forbiddenSeen) {
    if (rule === undefined) return overridden(fixed.notAllowed, metric.canonical, source, ctx);
    if (!unlistedSeen) return rule.decision;
  }
  return ruleDenial(table, metric, labels, source, ctx);
}

/**
 * Steps 5 and 6 for a metric that is not forbidden, when some label or the
 * name itself is in trouble: each denied subject needs its own override, and
 * the first one without an override decides.
 */
function ruleDenial(
  table: CompiledCharter,
  metric: MetricMatch,
  labels: Readonly<Record<string, string>> | undefined,
  source: string,
  ctx: DecisionContext,
): Decision {
  // The first denial an override lifted; the answer if nothing else denies.
  let lifted: Decision | undefined;
  for (const key in labels) {
    const label = table.matchLabel(key);
    if (label?.forbidden === undefined) continue;
    const d = overridden(label.forbidden.decision, `label:${label.canonical}`, source, ctx);
    if (d.reason !== 'override') return d;
    lifted ??= d;
  }

  const rule = metric.rule;
  if (rule === undefined) {
    const d = overridden(table.fixed.notAllowed, metric.canonical, source, ctx);
    return d.reason === 'override' ? (lifted ?? d) : d;
  }

  // The rule lists its labels: any other label is not_allowed, reported
  // against the metric's rule (the rule that refused it), unless an override
  // covers that label. Forbidden labels were settled above.
  if (rule.labels !== null && rule.labelDenied !== null) {
    for (const key in labels) {
      const label = table.matchLabel(key);
      if (label === undefined || label.forbidden || rule.labels.has(label.canonical)) continue;
      const d = overridden(rule.labelDenied, `label:${label.canonical}`, source, ctx);
      if (d.reason !== 'override') return d;
      lifted ??= d;
    }
  }

  return lifted ?? rule.decision;
}

/** `denied`, or the override allow when an unexpired grant covers the subject and source. */
function overridden(
  denied: Decision,
  subject: string,
  source: string,
  ctx: DecisionContext,
): Decision {
  // Most denials have no override at all: answer them without reading the clock.
  if (!ctx.hasOverride(subject)) return denied;
  const nowMs = ctx.nowMs;
  const grant = ctx.activeOverride(subject, source, nowMs);
  // Expiry is checked here, at decision time, whatever the context's index
  // holds: a sweeper that runs late must not extend an override. `!(a > b)`
  // also refuses a NaN expiry.
  if (grant === undefined || !(grant.expiresAtMs > nowMs) || !grant.sources.includes(source)) {
    return denied;
  }
  return overrideDecision(denied, grant.id);
}

function isNumeric(value: unknown): boolean {
  if (typeof value === 'number') return Number.isFinite(value);
  // A numeric string must be plain decimal notation that stays finite:
  // "1e400", "NaN", "0x1f" and "" are not measurements.
  if (typeof value === 'string') {
    return value.length <= 64 && NUMERIC.test(value) && Number.isFinite(Number(value));
  }
  return typeof value === 'bigint';
}
