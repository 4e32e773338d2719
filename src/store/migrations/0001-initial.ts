import { sql } from 'kysely';
import type { Kysely, Migration } from 'kysely';

import { GENESIS_HASH } from '../../audit/entry.js';
import { serialKey } from './dialect.js';

/*
 * Written against `Kysely<unknown>` on purpose: a migration must keep building
 * the schema as it was, whatever the `Database` interface becomes later.
 * Times are bigint Unix ms, booleans integer 0/1, JSON text (see db-schema.ts).
 */

async function createViolations(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('violations')
    .addColumn('id', 'text', (c) => c.primaryKey())
    // Unique but nullable: reports without a key never collide.
    .addColumn('idempotency_key', 'text', (c) => c.unique())
    .addColumn('type', 'text', (c) => c.notNull())
    .addColumn('severity', 'text', (c) => c.notNull())
    .addColumn('source', 'text', (c) => c.notNull())
    .addColumn('reporter', 'text', (c) => c.notNull())
    .addColumn('evidence', 'text', (c) => c.notNull())
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('penalty', 'text')
    .addColumn('policy', 'text', (c) => c.notNull())
    .addColumn('rule', 'text')
    .addColumn('properties', 'text', (c) => c.notNull())
    .addColumn('investigation_id', 'text')
    .addColumn('reported_at_ms', 'bigint', (c) => c.notNull())
    .addColumn('updated_at_ms', 'bigint', (c) => c.notNull())
    .execute();
  await index(db, 'violations', ['reported_at_ms']);
  await index(db, 'violations', ['status', 'reported_at_ms']);
  await index(db, 'violations', ['source', 'reported_at_ms']);
}

async function createInvestigations(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('investigations')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('violation_id', 'text', (c) => c.notNull().references('violations.id'))
    .addColumn('initiated_by', 'text', (c) => c.notNull())
    .addColumn('opened_by', 'text', (c) => c.notNull())
    .addColumn('assignee', 'text')
    .addColumn('deadline_at_ms', 'bigint', (c) => c.notNull())
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('outcome', 'text')
    .addColumn('penalty', 'text')
    .addColumn('opened_at_ms', 'bigint', (c) => c.notNull())
    .addColumn('closed_at_ms', 'bigint')
    .execute();
  await index(db, 'investigations', ['opened_at_ms']);
  await index(db, 'investigations', ['status', 'opened_at_ms']);
  await index(db, 'investigations', ['violation_id']);

  const [positionType, position] = serialKey(db);
  await db.schema
    .createTable('investigation_events')
    .addColumn('position', positionType, position)
    .addColumn('id', 'text', (c) => c.notNull().unique())
    .addColumn('investigation_id', 'text', (c) => c.notNull().references('investigations.id'))
    .addColumn('at_ms', 'bigint', (c) => c.notNull())
    .addColumn('actor', 'text', (c) => c.notNull())
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('body', 'text', (c) => c.notNull())
    .execute();
  await index(db, 'investigation_events', ['investigation_id', 'position']);
}

async function createCommittee(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('votes')
    .addColumn('subject_type', 'text', (c) => c.notNull())
    .addColumn('subject_id', 'text', (c) => c.notNull())
    .addColumn('member_id', 'text', (c) => c.notNull())
    .addColumn('choice', 'text', (c) => c.notNull())
    .addColumn('penalty', 'text')
    .addColumn('at_ms', 'bigint', (c) => c.notNull())
    // One vote per member and subject: the database, not the caller, enforces it.
    .addPrimaryKeyConstraint('votes_pk', ['subject_type', 'subject_id', 'member_id'])
    .execute();

  await db.schema
    .createTable('committee_members')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('contact', 'text', (c) => c.notNull())
    .addColumn('active', 'integer', (c) => c.notNull())
    .addColumn('added_at_ms', 'bigint', (c) => c.notNull())
    .addColumn('removed_at_ms', 'bigint')
    .execute();
}

