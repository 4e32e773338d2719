import type { Clock } from '../shared/clock.js';
import { CharterError } from '../shared/errors.js';
import {
  createAttemptTracker,
  type AttemptTracker,
  type EscalationEvent,
} from './attempt-tracker.js';
import { canonicalName } from './canonical.js';
import { isCompiledCharter, type CompiledCharter } from './compile.js';
import {
  decide as decideWith,
  type DecisionContext,
  type MetricInput,
  type OverrideGrant,
} from './decide.js';
import type { Decision } from './decision.js';

/** Wiring of a decision engine. Hooks are optional; each costs a call per use. */
export interface DecisionEngineOptions {
  readonly clock: Clock;
  readonly charter: CompiledCharter;
  /** After every decision (metrics, sampling). Exceptions are swallowed. */
  readonly onDecision?: (decision: Decision, input: MetricInput) => void;
  /** When a source crosses an escalation threshold. Exceptions are swallowed. */
  readonly onEscalation?: (event: EscalationEvent, decision: Decision) => void;
  /**
   * Suspend a source in memory at once when the tracker says so (default
   * true), so it stops collecting before governance has stored the
   * suspension. Never under a dry-run charter: a pending charter blocks nothing.
   */
  readonly autoSuspend?: boolean;
}

/** The in-process decision point: current charter, source standing, overrides, attempts. */
export interface DecisionEngine {
  /** Decides with the current charter and records forbidden or unlisted attempts. */
  decide(input: MetricInput): Decision;
  /** The charter in force. */
  current(): CompiledCharter;
  /** 1 for the charter the engine was created with, +1 per successful reload. */
  readonly generation: number;
  /** The attempt tracker in force (replaced by a reload that changes escalation). */
  readonly tracker: AttemptTracker;
  /**
   * Replaces the charter with `next`, or with what `next()` builds. Throws
   * what the builder throws, or a `charter_invalid` CharterError if it returns
   * something compileCharter did not build; either way nothing changes.
   */
  reload(next: CompiledCharter | (() => CompiledCharter)): CompiledCharter;
  /** Replaces the suspended sources (governance owns the durable list). */
  setSuspended(sources: Iterable<string>): void;
  /** Replaces the revoked collectors (governance owns the durable list). */
  setRevoked(sources: Iterable<string>): void;
  /** Replaces the active overrides; expired grants are ignored at decision time anyway. */
  setOverrides(grants: Iterable<OverrideGrant>): void;
}

/** Everything one decision reads, swapped as a unit by reload. */
interface EngineState {
  readonly table: CompiledCharter;
  readonly tracker: AttemptTracker;
  readonly generation: number;
}

/**
 * Creates the decision engine. Atomic reload: the new table is built in full
 * first, then one assignment of `state` switches table, tracker and generation
 * together, and each decision reads `state` once, so it sees the old charter
 * or the new one, never a mix (SPEC §4). JavaScript's single thread makes the
 * assignment indivisible; a failure before it leaves the old state untouched.
 */
