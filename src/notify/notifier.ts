import { newId } from '../shared/ids.js';
import type { OutboxRecord } from '../store/records.js';
import type { StoreTx } from '../store/store.js';
import type { NotificationDraft } from './notification.js';

/**
 * Writes committee notifications to the outbox inside the caller's
 * transaction: one row per configured channel, committed with the change
 * it announces or not at all. With no channel configured it writes
 * nothing: there would be no one to deliver to, and rows no dispatcher
 * claims would pile up forever.
 */
export interface Notifier {
  /** Channel names each notification is written for, in order. */
  readonly channels: readonly string[];
  /**
   * Enqueues `drafts` (undefined entries skipped) as due at `nowMs`.
   * A draft whose id is already queued for a channel is not queued again.
   */
  enqueue(
    tx: StoreTx,
    drafts: readonly (NotificationDraft | undefined)[],
    nowMs: number,
  ): Promise<void>;
}

/** Builds the notifier for `channels` (names, as the dispatcher's channels carry them). */
export function createNotifier(channels: readonly string[]): Notifier {
  const names = Object.freeze([...new Set(channels)]);
  return {
    channels: names,
    async enqueue(tx, drafts, nowMs) {
      const rows = drafts.flatMap((draft) =>
        draft === undefined ? [] : names.map((channel) => toRow(draft, channel, nowMs)),
      );
      if (rows.length > 0) await tx.outbox.enqueue(rows);
    },
  };
}

function toRow(draft: NotificationDraft, channel: string, nowMs: number): OutboxRecord {
  return {
    id: newId('ntd'),
    notificationId: draft.notificationId,
    channel,
    kind: draft.kind,
    severity: draft.severity,
    summary: draft.summary,
    description: draft.description,
    labels: { ...draft.labels },
    subjectType: draft.subjectType,
    subjectId: draft.subjectId,
    createdAtMs: nowMs,
    attempts: 0,
    nextAttemptAtMs: nowMs,
    leaseOwner: null,
    leaseUntilMs: null,
    lastError: null,
    deliveredAtMs: null,
  };
}
