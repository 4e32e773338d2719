import type { Static } from '@sinclair/typebox';
import type { FastifyInstance } from 'fastify';

import type { Severity } from '../../charter/index.js';
import type { Evidence } from '../../store/records.js';
import type { HttpContext } from '../context.js';
import { allow, COMMITTEE } from '../guard.js';
import {
  AssignBody,
  IdParams,
  InvestigationQuery,
  InvestigationVoteBody,
  MemberBody,
  NoteBody,
  OpenInvestigationBody,
  ResponseRequestBody,
} from '../schemas.js';
import { ViolationReportSchema } from '../../governance/index.js';
import { pageOf } from './paging.js';

type P = { Params: { id: string } };

/** Investigations, their votes, notes and evidence, and the committee (SPEC §5). */
export function registerCommitteeRoutes(app: FastifyInstance, ctx: HttpContext): void {
  const { investigations, committee } = ctx.governance;
  const guard = { onRequest: allow(...COMMITTEE) };

  app.post<{ Body: { violation_id: string; assignee?: string; deadline_at?: string } }>(
    '/v1/investigations',
    { schema: { body: OpenInvestigationBody, tags: ['investigations'] }, ...guard },
    async (request, reply) => {
      const b = request.body;
      const investigation = await investigations.open({
        violationId: b.violation_id,
        initiatedBy: 'committee',
        openedBy: request.principal.id,
        ...(b.assignee !== undefined ? { assignee: b.assignee } : {}),
        ...(b.deadline_at !== undefined ? { deadlineAtMs: Date.parse(b.deadline_at) } : {}),
      });
      return reply.status(201).send({ investigation });
    },
  );

  app.get<{ Querystring: { limit?: string; offset?: string; status?: 'open' | 'closed' } }>(
    '/v1/investigations',
    { schema: { querystring: InvestigationQuery, tags: ['investigations'] }, ...guard },
    async (request) => {
      const { status } = request.query;
      return {
        investigations: await investigations.list(status ? { status } : {}, pageOf(request.query)),
      };
    },
  );

  app.get<P>(
    '/v1/investigations/:id',
    { schema: { params: IdParams, tags: ['investigations'] }, ...guard },
    async (request) => ({
      investigation: await investigations.get(request.params.id),
    }),
  );

  app.post<P & { Body: { choice: 'confirm' | 'dismiss'; penalty?: Severity } }>(
    '/v1/investigations/:id/votes',
    {
      schema: { params: IdParams, body: InvestigationVoteBody, tags: ['investigations'] },
      onRequest: allow('audit_committee_member'),
    },
    async (request) => ({
      investigation: await investigations.vote(
        request.params.id,
        request.principal.id,
        request.body.choice,
        request.body.penalty,
      ),
    }),
  );

  app.post<P & { Body: { text: string } }>(
    '/v1/investigations/:id/notes',
    { schema: { params: IdParams, body: NoteBody, tags: ['investigations'] }, ...guard },
    async (request, reply) => {
      await investigations.addNote(request.params.id, request.principal.id, request.body.text);
      return reply.status(201).send({ investigation: await investigations.get(request.params.id) });
    },
  );

  app.post<P & { Body: { evidence: Evidence[] } }>(
    '/v1/investigations/:id/evidence',
    {
      schema: {
        params: IdParams,
        body: {
          type: 'object',
          additionalProperties: false,
          required: ['evidence'],
          properties: { evidence: ViolationReportSchema.properties.evidence },
        },
        tags: ['investigations'],
      },
      ...guard,
    },
    async (request, reply) => {
      await investigations.addEvidence(
        request.params.id,
        request.principal.id,
        request.body.evidence,
      );
      return reply.status(201).send({ investigation: await investigations.get(request.params.id) });
    },
  );

  app.post<P & { Body: { assignee: string } }>(
    '/v1/investigations/:id/assign',
    { schema: { params: IdParams, body: AssignBody, tags: ['investigations'] }, ...guard },
    async (request) => ({
      investigation: await investigations.assign(
        request.params.id,
        request.principal.id,
        request.body.assignee,
      ),
    }),
  );

  app.get(
    '/v1/committee',
    {
      schema: { tags: ['committee'] },
      onRequest: allow(...COMMITTEE, 'monitoring_service', 'node_operator', 'emergency_responder'),
    },
    async () => ({
      quorum_percent: ctx.engine.current().settings.committee.quorumPercent,
      members: (await committee.active()).map((m) => ({
        id: m.id,
        name: m.name,
        since_ms: m.addedAtMs,
      })),
    }),
  );

  app.post<{ Body: { id: string; name: string; contact: string } }>(
    '/v1/committee/members',
    { schema: { body: MemberBody, tags: ['committee'] }, onRequest: allow('admin') },
    async (request, reply) =>
      reply.status(201).send({ member: await committee.add(request.body, request.principal.id) }),
  );

  app.delete<P>(
    '/v1/committee/members/:id',
    { schema: { params: IdParams, tags: ['committee'] }, onRequest: allow('admin') },
    async (request) => ({
      member: await committee.remove(request.params.id, request.principal.id),
    }),
  );

  // A response only the committee (or the board) may decide, or one to review.
  app.post<{ Body: Static<typeof ResponseRequestBody> }>(
    '/v1/committee/requests',
    { schema: { body: ResponseRequestBody, tags: ['committee'] }, onRequest: allow('admin') },
    async (request, reply) => {
      const b = request.body;
      await committee.requestResponse(
        {
          source: b.source,
          level: b.level,
          request: b.request,
          responseName: b.response_name,
          violationId: b.violation_id,
          investigationId: b.investigation_id,
          detectors: b.detectors,
        },
        request.principal.id,
      );
      return reply.status(202).send({ requested: true, source: b.source, level: b.level });
    },
  );
}
