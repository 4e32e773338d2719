import type { Governance } from '../governance/index.js';
import type { Clock } from '../shared/clock.js';
import type { Store, StoreTx } from '../store/store.js';
import type { Actuator, CommitteeNotice, ViolationRequest } from './actuator.js';

export interface GovernanceActuatorOptions {
  readonly governance: Pick<Governance, 'violations' | 'investigations' | 'escalation'>;
  readonly store: Store;
  readonly clock: Clock;
  /**
   * Queues a committee notice (the service's notifier) inside the
   * transaction that records it in the audit trail
   * (`mapek.committee_notice`): both commit, or neither.
   */
  readonly notify?: (tx: StoreTx, notice: CommitteeNotice, nowMs: number) => Promise<void>;
  /** Told after a notice committed, so delivery can start at once. */
  readonly notified?: () => void;
}

/** The principal the loop acts as in the audit trail. */
export const MAPEK_ACTOR = 'mapek';

/**
 * The actuator inside `charter serve`: the governance services themselves,
 * so every action runs the same checks and writes the same audit entries
 * as when a person or the escalation does it.
 */
export function createGovernanceActuator(options: GovernanceActuatorOptions): Actuator {
  const { governance, store, clock } = options;

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

    async notifyCommittee(notice) {
      const nowMs = clock.nowMs();
      await store.transaction(async (tx) => {
        await options.notify?.(tx, notice, nowMs);
        await tx.audit.append({
          atMs: nowMs,
          actor: MAPEK_ACTOR,
          action: 'mapek.committee_notice',
          subjectType: 'source',
          subjectId: notice.source,
          payload: { ...notice, detectors: [...notice.detectors] },
        });
      });
      options.notified?.();
    },
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
