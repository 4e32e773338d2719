import type { ErrorCode } from '../shared/error-codes.js';
import { CharterError, ConflictError, InputError, NotFoundError } from '../shared/errors.js';

/** What the ingest worker is started with. */
export interface WorkerSetup {
  /** The SQLite file, migrated by the main thread before the worker starts. */
  readonly file: string;
  readonly auditKeyFile: string;
  /** Notification channel names, as the main thread's notifier writes them. */
  readonly channels: readonly string[];
}

/** Main thread → worker. */
export type ToWorker =
  | { kind: 'charter'; document: unknown }
  // Reports and outcomes cross as JSON text: a string is copied whole, where
  // a structured clone of the same objects costs the main thread three times
  // as much.
  | { kind: 'batch'; id: number; reportsJson: string; nowMs: number }
  | { kind: 'close' };

/** Worker → main thread. */
export type FromWorker =
  | { kind: 'ready' }
  | { kind: 'written'; id: number; outcomesJson: string }
  | { kind: 'failed'; id: number; error: WireError }
  | { kind: 'closed' };

/** An error as it crosses threads: structured clone keeps no class. */
export interface WireError {
  name: string;
  message: string;
  code?: string;
  hint?: string;
}

export function errorToWire(error: unknown): WireError {
  if (error instanceof CharterError) {
    return {
      name: error.name,
      message: error.message,
      code: error.code,
      ...(error.hint !== undefined ? { hint: error.hint } : {}),
    };
  }
  return error instanceof Error
    ? { name: error.name, message: error.message }
    : { name: 'Error', message: String(error) };
}

const CLASSES = { InputError, NotFoundError, ConflictError } as const;

/** Rebuilds the error the worker met, with its class, so HTTP maps it as it would here. */
export function errorFromWire(wire: WireError): Error {
  if (wire.code === undefined) return new Error(`Ingest worker: ${wire.message}`);
  const Class = CLASSES[wire.name as keyof typeof CLASSES] ?? CharterError;
  return new Class(wire.code as ErrorCode, wire.message, wire.hint);
}