export function createDecisionEngine(options: DecisionEngineOptions): DecisionEngine {
  const { clock, onDecision, onEscalation, autoSuspend = true } = options;
  let state = initialState(options.charter);
  let suspended = new Set<string>();
  let revoked = new Set<string>();
  let overrides = new Map<string, OverrideGrant[]>();

  // The clock is read at most once per decision, and only on paths that need
  // it (an override lookup, an attempt to track): allows never touch it.
  let decisionNowMs = Number.NaN;
  const now = (): number => {
    if (Number.isNaN(decisionNowMs)) decisionNowMs = clock.nowMs();
    return decisionNowMs;
  };

  const ctx: DecisionContext = {
    get nowMs() {
      return now();
    },
    isSuspended: (source) => suspended.has(source),
    isRevoked: (source) => revoked.has(source),
    hasOverride: (subject) => overrides.has(subject),
    activeOverride(subject, source, nowMs) {
      const grants = overrides.get(subject);
      if (grants === undefined) return undefined;
      return grants.find((g) => g.expiresAtMs > nowMs && g.sources.includes(source));
    },
  };

  const track = (s: EngineState, input: MetricInput, decision: Decision): void => {
    // The name as sent: folding it again here would cost a second memo probe
    // on every denial; the event's reader folds the few names it carries.
    const event = s.tracker.record(input.source, input.name, now());
    if (event === undefined) return;
    if (event.kind === 'suspend' && autoSuspend && !s.table.dryRun) suspended.add(event.source);
    if (onEscalation) swallow(() => onEscalation(event, decision));
  };

  return {
    decide(input) {
      const s = state; // one read: the whole decision uses one charter
      decisionNowMs = Number.NaN;
      const decision = decideWith(s.table, input, ctx);
      const r = decision.reason;
      if (r === 'forbidden_metric' || r === 'forbidden_label' || r === 'not_allowed') {
        track(s, input, decision);
      }
      if (onDecision) {
        try {
          onDecision(decision, input);
        } catch {
          // An observer must never fail or alter the decision it observes.
        }
      }
      return decision;
    },
    current: () => state.table,
    get generation() {
      return state.generation;
    },
    get tracker() {
      return state.tracker;
    },
    reload(next) {
      const table = typeof next === 'function' ? next() : next;
      if (!isCompiledCharter(table)) {
        throw new CharterError(
          'charter_invalid',
          'Cannot reload charter: the builder returned something compileCharter did not build',
          'Pass compileCharter(doc), or a function returning it.',
        );
      }
      const tracker = sameEscalation(state.table, table) ? state.tracker : trackerFor(table);
      state = { table, tracker, generation: state.generation + 1 };
      return table;
    },
    setSuspended(sources) {
      suspended = new Set(sources);
    },
    setRevoked(sources) {
      revoked = new Set(sources);
    },
    setOverrides(grants) {
      overrides = indexOverrides(grants);
    },
  };
}

function initialState(charter: CompiledCharter): EngineState {
  if (!isCompiledCharter(charter)) {
    throw new CharterError(
      'charter_invalid',
      'Cannot create decision engine: charter was not built by compileCharter',
    );
  }
  return { table: charter, tracker: trackerFor(charter), generation: 1 };
}

function trackerFor(table: CompiledCharter): AttemptTracker {
  const e = table.settings.escalation;
  return createAttemptTracker({
    windowSeconds: e.windowSeconds,
    violationAfter: e.violationAfter,
    suspendAfter: e.suspendAfter,
    capacity: e.trackedSourcesMax,
  });
}

/** Attempts survive a reload that leaves escalation alone; a changed window starts afresh. */
function sameEscalation(a: CompiledCharter, b: CompiledCharter): boolean {
  const x = a.settings.escalation;
  const y = b.settings.escalation;
  return (
    x.windowSeconds === y.windowSeconds &&
    x.violationAfter === y.violationAfter &&
    x.suspendAfter === y.suspendAfter &&
    x.trackedSourcesMax === y.trackedSourcesMax
  );
}

/** Indexes grants by subject (`<canonical metric>` or `label:<canonical label>`). */
function indexOverrides(grants: Iterable<OverrideGrant>): Map<string, OverrideGrant[]> {
  const index = new Map<string, OverrideGrant[]>();
  const add = (subject: string, grant: OverrideGrant): void => {
    const list = index.get(subject);
    if (list) list.push(grant);
    else index.set(subject, [grant]);
  };
  for (const grant of grants) {
    for (const metric of grant.metrics) add(canonicalName(metric), grant);
    for (const label of grant.labels) add(`label:${canonicalName(label)}`, grant);
  }
  return index;
}

/** Runs a hook; a failing hook must never fail or alter the decision it observes. */
function swallow(hook: () => void): void {
  try {
    hook();
  } catch {
    // Deliberately ignored: observers are not allowed to break enforcement.
  }
}
