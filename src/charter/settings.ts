import type { CharterDocument, CommitteeMember } from './schema.js';
import {
  ACCESS_LEVELS,
  DEFAULT_TYPE_SEVERITY,
  ROLES,
  VIOLATION_TYPES,
  type AccessLevel,
  type Role,
  type Severity,
  type ViolationType,
} from './vocabulary.js';

/** Sources tracked at once when the charter does not say (`tracked_sources_max`). */
export const DEFAULT_TRACKED_SOURCES_MAX = 100_000;

/** Escalation of forbidden attempts per source in a sliding window (SPEC §3). */
export interface EscalationSettings {
  readonly windowSeconds: number;
  /** Attempts in the window that record a `silent_collection` violation. */
  readonly violationAfter: number;
  /** Attempts in the window that suspend the source pending investigation. */
  readonly suspendAfter: number;
  /** Sources tracked at once; the least recently seen is evicted beyond it. */
  readonly trackedSourcesMax: number;
}

/** One response level (1-4) and the human approval it needs. */
export interface ResponseLevel {
  readonly level: number;
  readonly name: string;
  readonly actions: readonly string[];
  readonly requires: 'none' | 'committee_vote' | 'board_approval';
}

/** What a role may do. A role the charter does not list gets {@link NO_ACCESS}. */
export interface RolePermissions {
  readonly read: ReadonlySet<AccessLevel>;
  readonly write: boolean;
  readonly rateLimitPerMinute: number;
}

/** Emergency override rules (SPEC §5). */
export interface OverrideSettings {
  readonly enabled: boolean;
  readonly maxDurationSeconds: number;
  readonly renewalRequiresApproval: boolean;
  readonly quorumPercent: number;
  readonly requesterRoles: ReadonlySet<Role>;
  readonly allowedReasons: ReadonlySet<string>;
}

/**
 * Every charter setting besides the metric and label rules, resolved once:
 * defaults applied, lists turned into sets, everything frozen.
 */
export interface CharterSettings {
  /** Severity per violation type: the charter's value, else DEFAULT_TYPE_SEVERITY. */
  readonly severityByType: Readonly<Record<ViolationType, Severity>>;
  readonly escalation: EscalationSettings;
  readonly responseLevels: readonly ResponseLevel[];
  /** Access of every role of the vocabulary, unlisted roles denied everything. */
  readonly access: Readonly<Record<Role, RolePermissions>>;
  readonly committee: {
    readonly quorumPercent: number;
    readonly members: readonly Readonly<CommitteeMember>[];
  };
  readonly override: OverrideSettings;
  readonly revocation: { readonly deadlineSeconds: number; readonly exportWindowDays: number };
  readonly audit: { readonly signingAlgorithm: 'ed25519'; readonly retentionYears: number };
}

/** Access of a role the charter does not mention: default deny. */
export const NO_ACCESS: RolePermissions = Object.freeze({
  read: Object.freeze(new Set<AccessLevel>()),
  write: false,
  rateLimitPerMinute: 0,
});

/**
 * Resolves the settings of a validated charter document. Copies what it keeps,
 * so later edits to `doc` cannot reach a compiled charter.
 */
export function compileSettings(doc: CharterDocument): CharterSettings {
  const severityByType = {} as Record<ViolationType, Severity>;
  for (const type of VIOLATION_TYPES) {
    severityByType[type] = doc.violations.severity?.[type] ?? DEFAULT_TYPE_SEVERITY[type];
  }

  const esc = doc.violations.escalation;
  const escalation: EscalationSettings = {
    windowSeconds: esc.window_seconds,
    violationAfter: esc.violation_after,
    suspendAfter: esc.suspend_after,
    trackedSourcesMax: esc.tracked_sources_max ?? DEFAULT_TRACKED_SOURCES_MAX,
  };

  const access = {} as Record<Role, RolePermissions>;
  for (const role of ROLES) {
    const granted = doc.access[role];
    access[role] = granted
      ? Object.freeze({
          // Keep the vocabulary's order whatever order the file lists them in.
          read: Object.freeze(new Set(ACCESS_LEVELS.filter((l) => granted.read.includes(l)))),
          write: granted.write,
          rateLimitPerMinute: granted.rate_limit_per_minute,
        })
      : NO_ACCESS;
  }

  const eo = doc.emergency_override;
  return deepFreeze({
    severityByType,
    escalation,
    responseLevels: doc.violations.response_levels.map((r) => ({
      level: r.level,
      name: r.name,
      actions: [...r.actions],
      requires: r.requires,
    })),
    access,
    committee: {
      quorumPercent: doc.committee.quorum_percent,
      members: doc.committee.members.map((m) => ({ ...m })),
    },
    override: {
      enabled: eo.enabled,
      maxDurationSeconds: eo.max_duration_seconds,
      renewalRequiresApproval: eo.renewal_requires_approval,
      quorumPercent: eo.quorum_percent,
      requesterRoles: Object.freeze(new Set(eo.requester_roles)),
      allowedReasons: Object.freeze(new Set(eo.allowed_reasons)),
    },
    revocation: {
      deadlineSeconds: doc.revocation.deadline_seconds,
      exportWindowDays: doc.revocation.export_window_days,
    },
    audit: {
      signingAlgorithm: doc.audit.signing_algorithm,
      retentionYears: doc.audit.retention_years,
    },
  });
}

/** Freezes plain objects and arrays all the way down; sets are read-only by their type. */
function deepFreeze<T>(value: T): T {
  if (value !== null && typeof value === 'object' && !Object.isFrozen(value)) {
    Object.freeze(value);
    if (!(value instanceof Set)) for (const child of Object.values(value)) deepFreeze(child);
  }
  return value;
}
