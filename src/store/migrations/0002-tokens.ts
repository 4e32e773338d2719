import type { Kysely, Migration } from 'kysely';

/*
 * Bearer tokens (SPEC §6): stored as a SHA-256 of the token, never the token.
 * Written against `Kysely<unknown>`, like every migration.
 */
export const tokens: Migration = {
  async up(db: Kysely<unknown>) {
    await db.schema
      .createTable('tokens')
      .addColumn('id', 'text', (c) => c.primaryKey())
      .addColumn('token_hash', 'text', (c) => c.notNull().unique())
      .addColumn('principal', 'text', (c) => c.notNull())
      .addColumn('role', 'text', (c) => c.notNull())
      .addColumn('description', 'text', (c) => c.notNull())
      .addColumn('created_at_ms', 'bigint', (c) => c.notNull())
      .addColumn('revoked_at_ms', 'bigint')
      .execute();
    await db.schema.createIndex('tokens_principal').on('tokens').columns(['principal']).execute();
  },
  async down(db: Kysely<unknown>) {
    await db.schema.dropTable('tokens').execute();
  },
};
