import type { AccessLevel, DenyReason, Severity } from './vocabulary.js';

/** Why a decision came out as it did: `allowed`, `override`, or a deny reason code. */
export type DecisionReason = 'allowed' | 'override' | DenyReason;

/**
 * The answer to "may this metric be collected?" (SPEC §4).
 *
 * - `effect` is what the caller must do. Under an `active` charter every deny
 *   reason has effect `deny`; under a `pending` charter (dry run) the rule-based
 *   denies (`forbidden_metric`, `forbidden_label`, `not_allowed`) come back with
 *   effect `allow`, the reason kept, and `dryRun: true`.
 * - `rule` is the charter rule that decided: an allowed or forbidden `name` or
 *   `pattern` as written in the charter, `label:<name>` for a forbidden label,
 *   or `null` when no rule matched (`not_allowed` of an unlisted name,
 *   `malformed`, `access_revoked`, `source_suspended`).
 * - `category` and `severity` come from that rule; `accessLevel` is the access
 *   level of the allowed rule that matched the metric, if one did.
 * - `overrideId` is set only when an emergency override turned a deny into an
 *   allow (`reason: 'override'`).
 *
 * Decisions built from the charter are shared, frozen objects: compare them by
 * field, never mutate them.
 */
export interface Decision {
  readonly effect: 'allow' | 'deny';
  readonly reason: DecisionReason;
  readonly rule: string | null;
  readonly category: string | null;
  readonly severity: Severity | null;
  readonly accessLevel: AccessLevel | null;
  readonly overrideId: string | null;
  readonly dryRun: boolean;
}

/** What a deny rule says, before the charter's status turns it into a decision. */
export interface DenyFacts {
  readonly reason: DenyReason;
  readonly rule: string | null;
  readonly category: string | null;
  readonly severity: Severity | null;
  readonly accessLevel: AccessLevel | null;
}

/** Reasons a dry-run charter reports instead of enforcing. */
const DRY_RUN_REASONS: ReadonlySet<DenyReason> = new Set([
  'forbidden_metric',
  'forbidden_label',
  'not_allowed',
]);

/**
 * A frozen deny decision for a charter rule. With `dryRun` (a `pending`
 * charter) the rule-based reasons become report-only allows; `malformed`,
 * `access_revoked` and `source_suspended` deny whatever the status, because
 * they are about the input and the source, not about the charter's rules.
 */
export function denyDecision(facts: DenyFacts, dryRun: boolean): Decision {
  const reported = dryRun && DRY_RUN_REASONS.has(facts.reason);
  return Object.freeze({
    effect: reported ? 'allow' : 'deny',
    reason: facts.reason,
    rule: facts.rule,
    category: facts.category,
    severity: facts.severity,
    accessLevel: facts.accessLevel,
    overrideId: null,
    dryRun: reported,
  });
}

/** A frozen allow decision for an allowed rule. */
export function allowDecision(rule: string, category: string, accessLevel: AccessLevel): Decision {
  return Object.freeze({
    effect: 'allow',
    reason: 'allowed',
    rule,
    category,
    severity: null,
    accessLevel,
    overrideId: null,
    dryRun: false,
  });
}

/** The allow an emergency override grants in place of `denied` (allocated per use). */
export function overrideDecision(denied: Decision, overrideId: string): Decision {
  return {
    effect: 'allow',
    reason: 'override',
    rule: denied.rule,
    category: denied.category,
    severity: denied.severity,
    accessLevel: denied.accessLevel,
    overrideId,
    dryRun: false,
  };
}
