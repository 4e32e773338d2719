/**
 * The one vocabulary of SPEC §2. Every list is ordered as the spec orders it;
 * severities ascend, so their index is their rank.
 */
export const SEVERITIES = [
  'warning',
  'suspension',
  'ban_1year',
  'permanent_ban',
  'criminal_referral',
] as const;
export type Severity = (typeof SEVERITIES)[number];

export const VIOLATION_TYPES = [
  'silent_collection',
  'behavioral_prediction',
  'data_extraction',
  'unauthorized_override',
  'algorithm_manipulation',
  'exploitation',
] as const;
export type ViolationType = (typeof VIOLATION_TYPES)[number];

export const DEFAULT_TYPE_SEVERITY: Readonly<Record<ViolationType, Severity>> = {
  silent_collection: 'ban_1year',
  behavioral_prediction: 'permanent_ban',
  data_extraction: 'suspension',
  unauthorized_override: 'criminal_referral',
  algorithm_manipulation: 'permanent_ban',
  exploitation: 'suspension',
};

export const ALERT_SEVERITIES = ['critical', 'warning', 'info'] as const;
export type AlertSeverity = (typeof ALERT_SEVERITIES)[number];

export const CHARTER_STATUSES = ['active', 'pending', 'suspended', 'deprecated'] as const;
export type CharterStatus = (typeof CHARTER_STATUSES)[number];

export const ENVIRONMENTS = ['development', 'staging', 'production'] as const;
export type Environment = (typeof ENVIRONMENTS)[number];

export const ROLES = [
  'public',
  'node_operator',
  'monitoring_service',
  'audit_committee_member',
  'emergency_responder',
  'admin',
] as const;
export type Role = (typeof ROLES)[number];

export const ACCESS_LEVELS = ['public', 'node_operator', 'audit_only', 'emergency'] as const;
export type AccessLevel = (typeof ACCESS_LEVELS)[number];

export const REVOCATION_REASONS = [
  'account_closure',
  'consent_withdrawn',
  'policy_violation',
  'security_incident',
] as const;
export type RevocationReason = (typeof REVOCATION_REASONS)[number];

export const METRIC_CATEGORIES = ['network', 'infrastructure', 'service'] as const;
export type MetricCategory = (typeof METRIC_CATEGORIES)[number];

/** Categories a forbidden metric can fall under (what it would reveal). */
export const FORBIDDEN_CATEGORIES = [
  'location',
  'identity',
  'behavior',
  'hardware',
  'communication',
  'logs',
  'other',
] as const;
export type ForbiddenCategory = (typeof FORBIDDEN_CATEGORIES)[number];

/** Reason codes of a decision (SPEC §4). */
export const DENY_REASONS = [
  'forbidden_metric',
  'forbidden_label',
  'not_allowed',
  'source_suspended',
  'access_revoked',
  'malformed',
] as const;
export type DenyReason = (typeof DENY_REASONS)[number];

/** A violation is critical when its severity is one of these. */
export function isCriticalSeverity(severity: Severity): boolean {
  return severity === 'permanent_ban' || severity === 'criminal_referral';
}

/** Rank of a severity, 0 for `warning` up to 4 for `criminal_referral`. */
export function severityRank(severity: Severity): number {
  return SEVERITIES.indexOf(severity);
}
