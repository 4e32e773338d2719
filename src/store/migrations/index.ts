import { Migrator } from 'kysely';
import type { Kysely, Migration, MigrationProvider } from 'kysely';

import { CharterError } from '../../shared/errors.js';
import { initial } from './0001-initial.js';
import { tokens } from './0002-tokens.js';
import { outbox } from './0003-outbox.js';
import { knowledge } from './0004-knowledge.js';

/**
 * Every migration by name, applied in name order. To change the schema, add
 * `NNNN-what.ts` exporting a `Migration` and list it here under `NNNN_what`;
 * never edit one that has shipped.
 */
export const migrations: Readonly<Record<string, Migration>> = Object.freeze({
  '0001_initial': initial,
  '0002_tokens': tokens,
  '0003_outbox': outbox,
  '0004_knowledge': knowledge,
});

const provider: MigrationProvider = { getMigrations: () => Promise.resolve({ ...migrations }) };

/**
 * Applies every pending migration in one run and returns the names applied,
 * in order (empty when the schema is current). Concurrent callers are
 * serialised by Kysely's migration lock. `schema` (PostgreSQL) is where the
 * migration bookkeeping tables live; without it Kysely would take such a table
 * in any other schema of the database for its own.
 *
 * @throws CharterError `store_migration_failed` with the failing migration's
 *   error as `cause`; the migrations before it stay applied.
 */
export async function migrateToLatest<DB>(db: Kysely<DB>, schema?: string): Promise<string[]> {
  const migrator = new Migrator({
    db,
    provider,
    ...(schema === undefined ? {} : { migrationTableSchema: schema }),
  });
  const { error, results = [] } = await migrator.migrateToLatest();
  if (error !== undefined) {
    const failed = results.find((r) => r.status === 'Error')?.migrationName ?? 'setup';
    throw new CharterError(
      'store_migration_failed',
      `Cannot migrate the store: migration "${failed}" failed: ${error instanceof Error ? error.message : JSON.stringify(error)}`,
      'Check the database user may create tables and indexes, then restart',
      { cause: error },
    );
  }

  return results.filter((r) => r.status === 'Success').map((r) => r.migrationName);
}
