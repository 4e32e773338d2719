import type { FastifyInstance } from 'fastify';

import { parseViolationReport, ViolationReportSchema } from '../../governance/index.js';
import type { ViolationStatus } from '../../store/records.js';
import type { HttpContext } from '../context.js';
import { allow, COMMITTEE, SUBMITTERS } from '../guard.js';
import { IdParams, ReinstateBody, SuspendBody, ViolationQuery } from '../schemas.js';
import { pageOf } from './paging.js';

/** Violations (report, list, read) and source standing (SPEC §5). */
export function registerViolationRoutes(app: FastifyInstance, ctx: HttpContext): void {
  const { governance } = ctx;

  app.post(
    '/v1/violations',
    {
      schema: { body: ViolationReportSchema, tags: ['violations'] },
      onRequest: allow(...SUBMITTERS, 'audit_committee_member'),
    },
    async (request, reply) => {
      const report = parseViolationReport(request.body, request.principal.id);
      const outcome = await governance.ingest.submit(report);
      return reply
        .status(outcome.created ? 201 : 200)
        .send({ violation: outcome.violation, created: outcome.created });
    },
  );

  app.get<{
    Querystring: { limit?: string; offset?: string; status?: ViolationStatus; source?: string };
  }>(
    '/v1/violations',
    {
      schema: { querystring: ViolationQuery, tags: ['violations'] },
      onRequest: allow(...COMMITTEE, 'monitoring_service'),
    },
    async (request) => {
      const q = request.query;
      const filter = {
        ...(q.status !== undefined ? { status: q.status } : {}),
        ...(q.source !== undefined ? { source: q.source } : {}),
      };
      return { violations: await governance.violations.list(filter, pageOf(q)) };
    },
  );

  app.get<{ Params: { id: string } }>(
    '/v1/violations/:id',
    {
      schema: { params: IdParams, tags: ['violations'] },
      onRequest: allow(...COMMITTEE, 'monitoring_service'),
    },
    async (request) => ({ violation: await governance.violations.get(request.params.id) }),
  );

  app.get(
    '/v1/sources/suspended',
    { schema: { tags: ['violations'] }, onRequest: allow(...COMMITTEE, 'monitoring_service') },
    async () => ({ sources: await governance.escalation.suspendedSources() }),
  );

  // The charter's automatic level 2 on request (the standalone MAPE-K loop):
  // violation, system investigation and suspension in one transaction.
  app.post<{ Params: { id: string }; Body: { attempts: number } }>(
    '/v1/sources/:id/suspend',
    {
      schema: { params: IdParams, body: SuspendBody, tags: ['violations'] },
      onRequest: allow('admin'),
    },
    async (request, reply) => {
      const outcome = await governance.escalation.handle(
        { kind: 'suspend', source: request.params.id, count: request.body.attempts, metrics: [] },
        request.principal.id,
      );
      return reply.status(201).send({
        source: request.params.id,
        suspended: outcome.suspended,
        violation_id: outcome.violation.id,
        investigation_id: outcome.investigationId,
      });
    },
  );

  app.post<{ Params: { id: string }; Body: { reason: string } }>(
    '/v1/sources/:id/reinstate',
    {
      schema: { params: IdParams, body: ReinstateBody, tags: ['violations'] },
      onRequest: allow(...COMMITTEE),
    },
    async (request) => {
      await governance.escalation.reinstate(
        request.params.id,
        request.principal.id,
        request.body.reason,
      );
      return { source: request.params.id, suspended: false };
    },
  );
}
