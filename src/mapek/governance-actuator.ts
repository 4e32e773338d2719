import type { Governance } from '../governance/index.js';
import type { Actuator, ViolationRequest } from './actuator.js';

export interface GovernanceActuatorOptions {
  readonly governance: Pick<
    Governance,
    'violations' | 'investigations' | 'escalation' | 'committee'
  >;
}

/** The principal the loop acts as in the audit trail. */
export const MAPEK_ACTOR = 'mapek';

/**
 * The actuator inside `charter serve`: the governance services themselves,
 * so every action runs the same checks and writes the same audit entries
 * as when a person or the escalation does it.
 */
export function createGovernanceActuator(options: GovernanceActuatorOptions): Actuator {
  const { governance } = options;

  return {
    async reportViolation(request) {
      const { violation } = await governance.violations.report(toReport(request));
      return { violationId: violation.id };
    },

    async suspendSource({ basis }) {
      // The escalation's higher level: violation, investigation and
      // suspension in one transaction, exactly as the charter's own threshold.
      const outcome = await governance.escalation.handle({
        kind: 'suspend',
        source: basis.source,
        count: basis.observed,
        metrics: [],
      });
      return {
        violationId: outcome.violation.id,
        investigationId: outcome.investigationId,
        suspended: outcome.suspended,
      };
    },

    async openInvestigation(violationId) {
      const investigation = await governance.investigations.open({
        violationId,
        initiatedBy: 'system',
        openedBy: MAPEK_ACTOR,
      });
      return { investigationId: investigation.id };
    },

    liftSuspension: (source, reason) =>
      governance.escalation.reinstate(source, MAPEK_ACTOR, reason),

    notifyCommittee: (notice) => governance.committee.requestResponse(notice, MAPEK_ACTOR),
  };
}

/** The violation the loop reports: evidence is what the detectors counted, never data. */
export function toReport(request: ViolationRequest) {
  const { basis } = request;
  return {
    type: 'silent_collection' as const,
    source: basis.source,
    reporter: MAPEK_ACTOR,
    idempotencyKey: request.idempotencyKey,
    evidence: [
      {
        kind: 'reference' as const,
        value: `mapek:${basis.detectors.join('+')}/${basis.observed}`,
        description: 'detectors that fired / largest count observed',
      },
    ],
    properties: {
      level: basis.level,
      detectors: basis.detectors.join(','),
      observed: basis.observed,
    },
  };
}
