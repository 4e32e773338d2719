import type { FastifyReply, FastifyRequest } from 'fastify';

import { CharterError, ConflictError, InputError, NotFoundError } from '../shared/errors.js';

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

/** An error raised by the HTTP layer itself (auth, limits, parsing), with its status. */
export class HttpProblem extends CharterError {
  readonly status: number;

  constructor(status: number, code: string, message: string, hint?: string) {
    super(code, message, hint);
    this.status = status;
  }
}

const TITLES: Record<number, string> = {
  400: 'Bad request',
  401: 'Unauthorized',
  403: 'Forbidden',
  404: 'Not found',
  405: 'Method not allowed',
  409: 'Conflict',
  413: 'Payload too large',
  415: 'Unsupported media type',
  429: 'Too many requests',
  500: 'Internal error',
  503: 'Service unavailable',
};

/**
 * The one mapping from domain errors to HTTP statuses. Input, lookup and
 * state errors are the caller's (4xx); any other CharterError (store, audit
 * key, sealing) is the service's own failure, a 500 whose message stays in
 * the log.
 */
export function statusOf(error: CharterError): number {
  if (error instanceof HttpProblem) return error.status;
  if (error instanceof NotFoundError) return 404;
  if (error instanceof ConflictError) return 409;
  if (error instanceof InputError) return 400;
  if (error.code === 'ingest_overloaded' || error.code === 'ingest_closed') return 503;
  // A charter file refused on reload: the request asked to load a bad file.
  if (error.code === 'charter_invalid') return 400;
  return 500;
}

/** Sends `application/problem+json`. Unknown errors get a generic 500 body. */
export function sendProblem(
  request: FastifyRequest,
  reply: FastifyReply,
  status: number,
  code: string,
  detail: string,
  hint?: string,
): FastifyReply {
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
