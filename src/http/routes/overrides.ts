import type { FastifyInstance } from 'fastify';

import type { HttpContext } from '../context.js';
import { allow, COMMITTEE } from '../guard.js';
import { IdParams, OverrideBody, OverrideVoteBody, RenewalBody } from '../schemas.js';

type P = { Params: { id: string } };

interface OverrideRequestBody {
  reason: string;
  justification: string;
  metrics: string[];
  labels?: string[];
  sources: string[];
  duration_seconds: number;
}

/** Emergency overrides: request, vote, activate, end, renew (SPEC §5). */
export function registerOverrideRoutes(app: FastifyInstance, ctx: HttpContext): void {
  const { overrides } = ctx.governance;
  const requesters = allow('emergency_responder', 'audit_committee_member', 'admin');

  app.post<{ Body: OverrideRequestBody }>(
    '/v1/overrides',
    { schema: { body: OverrideBody, tags: ['overrides'] }, onRequest: requesters },
    async (request, reply) => {
      const b = request.body;
      const override = await overrides.request({
        requester: { id: request.principal.id, role: request.principal.role },
        reason: b.reason,
        justification: b.justification,
        metrics: b.metrics,
        labels: b.labels ?? [],
        sources: b.sources,
        durationSeconds: b.duration_seconds,
      });
      return reply.status(201).send({ override });
    },
  );

  app.get(
    '/v1/overrides',
    { schema: { tags: ['overrides'] }, onRequest: allow(...COMMITTEE, 'emergency_responder') },
    async () => ({
      overrides: await overrides.list(),
    }),
  );

  app.get<P>(
    '/v1/overrides/:id',
    {
      schema: { params: IdParams, tags: ['overrides'] },
      onRequest: allow(...COMMITTEE, 'emergency_responder'),
    },
    async (request) => ({
      override: await overrides.get(request.params.id),
    }),
  );

  app.post<P & { Body: { choice: 'approve' | 'reject' } }>(
    '/v1/overrides/:id/votes',
    {
      schema: { params: IdParams, body: OverrideVoteBody, tags: ['overrides'] },
      onRequest: allow('audit_committee_member'),
    },
    async (request) => overrides.vote(request.params.id, request.principal.id, request.body.choice),
  );

  app.post<P>(
    '/v1/overrides/:id/activate',
    { schema: { params: IdParams, tags: ['overrides'] }, onRequest: requesters },
    async (request) => ({
      override: await overrides.activate(request.params.id, request.principal.id),
    }),
  );

  app.post<P>(
    '/v1/overrides/:id/end',
    { schema: { params: IdParams, tags: ['overrides'] }, onRequest: requesters },
    async (request) => ({
      override: await overrides.end(request.params.id, request.principal.id),
    }),
  );

  app.post<P & { Body: { duration_seconds: number } }>(
    '/v1/overrides/:id/renewals',
    {
      schema: { params: IdParams, body: RenewalBody, tags: ['overrides'] },
      onRequest: requesters,
    },
    async (request, reply) => {
      const renewal = await overrides.requestRenewal(
        request.params.id,
        { id: request.principal.id, role: request.principal.role },
        request.body.duration_seconds,
      );
      return reply.status(201).send({ override: renewal });
    },
  );
}
