import Fastify, {
  LogController,
  type FastifyBaseLogger,
  type FastifyInstance,
  type FastifyReply,
} from 'fastify';

import type { Role } from '../charter/index.js';

import type { ErrorCode } from '../shared/error-codes.js';
import { CharterError } from '../shared/errors.js';
import type { HttpContext } from './context.js';
import { registerJsonParser } from './json-body.js';
import { collectOpenApi } from './openapi.js';
import { ANONYMOUS } from './principal.js';
import { HttpProblem, sendProblem, statusOf } from './problem.js';
import { createRateLimiter } from './rate-limit.js';
import { registerCommitteeRoutes } from './routes/committee-work.js';
import { registerOverrideRoutes } from './routes/overrides.js';
import { registerOversightRoutes } from './routes/oversight.js';
import { registerRightsRoutes } from './routes/rights.js';
import { registerSystemRoutes } from './routes/system.js';
import { registerValidateRoutes } from './routes/validate.js';
import { registerViolationRoutes } from './routes/violations.js';

const BEARER = /^Bearer ([A-Za-z0-9_\-.~+/=]{16,200})$/;

// The code names the part of the request that failed its schema.
const VALIDATION_ERROR_CODES: Record<string, ErrorCode> = {
  body: 'body_invalid',
  params: 'params_invalid',
  querystring: 'query_invalid',
};

/**
 * Builds the HTTP API (SPEC §6): JSON in and out, every body validated by its
 * schema, errors as application/problem+json with a stable code and a hint,
 * bearer tokens bound to a principal and role, per-role rate limits.
 */
export function createHttpServer(ctx: HttpContext, logger: FastifyBaseLogger): FastifyInstance {
  const app = Fastify({
    loggerInstance: logger,
    bodyLimit: ctx.bodyLimitBytes,
    logController: new LogController({ disableRequestLogging: true }),
    return503OnClosing: true,
    ajv: { customOptions: { coerceTypes: false, removeAdditional: false, allErrors: false } },
  });
  registerJsonParser(app);
  collectOpenApi(app, { title: 'Westworld Charter', version: '1' });
  const limiter = createRateLimiter((role) => ctx.rateLimitPerMinute(role));

  app.decorateRequest('principal', { getter: () => ANONYMOUS });
  const throttle = (key: string, role: Role, reply: FastifyReply) => {
    const waitSeconds = limiter.take(key, role, ctx.clock.nowMs());
    if (waitSeconds === 0) return;
    void reply.header('retry-after', String(waitSeconds));
    throw new HttpProblem(
      'rate_limited',
      `"${key}" exceeded the ${role} rate limit of ${ctx.rateLimitPerMinute(role)} requests per minute`,
      `Retry after ${waitSeconds} s.`,
    );
  };

  app.addHook('onRequest', async (request, reply) => {
    const header = request.headers.authorization;
    if (header === undefined) {
      // The public API answers anyone, at the charter's public rate per client
      // address; probes and the scrape endpoint are left to the network's ACLs.
      if (request.url.startsWith('/v1/')) throttle(`ip:${request.ip}`, 'public', reply);
      return;
    }
    const token = BEARER.exec(header)?.[1];
    const principal = token === undefined ? undefined : await ctx.auth.authenticate(token);
    if (principal === undefined) {
      throw new HttpProblem(
        'token_invalid',
        'The bearer token is malformed, unknown or revoked',
        'Send Authorization: Bearer <token> with a token from `charter token create`.',
      );
    }
    Object.defineProperty(request, 'principal', { value: principal });
    throttle(principal.id, principal.role, reply);
  });

  app.setErrorHandler(
    (
      error: Error & {
        code?: string;
        statusCode?: number;
        validation?: unknown;
        validationContext?: string;
      },
      request,
      reply,
    ) => {
      if (error instanceof CharterError) {
        const status = statusOf(error.code);
        if (status < 500) {
          request.log.info({ code: error.code, status }, 'Request refused');
          return sendProblem(request, reply, error.code, error.message, error.hint);
        }
        if (status === 503) {
          request.log.warn({ code: error.code }, 'Request refused, service degraded');
          return sendProblem(request, reply, error.code, error.message, error.hint);
        }
      }
      if (error.validation !== undefined) {
        return sendProblem(
          request,
          reply,
          VALIDATION_ERROR_CODES[error.validationContext ?? 'body'] ?? 'body_invalid',
          `Request ${error.message}`,
          'See the schema of this operation in GET /openapi.json.',
        );
      }
      if (error.code === 'FST_ERR_CTP_BODY_TOO_LARGE') {
        return sendProblem(
          request,
          reply,
          'body_too_large',
          `The body is larger than ${ctx.bodyLimitBytes} bytes`,
          'Split the batch into smaller requests.',
        );
      }
      if (error.code === 'FST_ERR_CTP_INVALID_MEDIA_TYPE') {
        return sendProblem(
          request,
          reply,
          'media_type_unsupported',
          `Content-Type ${request.headers['content-type'] ?? '(none)'} is not accepted`,
          'Send Content-Type: application/json.',
        );
      }
      if (error.statusCode !== undefined && error.statusCode >= 400 && error.statusCode < 500) {
        return sendProblem(
          request,
          reply,
          'request_invalid',
          error.message,
          'Check the request against GET /openapi.json.',
        );
      }
      request.log.error({ err: error }, 'Request failed');
      return sendProblem(
        request,
        reply,
        'internal',
        'The request failed inside the service',
        'Retry later; the operators have the details in the log.',
      );
    },
  );

  app.setNotFoundHandler((request, reply) =>
    sendProblem(
      request,
      reply,
      'route_not_found',
      `No route ${request.method} ${request.url}`,
      'See GET /openapi.json for the operations.',
    ),
  );

  registerSystemRoutes(app, ctx);
  registerValidateRoutes(app, ctx);
  registerViolationRoutes(app, ctx);
  registerCommitteeRoutes(app, ctx);
  registerOverrideRoutes(app, ctx);
  registerRightsRoutes(app, ctx);
  registerOversightRoutes(app, ctx);
  return app;
}
