import { randomUUID } from 'node:crypto';

/**
 * A new record id: the prefix and a random (version 4) UUID. Never derived
 * from time, so ids reveal nothing about when or in what order records were made.
 */
export function newId(prefix: string): string {
  return `${prefix}_${randomUUID()}`;
}
