import type { CompiledCharter, ResponseLevel } from '../charter/index.js';
import { CharterError } from '../shared/errors.js';
import { newId } from '../shared/ids.js';
import type { Assessment, ThreatLevel } from './analyze.js';

/*
 * The Plan stage. A plan is a list of steps, and the only steps there are
 * the ones below: report, suspend pending investigation, open an
 * investigation, notify the committee. There is no step that allows a
 * metric, approves an override, votes, applies a penalty or quarantines a
 * node: what needs a human becomes a committee request (an investigation
 * and a notice saying what is asked), never an approval. `checkPlan` refuses
 * anything else at run time, for plans that did not come from `planFor`.
 */

/** Why a step is being taken: shown to the committee, written to the audit trail. */
export interface StepBasis {
  readonly source: string;
  readonly level: ThreatLevel;
  readonly detectors: readonly string[];
  /** Largest count a detector saw (attempts or distinct names). */
  readonly observed: number;
}

export type Step =
  | { readonly kind: 'report_violation'; readonly basis: StepBasis }
  | { readonly kind: 'suspend_source'; readonly basis: StepBasis }
  | { readonly kind: 'open_investigation'; readonly basis: StepBasis }
  | {
      readonly kind: 'notify_committee';
      readonly basis: StepBasis;
      /** What the committee is asked: `review` a suspension, or vote on the charter's response. */
      readonly request: 'review' | 'committee_vote' | 'board_approval';
      readonly responseName: string;
    };

export type StepKind = Step['kind'];

/** One response to one source. */
export interface Plan {
  readonly id: string;
  readonly source: string;
  readonly level: ThreatLevel;
  /** `automatic` when the charter's level needs no one; otherwise a request to humans. */
  readonly response: 'automatic' | 'committee_request';
  readonly responseName: string;
  readonly steps: readonly Step[];
  readonly escalated: boolean;
  readonly createdAtMs: number;
}

const STEP_KEYS: Record<StepKind, readonly string[]> = {
  report_violation: ['kind', 'basis'],
  suspend_source: ['kind', 'basis'],
  open_investigation: ['kind', 'basis'],
  notify_committee: ['kind', 'basis', 'request', 'responseName'],
};
const PLAN_KEYS = [
  'id',
  'source',
  'level',
  'response',
  'responseName',
  'steps',
  'escalated',
  'createdAtMs',
];
const BASIS_KEYS = ['source', 'level', 'detectors', 'observed'];
/** Steps a committee request may take: it asks, it does not act on the source. */
const REQUEST_STEPS: ReadonlySet<string> = new Set([
  'report_violation',
  'open_investigation',
  'notify_committee',
]);

/**
 * The plan answering `assessment`, or undefined when the source's last
 * successful action already answered this level. The response is the
 * charter's level (the nearest defined one at or below); one whose
 * `requires` is not `none` becomes a committee request.
 */
export function planFor(
  assessment: Assessment,
  charter: CompiledCharter,
  nowMs: number,
): Plan | undefined {
  const answered = assessment.lastAction?.level ?? 0;
  if (assessment.level <= answered) return undefined;

  const response = responseLevel(charter.settings.responseLevels, assessment.level);
  const level = response.level as ThreatLevel;
  const basis: StepBasis = {
    source: assessment.source,
    level,
    detectors: [...new Set(assessment.findings.map((f) => f.detector))].sort(),
    observed: Math.max(0, ...assessment.findings.map((f) => f.observed)),
  };

  let steps: Step[];
  if (response.requires !== 'none') {
    steps = [
      { kind: 'report_violation', basis },
      { kind: 'open_investigation', basis },
      { kind: 'notify_committee', basis, request: response.requires, responseName: response.name },
    ];
  } else if (level >= 2) {
    steps = [
      { kind: 'suspend_source', basis },
      { kind: 'open_investigation', basis },
      { kind: 'notify_committee', basis, request: 'review', responseName: response.name },
    ];
  } else {
    steps = [{ kind: 'report_violation', basis }];
  }

  return checkPlan({
    id: newId('plan'),
    source: assessment.source,
    level,
    response: response.requires === 'none' ? 'automatic' : 'committee_request',
    responseName: response.name,
    steps,
    escalated: assessment.escalated,
    createdAtMs: nowMs,
  });
}

/**
 * Checks that `plan` is made only of the known steps, with exactly their
 * fields, and that a committee request takes no action on the source;
 * returns it deep-frozen. Throws CharterError `mapek_plan_refused` for
 * anything else: an unknown step kind (allowing a metric, approving an
 * override, applying a penalty), an extra field, a bad level.
 */
export function checkPlan(plan: Plan): Plan {
  const p = plan as unknown as Record<string, unknown>;
  exactKeys(p, PLAN_KEYS, 'plan');
  if (!Number.isInteger(plan.level) || plan.level < 1 || plan.level > 4) {
    throw refused(`level is ${String(plan.level)}, expected 1 to 4`);
  }
  if (plan.response !== 'automatic' && plan.response !== 'committee_request') {
    throw refused(
      `response is "${String(plan.response)}", expected automatic or committee_request`,
    );
  }
  if (!Array.isArray(plan.steps) || plan.steps.length === 0) throw refused('it has no steps');

  plan.steps.forEach((step: unknown, i) => {
    const s = step as Record<string, unknown>;
    const kind = String(s?.kind);
    const keys = STEP_KEYS[kind as StepKind];
    if (keys === undefined || !Object.hasOwn(STEP_KEYS, kind)) {
      throw refused(
        `steps[${i}].kind is "${kind}", expected one of ${Object.keys(STEP_KEYS).join(', ')}`,
      );
    }
    exactKeys(s, keys, `steps[${i}]`);
    exactKeys(s.basis as Record<string, unknown>, BASIS_KEYS, `steps[${i}].basis`);
    if ((s.basis as StepBasis).source !== plan.source) {
      throw refused(
        `steps[${i}] is about "${String((s.basis as StepBasis).source)}", not "${plan.source}"`,
      );
    }
    if (plan.response === 'committee_request' && !REQUEST_STEPS.has(kind)) {
      throw refused(`steps[${i}] is ${kind}, but a committee request only reports and asks`);
    }
    if (
      kind === 'notify_committee' &&
      !['review', 'committee_vote', 'board_approval'].includes(String(s.request))
    ) {
      throw refused(
        `steps[${i}].request is "${String(s.request)}", expected review, committee_vote or board_approval`,
      );
    }
  });
  return deepFreeze(plan);
}

function responseLevel(levels: readonly ResponseLevel[], wanted: number): ResponseLevel {
  const sorted = [...levels].sort((a, b) => a.level - b.level);
  return sorted.filter((l) => l.level <= wanted).at(-1) ?? sorted[0]!;
}

function exactKeys(
  value: Record<string, unknown> | null | undefined,
  keys: readonly string[],
  at: string,
) {
  if (typeof value !== 'object' || value === null) throw refused(`${at} is not an object`);
  const extra = Object.keys(value).filter((k) => !keys.includes(k));
  if (extra.length > 0) throw refused(`${at} has unknown field "${extra[0]}"`);
}

function refused(detail: string): CharterError {
  return new CharterError(
    'mapek_plan_refused',
    `Refused MAPE-K plan: ${detail}`,
    "The loop may only report, suspend pending investigation, open investigations and notify the committee; approvals, penalties and overrides are the committee's.",
  );
}

function deepFreeze<T>(value: T): T {
  if (value !== null && typeof value === 'object' && !Object.isFrozen(value)) {
    Object.freeze(value);
    for (const child of Object.values(value)) deepFreeze(child);
  }
  return value;
}
