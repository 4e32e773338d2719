/*
 * The charter module's public API: the charter model and its loading, the
 * compiled decision table, decisions, the engine and the attempt tracker.
 * Pure domain code: no I/O, no logging, nothing of ours but ../shared.
 */

export {
  createAttemptTracker,
  type AttemptTracker,
  type AttemptTrackerOptions,
  type EscalationEvent,
} from './attempt-tracker.js';
export { canonicalName } from './canonical.js';
export {
  compileCharter,
  isCompiledCharter,
  type CompiledCharter,
  type FixedDecisions,
  type LabelMatch,
  type LabelRule,
  type MetricMatch,
  type MetricRule,
} from './compile.js';
export {
  decide,
  parseTimestampMs,
  MAX_LABELS,
  type DecisionContext,
  type MetricInput,
  type OverrideGrant,
} from './decide.js';
export type { Decision, DecisionReason } from './decision.js';
export { diffCharters, type CharterChange, type CharterDiff } from './diff.js';
export { createDecisionEngine, type DecisionEngine, type DecisionEngineOptions } from './engine.js';
export { compileGlob, type GlobMatcher } from './glob.js';
export { parseCharter } from './load.js';
export { isValidName, MAX_NAME_LENGTH, NAME_MEMO_CAPACITY } from './name-memo.js';
export {
  CharterSchema,
  type AllowedMetric,
  type CharterDocument,
  type CommitteeMember,
  type ForbiddenLabel,
  type ForbiddenMetric,
  type RoleAccess,
} from './schema.js';
export {
  DEFAULT_TRACKED_SOURCES_MAX,
  NO_ACCESS,
  type CharterSettings,
  type EscalationSettings,
  type OverrideSettings,
  type ResponseLevel,
  type RolePermissions,
} from './settings.js';
export { stringEnum } from './string-enum.js';
export * from './vocabulary.js';
