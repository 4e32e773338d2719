import type { CompiledCharter } from '../charter/index.js';
import type { Notifier, ResponseRequest } from '../notify/index.js';
import type { Clock } from '../shared/clock.js';
import type {
  CommitteeMemberRecord,
  ErasureRecord,
  InvestigationRecord,
  OverrideRecord,
  RevocationRecord,
  ViolationRecord,
} from '../store/records.js';
import type { Store } from '../store/store.js';

/** Outcomes of an override's state change, as metric 6 labels them. */
export type OverrideOutcome = 'requested' | 'approved' | 'rejected' | 'expired' | 'ended';

/**
 * What governance tells the rest of the service after a change has committed:
 * metrics, committee notifications, the decision engine's in-memory view.
 * Every hook is optional and called after commit; a hook that throws is
 * ignored (a failure to observe must never undo or fail the operation).
 */
export interface GovernanceEvents {
  violationRecorded?(violation: ViolationRecord, latencyMs: number): void;
  investigationOpened?(investigation: InvestigationRecord, violation: ViolationRecord): void;
  investigationClosed?(investigation: InvestigationRecord, violation: ViolationRecord): void;
  sourceStandingChanged?(source: string, suspended: boolean): void;
  overrideChanged?(
    override: OverrideRecord,
    outcome: OverrideOutcome | 'activated' | 'renewed',
  ): void;
  revocationRequested?(revocation: RevocationRecord): void;
  erasureChanged?(erasure: ErasureRecord): void;
  committeeChanged?(members: readonly CommitteeMemberRecord[]): void;
  /** The committee was asked for a response; its notification is queued. */
  responseRequested?(request: ResponseRequest): void;
}

/** What every governance service is built from. */
export interface GovernanceDeps {
  readonly store: Store;
  readonly clock: Clock;
  /** The charter in force; read per operation so a reload applies at once. */
  readonly charter: () => CompiledCharter;
  readonly events?: GovernanceEvents;
  /**
   * Writes committee notifications (SPEC §5) inside the transaction of the
   * change they announce; none are sent without it.
   */
  readonly notifier?: Notifier;
}

/** Calls an event hook, ignoring whatever it throws. */
export function emit<K extends keyof GovernanceEvents>(
  deps: GovernanceDeps,
  name: K,
  ...args: Parameters<NonNullable<GovernanceEvents[K]>>
): void {
  const hook = deps.events?.[name] as ((...a: unknown[]) => void) | undefined;
  if (hook === undefined) return;
  try {
    hook.apply(deps.events, args);
  } catch {
    // Observers (metrics, notifications) must never fail the operation.
  }
}
