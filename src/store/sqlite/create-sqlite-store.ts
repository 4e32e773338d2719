import BetterSqlite3 from 'better-sqlite3';
import { Kysely } from 'kysely';

import type { AuditSigner } from '../../audit/seal.js';
import { CharterError } from '../../shared/errors.js';
import type { Database } from '../db-schema.js';
import { createKyselyStore } from '../kysely-store.js';
import type { Store } from '../store.js';
import { DurableSqliteDialect } from './durable-sqlite-dialect.js';

/** Where and how to open the SQLite store. */
export interface SqliteStoreOptions {
  /** Path of the database file; created if missing (its directory must exist). */
  file: string;
  /** Signs every audit entry the store appends. */
  signer: AuditSigner;
  /** How long a write waits for another process's lock before failing; default 5000. */
  busyTimeoutMs?: number;
  /** Apply pending migrations on open (default true); `charter migrate` opens without. */
  migrate?: boolean;
}

/**
 * Opens the SQLite store at `options.file` and applies pending migrations.
 * WAL mode with `synchronous = FULL`: a committed transaction survives a power
 * loss, not only a crash. Foreign keys are enforced. One process may share the
 * file with others (a CLI beside the server); writes queue on the file lock.
 *
 * @throws CharterError `store_open_failed` if the file cannot be opened in
 *   WAL mode, `store_migration_failed` if a migration fails.
 */
export async function createSqliteStore(options: SqliteStoreOptions): Promise<Store> {
  const database = openDatabase(options.file, options.busyTimeoutMs ?? 5000);
  const db = new Kysely<Database>({ dialect: new DurableSqliteDialect(database) });
  const store = createKyselyStore(db, { dialect: 'sqlite', signer: options.signer });

  try {
    if (options.migrate !== false) await store.migrate();
  } catch (error) {
    await store.close();
    throw error;
  }

  return store;
}

function openDatabase(file: string, busyTimeoutMs: number): BetterSqlite3.Database {
  let database: BetterSqlite3.Database | undefined;
  try {
    database = new BetterSqlite3(file, { timeout: busyTimeoutMs });
    const mode: unknown = database.pragma('journal_mode = WAL', { simple: true });
    if (mode !== 'wal') throw new Error(`journal_mode is "${String(mode)}", expected "wal"`);
    // FULL, not WAL's usual NORMAL: NORMAL may lose the last commits on power loss.
    database.pragma('synchronous = FULL');
    database.pragma('foreign_keys = ON');
    // 32 MiB of page cache (the default is 2 MiB): a group commit of
    // violation reports touches index pages all over the file, and pages
    // read again from the OS cost more than the memory.
    database.pragma('cache_size = -32768');
    return database;
  } catch (cause) {
    database?.close();
    throw new CharterError(
      'store_open_failed',
      `Cannot open SQLite store "${file}": ${cause instanceof Error ? cause.message : String(cause)}`,
      'Check the directory exists and is writable, and that the file is on a local file system',
      { cause },
    );
  }
}
