import type { RevocationReason, Role, Severity, ViolationType } from '../charter/index.js';
import type { CharterMetrics, Initiator } from './charter-metrics.js';

/** Roles whose principals are nodes or services: the only ones `node_or_service` names. */
export const NODE_ROLES: ReadonlySet<Role> = new Set(['node_operator', 'monitoring_service']);

/**
 * Governance event hooks that move metrics 1, 3, 5, 6, 9 and 13, typed by
 * the fields they read so that governance's records fit them as they are.
 * A revocation is counted when in force, not here: the app confirms it.
 */
export interface GovernanceObserver {
  violationRecorded(
    violation: { type: ViolationType; severity: Severity; source: string },
    latencyMs: number,
  ): void;
  investigationOpened(
    investigation: { initiatedBy: Initiator },
    violation: { type: ViolationType },
  ): void;
  overrideChanged(override: { reason: string }, outcome: string): void;
  erasureChanged(erasure: { status: string; reason: RevocationReason }): void;
  committeeChanged(members: readonly unknown[]): void;
}

/** Builds the governance hooks that record into `metrics`. */
export function createGovernanceObserver(metrics: CharterMetrics): GovernanceObserver {
  return {
    violationRecorded: (violation, latencyMs) => metrics.violationRecorded(violation, latencyMs),
    investigationOpened: (investigation, violation) =>
      metrics.investigationOpened(violation.type, investigation.initiatedBy),
    overrideChanged: (override, outcome) => metrics.overrideChanged(override.reason, outcome),
    erasureChanged(erasure) {
      // Requested erasures wait out the export window; only carried-out ones count.
      if (erasure.status === 'erased') metrics.erasureCarriedOut(erasure.reason);
    },
    committeeChanged: (members) => metrics.committeeChanged(members.length),
  };
}

/** The principals of tokens whose role is a node or a service. */
export function nodePrincipals(tokens: readonly { principal: string; role: Role }[]): string[] {
  return tokens.filter((t) => NODE_ROLES.has(t.role)).map((t) => t.principal);
}
