import type { UpdateResult } from 'kysely';

import { ConflictError, NotFoundError } from '../../shared/errors.js';
import type { Page } from '../store.js';

/*
 * What every repo shares: JSON columns, paging, and turning the two dialects'
 * constraint errors into the project's errors.
 */

/** JSON text for a JSON column. */
export function toJson(value: unknown): string {
  return JSON.stringify(value);
}

/** The value of a JSON column; the store wrote it, so its shape is trusted. */
export function fromJson<T>(text: string): T {
  return JSON.parse(text) as T;
}

/** `limit`/`offset` of a page; offsets below zero count as zero. */
export function pageBounds(page: Page): { limit: number; offset: number } {
  return { limit: page.limit, offset: Math.max(0, page.offset ?? 0) };
}

/** True for a unique or primary key violation, on SQLite or PostgreSQL. */
export function isUniqueViolation(error: unknown): boolean {
  if (typeof error !== 'object' || error === null || !('code' in error)) return false;
  const { code } = error;
  // PostgreSQL: SQLSTATE 23505; better-sqlite3: extended result code names.
  return (
    code === '23505' ||
    code === 'SQLITE_CONSTRAINT_UNIQUE' ||
    code === 'SQLITE_CONSTRAINT_PRIMARYKEY'
  );
}

/**
 * Runs an insert, turning a unique violation into a ConflictError
 * `store_conflict`. On PostgreSQL the enclosing transaction is aborted all
 * the same: a caller must let it roll back, not carry on in it.
 */
export async function insertUnique(kind: string, id: string, insert: () => Promise<unknown>) {
  try {
    await insert();
  } catch (error) {
    if (!isUniqueViolation(error)) throw error;
    throw new ConflictError(
      'store_conflict',
      `Cannot insert ${kind} "${id}": a ${kind} with the same id or unique key exists`,
      undefined,
      { cause: error },
    );
  }
}

/** Throws NotFoundError `store_not_found` when an update by id matched no row. */
export function expectUpdated(result: UpdateResult, kind: string, id: string): void {
  if (result.numUpdatedRows === 0n) {
    throw new NotFoundError('store_not_found', `Cannot update ${kind} "${id}": no such ${kind}`);
  }
}
