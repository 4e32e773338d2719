import type BetterSqlite3 from 'better-sqlite3';
import { CompiledQuery, SqliteAdapter, SqliteDialect, SqliteDriver } from 'kysely';
import type { DatabaseConnection, DialectAdapter, Driver } from 'kysely';

import { StatementCacheConnection } from './statement-cache-connection.js';

/*
 * Kysely's SQLite dialect with three changes the store relies on. Transactions
 * begin IMMEDIATE: they take the write lock up front, so another process on
 * the same file makes them wait (busy_timeout) instead of failing them
 * halfway when a read turns into a write, and the audit head read at the
 * start of an append cannot be stale. Migrations run in a transaction, which
 * SQLite supports for DDL: a crash mid-migration leaves the schema as it was.
 * Prepared statements are reused (see StatementCacheConnection).
 */

class DurableSqliteDriver extends SqliteDriver {
  readonly #connection: StatementCacheConnection;

  constructor(database: BetterSqlite3.Database) {
    super({ database });
    this.#connection = new StatementCacheConnection(database);
  }

  override async acquireConnection(): Promise<DatabaseConnection> {
    // The base class serialises users of the one connection; keep its lock.
    await super.acquireConnection();
    return this.#connection;
  }

  override async beginTransaction(connection: DatabaseConnection): Promise<void> {
    await connection.executeQuery(CompiledQuery.raw('begin immediate'));
  }
}

class TransactionalDdlSqliteAdapter extends SqliteAdapter {
  override get supportsTransactionalDdl(): boolean {
    return true;
  }
}

/** SQLite for the store: immediate transactions, transactional migrations, cached statements. */
export class DurableSqliteDialect extends SqliteDialect {
  readonly #database: BetterSqlite3.Database;

  constructor(database: BetterSqlite3.Database) {
    super({ database });
    this.#database = database;
  }

  override createDriver(): Driver {
    return new DurableSqliteDriver(this.#database);
  }

  override createAdapter(): DialectAdapter {
    return new TransactionalDdlSqliteAdapter();
  }
}
