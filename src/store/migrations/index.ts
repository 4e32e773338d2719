import { Migrator } from 'kysely';
import type { Kysely, Migration, MigrationProvider } from 'kysely';

import type { AuditSigner } from '../../audit/seal.js';
import { CharterError } from '../../shared/errors.js';
import { initial } from './0001-initial.js';
import { tokens } from './0002-tokens.js';
import { outbox } from './0003-outbox.js';
import { knowledge } from './0004-knowledge.js';
import { auditHeadSignature } from './0005-audit-head-signature.js';
import { auditHashNotUnique } from './0006-audit-hash-not-unique.js';

/**
 * Every migration by name, applied in name order; `signer` signs what a
 * migration must sign (the audit head). To change the schema, add
 * `NNNN-what.ts` exporting a `Migration` and list it here under `NNNN_what`;
 * never edit one that has shipped.
 */
export function migrationsFor(signer: AuditSigner): Readonly<Record<string, Migration>> {
  return Object.freeze({
    '0001_initial': initial,
    '0002_tokens': tokens,
    '0003_outbox': outbox,
    '0004_knowledge': knowledge,
    '0005_audit_head_signature': auditHeadSignature(signer),
    '0006_audit_hash_not_unique': auditHashNotUnique,
  });
}

/** Where `migrateToLatest` applies migrations. */
export interface MigrateOptions {
  /** Signs the audit head where a migration needs it. */
  signer: AuditSigner;
  /**
   * PostgreSQL: the schema of the migration bookkeeping tables; without it
   * Kysely would take such a table in any other schema of the database for
   * its own.
   */
  schema?: string;
}

/**
 * Applies every pending migration in one run and returns the names applied,
 * in order (empty when the schema is current). Concurrent callers are
 * serialised by Kysely's migration lock.
 *
 * @throws CharterError `store_migration_failed` with the failing migration's
 *   error as `cause`; the migrations before it stay applied.
 */
export async function migrateToLatest<DB>(
  db: Kysely<DB>,
  options: MigrateOptions,
): Promise<string[]> {
  const all = migrationsFor(options.signer);
  const provider: MigrationProvider = { getMigrations: () => Promise.resolve({ ...all }) };
  const migrator = new Migrator({
    db,
    provider,
    ...(options.schema === undefined ? {} : { migrationTableSchema: options.schema }),
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
