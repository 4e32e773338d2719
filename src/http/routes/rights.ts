import type { FastifyInstance } from 'fastify';

import type { RevocationReason } from '../../charter/index.js';
import type { HttpContext } from '../context.js';
import { allow, COMMITTEE } from '../guard.js';
import { ErasureBody, IdParams, RevocationBody, SubjectRecordBody } from '../schemas.js';

type P = { Params: { id: string } };

/** Revocations of collectors and data subjects' erasure (SPEC §5). */
export function registerRightsRoutes(app: FastifyInstance, ctx: HttpContext): void {
  const { revocations, erasure } = ctx.governance;

  app.post<{ Body: { collector: string; reason: RevocationReason } }>(
    '/v1/revocations',
    { schema: { body: RevocationBody, tags: ['revocations'] }, onRequest: allow(...COMMITTEE) },
    async (request, reply) => {
      const revocation = await revocations.revokeCollector({
        collector: request.body.collector,
        reason: request.body.reason,
        requestedBy: request.principal.id,
      });
      return reply.status(201).send({ revocation });
    },
  );

  app.get(
    '/v1/revocations',
    { schema: { tags: ['revocations'] }, onRequest: allow(...COMMITTEE) },
    async () => ({
      revocations: await revocations.list(),
    }),
  );

  app.post<{ Body: { subject_id: string; kind: string; data: Record<string, unknown> } }>(
    '/v1/subjects/records',
    {
      schema: { body: SubjectRecordBody, tags: ['erasure'] },
      onRequest: allow('admin', 'monitoring_service'),
    },
    async (request, reply) => {
      const record = await erasure.addRecord({
        subjectId: request.body.subject_id,
        kind: request.body.kind,
        data: request.body.data,
      });
      return reply
        .status(201)
        .send({ record: { id: record.id, kind: record.kind, created_at_ms: record.createdAtMs } });
    },
  );

  app.post<{ Body: { subject_id: string; reason: RevocationReason } }>(
    '/v1/erasures',
    {
      schema: { body: ErasureBody, tags: ['erasure'] },
      onRequest: allow('admin', 'audit_committee_member'),
    },
    async (request, reply) => {
      const record = await erasure.requestErasure({
        subjectId: request.body.subject_id,
        reason: request.body.reason,
        requestedBy: request.principal.id,
      });
      // The raw subject id goes back only to the caller who sent it.
      return reply.status(201).send({
        erasure: {
          id: record.id,
          pseudonym: record.pseudonym,
          status: record.status,
          export_until_ms: record.exportUntilMs,
        },
      });
    },
  );

  app.get<P>(
    '/v1/erasures/:id/export',
    {
      schema: { params: IdParams, tags: ['erasure'] },
      onRequest: allow('admin', 'audit_committee_member'),
    },
    async (request) => erasure.exportSubject(request.params.id, request.principal.id),
  );
}
