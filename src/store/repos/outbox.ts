import { PostgresAdapter } from 'kysely';
import type { ExpressionBuilder, Kysely, Selectable } from 'kysely';

import type { Database, NotificationOutboxTable } from '../db-schema.js';
import type { OutboxRecord } from '../records.js';
import type { OutboxRepo } from '../store.js';
import { fromJson, pageBounds, toJson } from './codec.js';

type Row = Selectable<NotificationOutboxTable>;
type Eb = ExpressionBuilder<Database, 'notification_outbox'>;

/** Longest error text kept per row: enough to diagnose, bounded against a chatty receiver. */
const MAX_ERROR_LENGTH = 500;

/** The committee notification outbox over `db`. */
export function createOutboxRepo(db: Kysely<Database>): OutboxRepo {
  // On PostgreSQL, claims skip rows another claim holds locked; the lease
  // condition in the update makes a claim that waited see the new lease.
  const postgres = db.getExecutor().adapter instanceof PostgresAdapter;
  const select = () => db.selectFrom('notification_outbox').selectAll();
  const leaseFree = (eb: Eb, nowMs: number) =>
    eb.or([eb('lease_until_ms', 'is', null), eb('lease_until_ms', '<=', nowMs)]);
  const heldBy = (eb: Eb, id: string, owner: string) =>
    eb.and([eb('id', '=', id), eb('lease_owner', '=', owner), eb('delivered_at_ms', 'is', null)]);

  return {
    async enqueue(records) {
      if (records.length === 0) return 0;
      const result = await db
        .insertInto('notification_outbox')
        .values(records.map(toRow))
        .onConflict((oc) => oc.columns(['notification_id', 'channel']).doNothing())
        .executeTakeFirst();
      return Number(result.numInsertedOrUpdatedRows ?? 0n);
    },

    async claim({ channels, nowMs, limit, owner, leaseMs }) {
      if (channels.length === 0 || limit <= 0) return [];
      let due = db
        .selectFrom('notification_outbox')
        .select('id')
        .where('delivered_at_ms', 'is', null)
        .where('next_attempt_at_ms', '<=', nowMs)
        .where('channel', 'in', [...channels])
        .where((eb) => leaseFree(eb, nowMs))
        .orderBy('next_attempt_at_ms')
        .orderBy('created_at_ms')
        .limit(limit);
      if (postgres) due = due.forUpdate().skipLocked();

      const rows = await db
        .updateTable('notification_outbox')
        .set({ lease_owner: owner, lease_until_ms: nowMs + leaseMs })
        .where('id', 'in', due)
        .where((eb) => leaseFree(eb, nowMs))
        .returningAll()
        .execute();
      return rows
        .map(fromRow)
        .sort((a, b) => a.nextAttemptAtMs - b.nextAttemptAtMs || a.createdAtMs - b.createdAtMs);
    },

    async markDelivered(id, owner, atMs) {
      const result = await db
        .updateTable('notification_outbox')
        .set((eb) => ({
          attempts: eb('attempts', '+', 1),
          delivered_at_ms: atMs,
          last_error: null,
          lease_owner: null,
          lease_until_ms: null,
        }))
        .where((eb) => heldBy(eb, id, owner))
        .executeTakeFirst();
      return result.numUpdatedRows > 0n;
    },

    async markFailed(id, owner, { error, nextAttemptAtMs }) {
      const result = await db
        .updateTable('notification_outbox')
        .set((eb) => ({
          attempts: eb('attempts', '+', 1),
          next_attempt_at_ms: nextAttemptAtMs,
          last_error: error.slice(0, MAX_ERROR_LENGTH),
          lease_owner: null,
          lease_until_ms: null,
        }))
        .where((eb) => heldBy(eb, id, owner))
        .executeTakeFirst();
      return result.numUpdatedRows > 0n;
    },

    async get(id) {
      const row = await select().where('id', '=', id).executeTakeFirst();
      return row && fromRow(row);
    },

    async forNotification(notificationId) {
      const rows = await select()
        .where('notification_id', '=', notificationId)
        .orderBy('channel')
        .execute();
      return rows.map(fromRow);
    },

    async list(filter, page) {
      const { limit, offset } = pageBounds(page);
      let query = select();
      if (filter.pending !== undefined) {
        query = query.where('delivered_at_ms', filter.pending ? 'is' : 'is not', null);
      }
      const rows = await query
        .orderBy('created_at_ms')
        .orderBy('id')
        .limit(limit)
        .offset(offset)
        .execute();
      return rows.map(fromRow);
    },

    async backlog() {
      const row = await db
        .selectFrom('notification_outbox')
        .select((eb) => [
          eb.fn.countAll<number | string | bigint>().as('count'),
          eb.fn.min('created_at_ms').as('oldest'),
        ])
        .where('delivered_at_ms', 'is', null)
        .executeTakeFirstOrThrow();
      return {
        count: Number(row.count),
        oldestCreatedAtMs: row.oldest === null ? null : Number(row.oldest),
      };
    },
  };
}

function toRow(r: OutboxRecord): Row {
  return {
    id: r.id,
    notification_id: r.notificationId,
    channel: r.channel,
    kind: r.kind,
    severity: r.severity,
    summary: r.summary,
    description: r.description,
    labels: toJson(r.labels),
    subject_type: r.subjectType,
    subject_id: r.subjectId,
    created_at_ms: r.createdAtMs,
    attempts: r.attempts,
    next_attempt_at_ms: r.nextAttemptAtMs,
    lease_owner: r.leaseOwner,
    lease_until_ms: r.leaseUntilMs,
    last_error: r.lastError,
    delivered_at_ms: r.deliveredAtMs,
  };
}

function fromRow(row: Row): OutboxRecord {
  const ms = (value: number | null) => (value === null ? null : Number(value));
  return {
    id: row.id,
    notificationId: row.notification_id,
    channel: row.channel,
    kind: row.kind,
    severity: row.severity,
    summary: row.summary,
    description: row.description,
    labels: fromJson<Record<string, string>>(row.labels),
    subjectType: row.subject_type,
    subjectId: row.subject_id,
    createdAtMs: Number(row.created_at_ms),
    attempts: Number(row.attempts),
    nextAttemptAtMs: Number(row.next_attempt_at_ms),
    leaseOwner: row.lease_owner,
    leaseUntilMs: ms(row.lease_until_ms),
    lastError: row.last_error,
    deliveredAtMs: ms(row.delivered_at_ms),
  };
}