async function createOverrides(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('overrides')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('reason', 'text', (c) => c.notNull())
    .addColumn('justification', 'text', (c) => c.notNull())
    .addColumn('metrics', 'text', (c) => c.notNull())
    .addColumn('labels', 'text', (c) => c.notNull())
    .addColumn('sources', 'text', (c) => c.notNull())
    .addColumn('duration_seconds', 'integer', (c) => c.notNull())
    .addColumn('requested_by', 'text', (c) => c.notNull())
    .addColumn('requested_at_ms', 'bigint', (c) => c.notNull())
    .addColumn('decided_at_ms', 'bigint')
    .addColumn('activated_at_ms', 'bigint')
    .addColumn('expires_at_ms', 'bigint')
    .addColumn('ended_at_ms', 'bigint')
    .addColumn('renews_id', 'text')
    .execute();
  await index(db, 'overrides', ['status']);
  await index(db, 'overrides', ['requested_at_ms']);

  await db.schema
    .createTable('source_states')
    .addColumn('source', 'text', (c) => c.primaryKey())
    .addColumn('standing', 'text', (c) => c.notNull())
    .addColumn('reason', 'text', (c) => c.notNull())
    .addColumn('violation_id', 'text')
    .addColumn('since_ms', 'bigint', (c) => c.notNull())
    .execute();
  await index(db, 'source_states', ['standing']);
}

async function createRevocations(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('revocations')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('collector', 'text', (c) => c.notNull())
    .addColumn('reason', 'text', (c) => c.notNull())
    .addColumn('requested_by', 'text', (c) => c.notNull())
    .addColumn('requested_at_ms', 'bigint', (c) => c.notNull())
    .addColumn('in_force_at_ms', 'bigint')
    .addColumn('latency_ms', 'bigint')
    .execute();
  await index(db, 'revocations', ['requested_at_ms']);
  await index(db, 'revocations', ['collector']);

  await db.schema
    .createTable('subject_records')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('subject_id', 'text', (c) => c.notNull())
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('data', 'text', (c) => c.notNull())
    .addColumn('created_at_ms', 'bigint', (c) => c.notNull())
    .execute();
  await index(db, 'subject_records', ['subject_id', 'created_at_ms']);

  await db.schema
    .createTable('erasures')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('pseudonym', 'text', (c) => c.notNull())
    .addColumn('subject_id', 'text')
    .addColumn('reason', 'text', (c) => c.notNull())
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('requested_at_ms', 'bigint', (c) => c.notNull())
    .addColumn('export_until_ms', 'bigint', (c) => c.notNull())
    .addColumn('erased_at_ms', 'bigint')
    .addColumn('records_erased', 'integer', (c) => c.notNull())
    .execute();
  await index(db, 'erasures', ['status', 'export_until_ms']);
  await index(db, 'erasures', ['requested_at_ms']);
}

async function createAudit(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('audit_entries')
    .addColumn('seq', 'bigint', (c) => c.primaryKey())
    .addColumn('at_ms', 'bigint', (c) => c.notNull())
    .addColumn('actor', 'text', (c) => c.notNull())
    .addColumn('action', 'text', (c) => c.notNull())
    .addColumn('subject_type', 'text', (c) => c.notNull())
    .addColumn('subject_id', 'text', (c) => c.notNull())
    .addColumn('payload', 'text', (c) => c.notNull())
    .addColumn('prev_hash', 'text', (c) => c.notNull())
    // A second entry with the same hash could only come from a forked chain.
    .addColumn('hash', 'text', (c) => c.notNull().unique())
    .addColumn('signature', 'text', (c) => c.notNull())
    .addColumn('key_id', 'text', (c) => c.notNull())
    .execute();

  await db.schema
    .createTable('audit_head')
    .addColumn('id', 'integer', (c) => c.primaryKey())
    .addColumn('last_seq', 'bigint', (c) => c.notNull())
    .addColumn('last_hash', 'text', (c) => c.notNull())
    .addCheckConstraint('audit_head_single_row', sql`id = 1`)
    .execute();
  await sql`insert into audit_head (id, last_seq, last_hash) values (1, 0, ${GENESIS_HASH})`.execute(
    db,
  );

  await db.schema
    .createTable('store_meta')
    .addColumn('key', 'text', (c) => c.primaryKey())
    .addColumn('value', 'text', (c) => c.notNull())
    .execute();
}

function index(db: Kysely<unknown>, table: string, columns: string[]): Promise<void> {
  return db.schema
    .createIndex(`${table}_${columns.join('_')}_idx`)
    .on(table)
    .columns(columns)
    .execute();
}

/** The first schema: every table of SPEC §5 and the audit chain's head. */
export const initial: Migration = {
  async up(db: Kysely<unknown>) {
    await createViolations(db);
    await createInvestigations(db);
    await createCommittee(db);
    await createOverrides(db);
    await createRevocations(db);
    await createAudit(db);
  },
};
