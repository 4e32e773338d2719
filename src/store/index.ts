/*
 * The store module's public API (SPEC §5): the `Store` contract, its records,
 * and the two adapters. Only the composition root picks an adapter; everything
 * else depends on `Store` and `StoreTx`.
 */

/**
 * The store contract: `Store` (transactions, migrations, lifecycle), `StoreTx`
 * (what a unit of work reads and writes) and one repo per record kind.
 */
export type {
  AuditRepo,
  CommitteeRepo,
  InvestigationRepo,
  OutboxClaim,
  OutboxRepo,
  OverrideRepo,
  Page,
  Period,
  RevocationRepo,
  SourceStateRepo,
  Store,
  StoreTx,
  SubjectRepo,
  ViolationFilter,
  ViolationRepo,
  VoteRepo,
} from './store.js';
/** The records the store keeps; times are Unix ms, ids random. */
export type * from './records.js';

/**
 * Opens a SQLite file as the store (WAL, `synchronous = FULL`, foreign keys)
 * and migrates it. Throws `store_open_failed` or `store_migration_failed`.
 */
export { createSqliteStore, type SqliteStoreOptions } from './sqlite/create-sqlite-store.js';

/**
 * Opens a PostgreSQL database (optionally in its own schema, created if
 * missing) as the store and migrates it; several instances may share it.
 * Throws `store_schema_invalid`, `store_open_failed` or `store_migration_failed`.
 */
export {
  createPostgresStore,
  type PostgresStoreOptions,
} from './postgres/create-postgres-store.js';

/**
 * The store over any `Kysely<Database>`; the adapters above build on it. For
 * tools that bring their own Kysely instance; the store owns and closes it.
 */
export { createKyselyStore, type KyselyStoreOptions } from './kysely-store.js';

/** The tables as Kysely types them: snake_case columns, ms bigints, JSON text. */
export type { Database } from './db-schema.js';

/**
 * Applies pending migrations to a Kysely instance and returns their names;
 * `Store.migrate()` calls it. Throws `store_migration_failed`.
 */
export { migrateToLatest, migrationsFor, type MigrateOptions } from './migrations/index.js';

/**
 * Verifies the stored audit trail entry by entry and against its signed
 * head, so deleted newest entries are found too; streams, constant memory.
 */
export { verifyStoredTrail } from './verify-stored-trail.js';
