import { Kysely, PostgresDialect, sql } from 'kysely';
import pg from 'pg';
import type { CustomTypesConfig } from 'pg';

import type { AuditSigner } from '../../audit/seal.js';
import { CharterError, InputError } from '../../shared/errors.js';
import type { Database } from '../db-schema.js';
import { createKyselyStore } from '../kysely-store.js';
import type { Store } from '../store.js';

/** Where and how to open the PostgreSQL store. */
export interface PostgresStoreOptions {
  /** `postgres://user:password@host:port/database`. */
  connectionString: string;
  /** Schema for the store's tables, created if missing; default the server's search_path. */
  schema?: string;
  /** Signs every audit entry the store appends. */
  signer: AuditSigner;
  /** Connections in the pool; default 10. */
  poolSize?: number;
  /**
   * Called when an idle pooled connection fails (the server restarted, the
   * network dropped). The pool replaces the connection by itself; without
   * this hook the failure would be an unhandled error event and end the process.
   */
  onPoolError?: (error: Error) => void;
  /** Apply pending migrations on open (default true); `charter migrate` opens without. */
  migrate?: boolean;
}

const INT8_OID = 20;
const SCHEMA_NAME = /^[a-z_][a-z0-9_]{0,62}$/;

// Per pool, not pg's global parsers: ms timestamps, seqs and counts (int8) as
// JS numbers, exact up to 2^53, far beyond any of them.
const types: CustomTypesConfig = {
  getTypeParser: ((oid: number, format?: 'text' | 'binary'): unknown =>
    oid === INT8_OID
      ? Number
      : (pg.types.getTypeParser(oid, format) as unknown)) as typeof pg.types.getTypeParser,
};

/**
 * Opens the PostgreSQL store, creating `options.schema` if missing, and
 * applies pending migrations. Several instances may share one database and
 * schema: the audit head row lock keeps their appends on one chain.
 *
 * @throws InputError `store_schema_invalid` for a schema name other than
 *   lower-case letters, digits and underscores; CharterError
 *   `store_open_failed` if the server cannot be reached or refuses the
 *   schema, `store_migration_failed` if a migration fails.
 */
export async function createPostgresStore(options: PostgresStoreOptions): Promise<Store> {
  const { schema } = options;
  if (schema !== undefined && !SCHEMA_NAME.test(schema)) {
    throw new InputError(
      'store_schema_invalid',
      `Cannot use PostgreSQL schema "${schema}": expected lower-case letters, digits and underscores, starting with a letter or underscore`,
    );
  }

  const pool = new pg.Pool({
    connectionString: options.connectionString,
    max: options.poolSize ?? 10,
    connectionTimeoutMillis: 10_000,
    types,
    // Every connection, including those the pool opens later, sees the schema.
    ...(schema === undefined ? {} : { options: `-c search_path=${schema}` }),
  });
  pool.on('error', (error) => options.onPoolError?.(error));
  const db = new Kysely<Database>({ dialect: new PostgresDialect({ pool }) });

  try {
    const migrationSchema = await prepareSchema(db, schema);
    const store = createKyselyStore(db, {
      dialect: 'postgres',
      signer: options.signer,
      migrationSchema,
    });
    if (options.migrate !== false) await store.migrate();
    return store;
  } catch (error) {
    await db.destroy();
    throw error;
  }
}

/** Creates `schema` if given and missing; returns the schema the store lives in. */
async function prepareSchema(db: Kysely<Database>, schema: string | undefined): Promise<string> {
  try {
    if (schema !== undefined) {
      // Looked up first: `create schema if not exists` needs the CREATE
      // privilege even when the schema exists, and an operator may have
      // created it for a user without that privilege.
      const found = await sql`select 1 from pg_namespace where nspname = ${schema}`.execute(db);
      if (found.rows.length === 0) {
        await sql`create schema if not exists ${sql.id(schema)}`
          .execute(db)
          .catch((error: unknown) => {
            // Two instances creating it at once: `if not exists` can still collide.
            if ((error as { code?: unknown }).code !== '23505') throw error;
          });
      }
      return schema;
    }
    const { rows } = await sql<{ name: string | null }>`select current_schema() as name`.execute(
      db,
    );
    const name = rows[0]?.name;
    if (name == null) throw new Error('search_path names no existing schema');
    return name;
  } catch (cause) {
    throw new CharterError(
      'store_open_failed',
      `Cannot open PostgreSQL store${schema === undefined ? '' : ` in schema "${schema}"`}: ${describe(cause)}`,
      'Check the server is up, the connection string, and that the user may create schemas and tables',
      { cause },
    );
  }
}

function describe(cause: unknown): string {
  if (!(cause instanceof Error)) return String(cause);
  // A refused connection to a name with several addresses is an AggregateError
  // with an empty message; its code still says what happened.
  const code = (cause as { code?: unknown }).code;
  return cause.message !== '' ? cause.message : typeof code === 'string' ? code : cause.name;
}
