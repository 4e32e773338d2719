import type { CompiledCharter } from '../charter/index.js';
import type { Notifier } from '../notify/index.js';
import { ConflictError } from '../shared/errors.js';
import type { OverrideRecord } from '../store/records.js';
import type { StoreTx } from '../store/store.js';
import { checkOverrideRequest, type OverrideRequester } from './override-request.js';
import {
  insertRequest,
  isInForce,
  loadOverride,
  transition,
  wrongState,
} from './override-transitions.js';
import { requireQuorumReachable } from './override-vote.js';
import { readAllPages } from './read-all-pages.js';

/** Every error code thrown here, besides those of the request, state and vote rules. */
export const OVERRIDE_RENEWAL_ERROR_CODES = ['override_renewal_pending'] as const;

/** What filing a renewal wrote: the request, and its approval when automatic. */
export interface FiledRenewal {
  readonly requested: OverrideRecord;
  readonly approved: OverrideRecord | undefined;
}

/**
 * Files a renewal of the active override `id` inside `tx`: a new request
 * with the same scope, reason and justification and `renewsId: id`. It is
 * checked against `charter` as it is now: a metric the charter has since
 * allowed, or a duration past a shortened maximum, is refused. It is
 * approved at once only when the charter sets `renewal_requires_approval:
 * false`; otherwise it waits for its own quorum like any request.
 *
 * @throws ConflictError `override_not_active`, `override_renewal_pending`
 *   (one open renewal per override), `override_quorum_unreachable`;
 *   InputError as checkOverrideRequest.
 */
export async function fileRenewal(
  tx: StoreTx,
  charter: CompiledCharter,
  id: string,
  requester: OverrideRequester,
  durationSeconds: number,
  nowMs: number,
  notifier?: Notifier,
): Promise<FiledRenewal> {
  const current = await loadOverride(tx, id);
  if (!isInForce(current, nowMs)) throw wrongState(current, 'renew', 'active', nowMs);
  const { metrics, labels, sources, reason, justification } = current;
  const scope = { metrics, labels, sources, reason, justification };
  const checked = checkOverrideRequest(charter, { ...scope, requester, durationSeconds });

  // Two open renewals of one override would both activate, leaving two
  // overlapping overrides where the committee meant to extend one.
  const open = await readAllPages((page) =>
    tx.overrides.list({ status: ['requested', 'approved'] }, page),
  );
  const pending = open.find((o) => o.renewsId === id);
  if (pending !== undefined) {
    throw new ConflictError(
      'override_renewal_pending',
      `Cannot renew override "${id}": renewal "${pending.id}" is already ${pending.status}`,
      'Vote on or activate the pending renewal instead of filing another.',
    );
  }

  const rules = charter.settings.override;
  if (rules.renewalRequiresApproval) {
    await requireQuorumReachable(tx, requester.id, rules.quorumPercent);
  }
  const requested = await insertRequest(tx, checked, requester, id, nowMs, notifier);
  if (rules.renewalRequiresApproval) return { requested, approved: undefined };

  const patch = { status: 'approved', decidedAtMs: nowMs } as const;
  const rule = 'emergency_override.renewal_requires_approval is false';
  const approved = await transition(tx, requested, patch, 'system', nowMs, { rule });
  return { requested, approved };
}
