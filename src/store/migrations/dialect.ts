import { PostgresAdapter } from 'kysely';
import type { ColumnDefinitionBuilder, Kysely } from 'kysely';

/**
 * Builds an insertion-ordered integer key column for `db`'s dialect: SQLite's
 * rowid alias (`integer primary key`) or PostgreSQL's identity column. The one
 * place migrations differ by dialect, since neither syntax exists in the other.
 */
export function serialKey(
  db: Kysely<unknown>,
): [type: 'integer' | 'bigint', build: (col: ColumnDefinitionBuilder) => ColumnDefinitionBuilder] {
  if (db.getExecutor().adapter instanceof PostgresAdapter) {
    return ['bigint', (col) => col.generatedByDefaultAsIdentity().primaryKey()];
  }
  return ['integer', (col) => col.primaryKey()];
}
