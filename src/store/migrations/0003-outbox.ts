import { sql } from 'kysely';
import type { Kysely, Migration } from 'kysely';

/*
 * The committee notification outbox (SPEC §5): one row per delivery of a
 * notification to a channel, written in the transaction of the change it
 * announces. A dispatcher claims due rows under a lease, so instances
 * sharing a database never deliver the same row at the same time.
 */
export const outbox: Migration = {
  async up(db: Kysely<unknown>) {
    await db.schema
      .createTable('notification_outbox')
      .addColumn('id', 'text', (c) => c.primaryKey())
      .addColumn('notification_id', 'text', (c) => c.notNull())
      .addColumn('channel', 'text', (c) => c.notNull())
      .addColumn('kind', 'text', (c) => c.notNull())
      .addColumn('severity', 'text', (c) => c.notNull())
      .addColumn('summary', 'text', (c) => c.notNull())
      .addColumn('description', 'text', (c) => c.notNull())
      .addColumn('labels', 'text', (c) => c.notNull())
      .addColumn('subject_type', 'text', (c) => c.notNull())
      .addColumn('subject_id', 'text', (c) => c.notNull())
      .addColumn('created_at_ms', 'bigint', (c) => c.notNull())
      .addColumn('attempts', 'integer', (c) => c.notNull().defaultTo(0))
      .addColumn('next_attempt_at_ms', 'bigint', (c) => c.notNull())
      .addColumn('lease_owner', 'text')
      .addColumn('lease_until_ms', 'bigint')
      .addColumn('last_error', 'text')
      .addColumn('delivered_at_ms', 'bigint')
      // A notification reaches each channel once, however often it is enqueued.
      .addUniqueConstraint('notification_outbox_delivery', ['notification_id', 'channel'])
      .execute();
    // Only undelivered rows are ever polled; delivered ones stay as history.
    await db.schema
      .createIndex('notification_outbox_due')
      .on('notification_outbox')
      .columns(['next_attempt_at_ms'])
      .where(sql.ref('delivered_at_ms'), 'is', null)
      .execute();
  },
  async down(db: Kysely<unknown>) {
    await db.schema.dropTable('notification_outbox').execute();
  },
};
