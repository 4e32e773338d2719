import type BetterSqlite3 from 'better-sqlite3';
import type { CompiledQuery, DatabaseConnection, QueryResult } from 'kysely';

/** Prepared statements kept; the store issues far fewer distinct queries. */
const CAPACITY = 256;

/**
 * A Kysely connection over a better-sqlite3 database that keeps prepared
 * statements by SQL text. Kysely's own SQLite connection prepares every query
 * anew, and preparing (planning against the schema and its indexes) costs
 * more than running the store's small queries. SQLite re-prepares a cached
 * statement by itself after a schema change.
 */
export class StatementCacheConnection implements DatabaseConnection {
  readonly #db: BetterSqlite3.Database;
  readonly #statements = new Map<string, BetterSqlite3.Statement>();

  constructor(db: BetterSqlite3.Database) {
    this.#db = db;
  }

  executeQuery<R>(compiled: CompiledQuery): Promise<QueryResult<R>> {
    const statement = this.#prepare(compiled.sql);
    const parameters = compiled.parameters as unknown[];
    if (statement.reader) {
      return Promise.resolve({ rows: statement.all(...parameters) as R[] });
    }

    const { changes, lastInsertRowid } = statement.run(...parameters);
    return Promise.resolve({
      numAffectedRows: BigInt(changes),
      insertId: BigInt(lastInsertRowid),
      rows: [],
    });
  }

  async *streamQuery<R>(compiled: CompiledQuery): AsyncIterableIterator<QueryResult<R>> {
    const statement = this.#prepare(compiled.sql);
    if (!statement.reader) throw new Error('Only queries that return rows can be streamed');
    for (const row of statement.iterate(...(compiled.parameters as unknown[]))) {
      yield await Promise.resolve({ rows: [row as R] });
    }
  }

  #prepare(sql: string): BetterSqlite3.Statement {
    let statement = this.#statements.get(sql);
    if (statement !== undefined) {
      // Re-inserting moves it to the end: the map's order is least recently used first.
      this.#statements.delete(sql);
    } else {
      statement = this.#db.prepare(sql);
      if (this.#statements.size >= CAPACITY) {
        const oldest = this.#statements.keys().next();
        if (oldest.done !== true) this.#statements.delete(oldest.value);
      }
    }
    this.#statements.set(sql, statement);
    return statement;
  }
}
