import type { ErrorCode } from './error-codes.js';

/**
 * The one error base of the project. `code` is stable (listed in
 * src/shared/error-codes.ts, documented in docs/errors.md, mapped to a
 * status by the HTTP layer); `hint` tells the caller what would be
 * accepted instead.
 */
export class CharterError extends Error {
  readonly code: ErrorCode;
  readonly hint: string | undefined;

  constructor(code: ErrorCode, message: string, hint?: string, options?: ErrorOptions) {
    super(message, options);
    this.name = new.target.name;
    this.code = code;
    this.hint = hint;
  }
}

/** Where a problem sits in a source file, 1-based. */
export interface SourcePosition {
  line: number;
  column: number;
}

/**
 * A charter file that cannot be loaded. `path` is the dotted path of the
 * offending value (`metrics.forbidden[2].severity`), empty for the whole file.
 */
export class CharterLoadError extends CharterError {
  readonly file: string;
  readonly path: string;
  readonly position: SourcePosition | undefined;

  constructor(
    file: string,
    path: string,
    position: SourcePosition | undefined,
    detail: string,
    hint?: string,
  ) {
    const where = position ? `${file}:${position.line}:${position.column}` : file;
    const subject = path === '' ? '' : `${path} `;
    super('charter_invalid', `${where}: ${subject}${detail}`, hint);
    this.file = file;
    this.path = path;
    this.position = position;
  }
}

/** Input that a caller sent and that cannot be accepted as it is. */
export class InputError extends CharterError {}

/** A referenced record does not exist. */
export class NotFoundError extends CharterError {}

/** The operation is not allowed in the record's current state. */
export class ConflictError extends CharterError {}
