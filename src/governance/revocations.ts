import { MAX_NAME_LENGTH, REVOCATION_REASONS, type RevocationReason } from '../charter/index.js';
import { revocationBreachNotice } from '../notify/index.js';
import { ConflictError, InputError, NotFoundError } from '../shared/errors.js';
import { newId } from '../shared/ids.js';
import type { RevocationRecord } from '../store/records.js';
import type { Page } from '../store/store.js';
import { emit, type GovernanceDeps } from './deps.js';
import { readAllPages } from './read-all-pages.js';

/** Every error code the revocation service throws. */
export const REVOCATION_ERROR_CODES = [
  'revocation_collector_invalid',
  'revocation_reason_invalid',
  'collector_already_revoked',
  'revocation_not_found',
  'revocation_already_in_force',
  'revocation_time_invalid',
] as const;

/** A request to revoke a collector's access (SPEC §5 revocation a). */
export interface RevokeCollectorInput {
  /** The node or service whose collection stops, as it submits. */
  readonly collector: string;
  readonly reason: RevocationReason;
  /** Principal that asked for it. */
  readonly requestedBy: string;
}

/**
 * Revocation of a collector's access. A revocation is requested here and
 * put in force by the app, which pushes the revoked set to every decision
 * engine and then calls `confirmInForce`: the gap between the two is the
 * end-to-end latency the charter's `revocation.deadline_seconds` bounds.
 * A revocation is permanent; there is no un-revoke.
 */
export interface RevocationService {
  /**
   * Records the revocation and its audit entry, then fires
   * `revocationRequested`.
   *
   * @throws InputError `revocation_collector_invalid`,
   *   `revocation_reason_invalid`; ConflictError `collector_already_revoked`.
   */
  revokeCollector(input: RevokeCollectorInput): Promise<RevocationRecord>;
  /**
   * Records that every decision engine denies the collector since
   * `inForceAtMs` (Unix ms), with the latency in ms since the request.
   *
   * @throws NotFoundError `revocation_not_found`; ConflictError
   *   `revocation_already_in_force`; InputError `revocation_time_invalid`
   *   for a time before the request or after now.
   */
  confirmInForce(id: string, inForceAtMs: number): Promise<RevocationRecord>;
  /**
   * Notifies the committee of every revocation still not in force past the
   * charter's deadline (a breach, SPEC §5); one that comes into force late
   * is notified by `confirmInForce`. Each breach is notified once, however
   * often this runs. Returns how many revocations are overdue.
   */
  notifyOverdue(): Promise<number>;
  /** Every revoked collector, for the decision engines. */
  revokedCollectors(): Promise<string[]>;
  /** Revocations, newest first. */
  list(page?: Page): Promise<RevocationRecord[]>;
}

/** Builds the revocation service. */
export function createRevocationService(deps: GovernanceDeps): RevocationService {
  const { store, clock } = deps;

  return {
    async revokeCollector({ collector, reason, requestedBy }) {
      if (
        typeof collector !== 'string' ||
        collector.length === 0 ||
        collector.length > MAX_NAME_LENGTH
      ) {
        throw new InputError(
          'revocation_collector_invalid',
          `Cannot revoke collector ${JSON.stringify(collector ?? null)}: not a source id`,
          `Send the id the collector submits metrics with, 1 to ${MAX_NAME_LENGTH} characters.`,
        );
      }
      if (!(REVOCATION_REASONS as readonly string[]).includes(reason)) {
        throw new InputError(
          'revocation_reason_invalid',
          `Cannot revoke collector "${collector}": reason ${JSON.stringify(reason ?? null)} is not a revocation reason`,
          `Accepted reasons: ${REVOCATION_REASONS.join(', ')}.`,
        );
      }

      const record = await store.transaction(async (tx) => {
        // Revoking twice would count one revocation twice in metrics and reports.
        if ((await tx.revocations.collectors()).includes(collector)) {
          throw new ConflictError(
            'collector_already_revoked',
            `Cannot revoke collector "${collector}": its access is already revoked`,
            'Nothing to do; see the revocation list for when it was revoked.',
          );
        }
        const nowMs = clock.nowMs();
        const created: RevocationRecord = {
          id: newId('rev'),
          collector,
          reason,
          requestedBy,
          requestedAtMs: nowMs,
          inForceAtMs: null,
          latencyMs: null,
        };
        await tx.revocations.insert(created);
        await tx.audit.append({
          atMs: nowMs,
          actor: requestedBy,
          action: 'revocation.requested',
          subjectType: 'revocation',
          subjectId: created.id,
          payload: { revocationId: created.id, collector, reason },
        });
        return created;
      });

      emit(deps, 'revocationRequested', record);
      return record;
    },

    async confirmInForce(id, inForceAtMs) {
      return store.transaction(async (tx) => {
        const record = await tx.revocations.get(id);
        if (record === undefined) {
          throw new NotFoundError(
            'revocation_not_found',
            `Cannot find revocation "${id}"`,
            'Use an id from the revocation list.',
          );
        }
        if (record.inForceAtMs !== null) {
          throw new ConflictError(
            'revocation_already_in_force',
            `Cannot confirm revocation "${id}": it has been in force since ${new Date(record.inForceAtMs).toISOString()}`,
            'Confirm a revocation once, when every decision engine denies the collector.',
          );
        }
        const nowMs = clock.nowMs();
        if (
          !Number.isFinite(inForceAtMs) ||
          inForceAtMs < record.requestedAtMs ||
          inForceAtMs > nowMs
        ) {
          throw new InputError(
            'revocation_time_invalid',
            `Cannot confirm revocation "${id}": inForceAtMs ${inForceAtMs} is outside its request time ${record.requestedAtMs} to now ${nowMs}`,
            'Send the Unix ms at which the last decision engine started denying the collector.',
          );
        }

        const latencyMs = inForceAtMs - record.requestedAtMs;
        await tx.revocations.markInForce(id, inForceAtMs, latencyMs);
        const deadlineMs = deps.charter().settings.revocation.deadlineSeconds * 1000;
        await tx.audit.append({
          atMs: nowMs,
          actor: 'system',
          action: 'revocation.in_force',
          subjectType: 'revocation',
          subjectId: id,
          payload: {
            revocationId: id,
            collector: record.collector,
            latencyMs,
            deadlineMs,
            withinDeadline: latencyMs <= deadlineMs,
          },
        });
        if (latencyMs > deadlineMs) {
          const notice = revocationBreachNotice(record, deadlineMs, latencyMs);
          await deps.notifier?.enqueue(tx, [notice], nowMs);
        }
        return { ...record, inForceAtMs, latencyMs };
      });
    },

    async notifyOverdue() {
      const deadlineMs = deps.charter().settings.revocation.deadlineSeconds * 1000;
      // Known limit (#4): reads every revocation; they are few, and a
      // store query for pending ones would replace this scan.
      const all = await readAllPages((page) => store.revocations.list(page));
      const nowMs = clock.nowMs();
      const overdue = all.filter(
        (r) => r.inForceAtMs === null && nowMs - r.requestedAtMs > deadlineMs,
      );
      if (overdue.length === 0 || deps.notifier === undefined) return overdue.length;
      const notices = overdue.map((r) => revocationBreachNotice(r, deadlineMs, null));
      await store.transaction((tx) => deps.notifier!.enqueue(tx, notices, nowMs));
      return overdue.length;
    },

    revokedCollectors: () => store.revocations.collectors(),

    list: (page = { limit: 100 }) => store.revocations.list(page),
  };
}
