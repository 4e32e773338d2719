import type { FastifyInstance } from 'fastify';

import { createExpositionRenderer } from '../../metrics/index.js';
import type { HttpContext } from '../context.js';
import { sendProblem } from '../problem.js';

/** Liveness, readiness and the Prometheus scrape endpoint. */
export function registerSystemRoutes(app: FastifyInstance, ctx: HttpContext): void {
  // Label sets formatted once per series, not once per scrape (SPEC §11: 10,000 series ≤ 20 ms).
  const exposition = createExpositionRenderer(ctx.registry);
  app.get('/healthz', { schema: { tags: ['system'] } }, async () => ({ status: 'ok' }));

  // Ready only with the store answering and a charter loaded (SPEC §6).
  app.get('/readyz', { schema: { tags: ['system'] } }, async (request, reply) => {
    try {
      await ctx.store.ping();
    } catch {
      return sendProblem(
        request,
        reply,
        'store_unreachable',
        'The store does not answer',
        'Check the database; the service retries on its own.',
      );
    }
    const c = ctx.charter();
    return {
      status: 'ready',
      charter: c.document.charter.id,
      version: c.document.charter.version,
      generation: c.generation,
    };
  });

  app.get('/metrics', { schema: { tags: ['system'] } }, async (_request, reply) => {
    const text = await exposition();
    return reply.type(ctx.registry.contentType).send(text);
  });
}
