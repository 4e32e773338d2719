import { createHash } from 'node:crypto';

import { overrideRequestNotice, type Notifier } from '../notify/index.js';
import { ConflictError, NotFoundError } from '../shared/errors.js';
import { newId } from '../shared/ids.js';
import type { OverrideRecord, OverrideStatus } from '../store/records.js';
import type { OverrideRepo, StoreTx } from '../store/store.js';
import type { CheckedOverrideRequest, OverrideRequester } from './override-request.js';

/*
 * The writes of the override state machine, each a store write plus its
 * audit entry inside the caller's transaction. overrides.ts decides which
 * transition is allowed; this file only carries one out.
 */

/** Every error code thrown here. */
export const OVERRIDE_STATE_ERROR_CODES = [
  'override_not_found',
  'override_not_requested',
  'override_not_approved',
  'override_not_active',
] as const;

/** A change of status and the times that go with it. */
export type OverridePatch = Parameters<OverrideRepo['update']>[1] & { status: OverrideStatus };

/**
 * True while an override covers anything: `active` and strictly before its
 * expiry, the same half-open rule `decide` applies to an OverrideGrant.
 */
export function isInForce(record: OverrideRecord, nowMs: number): boolean {
  return record.status === 'active' && record.expiresAtMs !== null && record.expiresAtMs > nowMs;
}

/**
 * Inserts a new `requested` override with its `override.requested` audit
 * entry, and notifies the committee, whose vote it awaits, through `notifier`.
 */
export async function insertRequest(
  tx: StoreTx,
  checked: CheckedOverrideRequest,
  requester: OverrideRequester,
  renewsId: string | null,
  nowMs: number,
  notifier?: Notifier,
): Promise<OverrideRecord> {
  const record: OverrideRecord = {
    id: newId('ovr'),
    status: 'requested',
    ...checked,
    requestedBy: requester.id,
    requestedAtMs: nowMs,
    decidedAtMs: null,
    activatedAtMs: null,
    expiresAtMs: null,
    endedAtMs: null,
    renewsId,
  };
  await tx.overrides.insert(record);

  // The justification is free text. The trail, which nothing can rewrite,
  // keeps only its hash, so whatever a requester typed stays correctable.
  const { justification, ...scope } = checked;
  const justificationSha256 = createHash('sha256').update(justification).digest('hex');
  await tx.audit.append({
    atMs: nowMs,
    actor: requester.id,
    action: 'override.requested',
    subjectType: 'override',
    subjectId: record.id,
    payload: {
      overrideId: record.id,
      status: 'requested',
      role: requester.role,
      ...scope,
      renewsId,
      justificationSha256,
    },
  });
  await notifier?.enqueue(tx, [overrideRequestNotice(record)], nowMs);
  return record;
}

/**
 * Applies `patch` to `before` and appends `override.<new status>` with the
 * old and new status and `facts`. Returns the record as it now stands.
 */
export async function transition(
  tx: StoreTx,
  before: OverrideRecord,
  patch: OverridePatch,
  actor: string,
  nowMs: number,
  facts: Record<string, unknown> = {},
): Promise<OverrideRecord> {
  await tx.overrides.update(before.id, patch);
  const after: OverrideRecord = { ...before, ...patch };
  await tx.audit.append({
    atMs: nowMs,
    actor,
    action: `override.${after.status}`,
    subjectType: 'override',
    subjectId: after.id,
    payload: { overrideId: after.id, from: before.status, to: after.status, ...facts },
  });
  return after;
}

/** Reads an override. @throws NotFoundError `override_not_found`. */
export async function loadOverride(
  repos: Pick<StoreTx, 'overrides'>,
  id: string,
): Promise<OverrideRecord> {
  const record = await repos.overrides.get(id);
  if (record === undefined) {
    throw new NotFoundError(
      'override_not_found',
      `Cannot find override "${id}"`,
      'Use an id from the override list.',
    );
  }
  return record;
}

/**
 * The ConflictError for an override in the wrong state: `override_not_<expected>`.
 * An `active` override past its expiry is reported as expired, since it is.
 */
export function wrongState(
  record: OverrideRecord,
  verb: string,
  expected: 'requested' | 'approved' | 'active',
  nowMs: number,
): ConflictError {
  const lapsed = record.status === 'active' && !isInForce(record, nowMs);
  const found = lapsed
    ? `it expired at ${new Date(record.expiresAtMs ?? 0).toISOString()}`
    : `it is ${record.status}`;
  return new ConflictError(
    `override_not_${expected}`,
    `Cannot ${verb} override "${record.id}": ${found}, expected ${expected}`,
    `Only a ${expected} override can be used here; see its status with get.`,
  );
}
