import type { FastifyReply, FastifyRequest } from 'fastify';

import { ERROR_CODES, type ErrorCode, type ErrorKind } from '../shared/error-codes.js';
import { CharterError } from '../shared/errors.js';

/** An RFC 9457 problem body, with the project's stable `code` and a `hint`. */
export interface Problem {
  type: string;
  title: string;
  status: number;
  code: string;
  detail: string;
  hint?: string;
  instance: string;
}

/** An error raised by the HTTP layer itself (auth, limits, parsing); its code sets the status. */
export class HttpProblem extends CharterError {}

/** The status of each kind of failure; `internal` and `cli` codes are the service's own. */
const STATUS_OF_KIND: Record<ErrorKind, number> = {
  input: 400,
  unauthenticated: 401,
  forbidden: 403,
  not_found: 404,
  conflict: 409,
  too_large: 413,
  media_type: 415,
  rate_limited: 429,
  internal: 500,
  cli: 500,
  unavailable: 503,
};

const TITLES: Record<number, string> = {
  400: 'Bad request',
  401: 'Unauthorized',
  403: 'Forbidden',
  404: 'Not found',
  409: 'Conflict',
  413: 'Payload too large',
  415: 'Unsupported media type',
  429: 'Too many requests',
  500: 'Internal error',
  503: 'Service unavailable',
};

/**
 * The one mapping from error codes to HTTP statuses, through the code's
 * kind in ERROR_CODES: input, lookup and state errors are the caller's
 * (4xx); the service's own failures (store, audit key, sealing) are a 500
 * whose message stays in the log.
 */
export function statusOf(code: ErrorCode): number {
  return STATUS_OF_KIND[ERROR_CODES[code].kind];
}

/** Sends `application/problem+json`. Unknown errors get a generic 500 body. */
export function sendProblem(
  request: FastifyRequest,
  reply: FastifyReply,
  code: ErrorCode,
  detail: string,
  hint?: string,
): FastifyReply {
  const status = statusOf(code);
  const body: Problem = {
    type: `https://westworld-charter.local/problems/${code}`,
    title: TITLES[status] ?? 'Error',
    status,
    code,
    detail,
    ...(hint !== undefined ? { hint } : {}),
    instance: request.url,
  };
  return reply.status(status).type('application/problem+json').send(body);
}
