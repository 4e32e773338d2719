import { PostgresAdapter, sql } from 'kysely';
import type { Kysely, Migration } from 'kysely';

/*
 * Drops the unique index on audit_entries.hash. It guarded nothing the
 * primary key on `seq` does not: an entry's hash covers its seq, so two
 * entries could share a hash only by sharing a seq, which the key refuses,
 * and a fork (two entries on one tip) has two seqs of the same number.
 * What it cost was a write at a random place in a second index for every
 * entry: a third of the time of a group commit of violation reports.
 * PostgreSQL drops the constraint; SQLite cannot drop a column constraint,
 * so the table is rebuilt in the migration's transaction, rows unchanged.
 */
export const auditHashNotUnique: Migration = {
  async up(db: Kysely<unknown>) {
    if (db.getExecutor().adapter instanceof PostgresAdapter) {
      await sql`alter table audit_entries drop constraint if exists audit_entries_hash_key`.execute(
        db,
      );
      return;
    }
    await db.schema
      .createTable('audit_entries_rebuilt')
      .addColumn('seq', 'bigint', (c) => c.primaryKey())
      .addColumn('at_ms', 'bigint', (c) => c.notNull())
      .addColumn('actor', 'text', (c) => c.notNull())
      .addColumn('action', 'text', (c) => c.notNull())
      .addColumn('subject_type', 'text', (c) => c.notNull())
      .addColumn('subject_id', 'text', (c) => c.notNull())
      .addColumn('payload', 'text', (c) => c.notNull())
      .addColumn('prev_hash', 'text', (c) => c.notNull())
      .addColumn('hash', 'text', (c) => c.notNull())
      .addColumn('signature', 'text', (c) => c.notNull())
      .addColumn('key_id', 'text', (c) => c.notNull())
      .execute();
    await sql`insert into audit_entries_rebuilt
      (seq, at_ms, actor, action, subject_type, subject_id, payload, prev_hash, hash, signature, key_id)
      select seq, at_ms, actor, action, subject_type, subject_id, payload, prev_hash, hash, signature, key_id
      from audit_entries order by seq`.execute(db);
    await db.schema.dropTable('audit_entries').execute();
    await db.schema.alterTable('audit_entries_rebuilt').renameTo('audit_entries').execute();
  },
};
