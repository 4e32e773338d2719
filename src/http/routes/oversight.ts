import { Readable } from 'node:stream';

import type { FastifyInstance } from 'fastify';

import { InputError } from '../../shared/errors.js';
import { auditEntries } from '../../store/audit-entries.js';
import { verifyStoredTrail } from '../../store/index.js';
import type { HttpContext } from '../context.js';
import { allow, COMMITTEE } from '../guard.js';
import { AlertmanagerWebhookBody, PeriodQuery } from '../schemas.js';

/** The period of a `?from&to` query: both ends or neither (the current quarter). */
function periodOf(q: { from?: string; to?: string }) {
  if (q.from === undefined && q.to === undefined) return undefined;
  if (q.from === undefined || q.to === undefined) {
    throw new InputError(
      'report_period_invalid',
      `Cannot build report: only ${q.from === undefined ? 'to' : 'from'} is given`,
      'Send both from and to as RFC 3339 date-times, or neither for the current quarter.',
    );
  }
  return { fromMs: Date.parse(q.from), toMs: Date.parse(q.to) };
}

/** Reports, the charter, the audit trail, the public read models and the Alertmanager intake. */
export function registerOversightRoutes(app: FastifyInstance, ctx: HttpContext): void {
  const { reports, overrides } = ctx.governance;

  app.get<{ Querystring: { from?: string; to?: string } }>(
    '/v1/reports/audit',
    { schema: { querystring: PeriodQuery, tags: ['reports'] }, onRequest: allow(...COMMITTEE) },
    async (request) => reports.auditReport(periodOf(request.query)),
  );

  app.get(
    '/v1/charter',
    {
      schema: { tags: ['charter'] },
      onRequest: allow(...COMMITTEE, 'node_operator', 'monitoring_service', 'emergency_responder'),
    },
    async () => {
      const c = ctx.charter();
      return {
        file: c.file,
        generation: c.generation,
        loaded_at_ms: c.loadedAtMs,
        charter: c.document,
      };
    },
  );

  app.post(
    '/v1/charter/reload',
    { schema: { tags: ['charter'] }, onRequest: allow('admin') },
    async (request) => {
      await ctx.reloadCharter(request.principal.id);
      const c = ctx.charter();
      return {
        reloaded: true,
        generation: c.generation,
        id: c.document.charter.id,
        version: c.document.charter.version,
      };
    },
  );

  app.get(
    '/v1/audit/verify',
    { schema: { tags: ['audit'] }, onRequest: allow(...COMMITTEE) },
    // The signed head too: deleting the newest entries leaves a chain that is whole.
    async () => verifyStoredTrail(ctx.store, ctx.publicKeyPem),
  );

  // JSON Lines in sequence order, streamed a page at a time: the same lines
  // as `charter audit export`, so `charter audit verify` reads either.
  app.get(
    '/v1/audit/export',
    { schema: { tags: ['audit'] }, onRequest: allow(...COMMITTEE) },
    async (_request, reply) => {
      const lines = async function* () {
        for await (const entry of auditEntries(ctx.store)) yield `${JSON.stringify(entry)}\n`;
      };
      return reply.type('application/x-ndjson').send(Readable.from(lines()));
    },
  );

  app.get('/v1/audit/public-key', { schema: { tags: ['audit'] } }, async (_request, reply) =>
    reply.type('application/x-pem-file').send(ctx.publicKeyPem),
  );

  app.post<{ Body: Record<string, unknown> }>(
    '/v1/alerts/webhook',
    {
      schema: { body: AlertmanagerWebhookBody, tags: ['alerts'] },
      onRequest: allow('monitoring_service', 'admin'),
    },
    async (request) => ({ recorded: await ctx.alertsReceived(request.principal.id, request.body) }),
  );

  // Public, unauthenticated read models (SPEC §5-§6): no personal data in any of them.
  app.get('/v1/public/charter', { schema: { tags: ['public'] } }, async () => {
    const d = ctx.charter().document;
    return {
      charter: d.charter,
      metrics: {
        allowed: d.metrics.allowed.map((m) => ({
          name: m.name,
          pattern: m.pattern,
          category: m.category,
          purpose: m.purpose,
          retention_days: m.retention_days,
        })),
        forbidden: d.metrics.forbidden,
      },
      labels: d.labels,
      emergency_override: {
        max_duration_seconds: d.emergency_override.max_duration_seconds,
        quorum_percent: d.emergency_override.quorum_percent,
        allowed_reasons: d.emergency_override.allowed_reasons,
      },
      revocation: d.revocation,
    };
  });
  app.get('/v1/public/overrides', { schema: { tags: ['public'] } }, async () => ({
    overrides: await overrides.publicView(),
  }));
  app.get<{ Querystring: { from?: string; to?: string } }>(
    '/v1/public/transparency',
    { schema: { querystring: PeriodQuery, tags: ['public'] } },
    async (request) => reports.transparencyReport(periodOf(request.query)),
  );
}
