import type { FastifyInstance } from 'fastify';

import type { Decision, MetricInput } from '../../charter/index.js';
import type { HttpContext } from '../context.js';
import { allow, SUBMITTERS } from '../guard.js';
import { HttpProblem } from '../problem.js';
import { ValidateBody } from '../schemas.js';

interface ValidateRequest {
  Body: { metrics: MetricInput[] };
}

/** POST /v1/validate: one decision per metric, in order (SPEC §4, §6). */
export function registerValidateRoutes(app: FastifyInstance, ctx: HttpContext): void {
  app.post<ValidateRequest>(
    '/v1/validate',
    { schema: { body: ValidateBody, tags: ['decisions'] }, onRequest: allow(...SUBMITTERS) },
    async (request) => {
      const { principal } = request;
      const metrics = request.body.metrics;
      // A node submits only as itself: a forged source is refused whole, before any decision.
      if (principal.role === 'node_operator') {
        const forged = metrics.findIndex((m) => m.source !== principal.id);
        if (forged >= 0) {
          throw new HttpProblem(
            'forged_source',
            `metrics[${forged}].source is "${metrics[forged]?.source}", but this token belongs to "${principal.id}"`,
            'A node operator submits metrics only with its own id as source.',
          );
        }
      }
      const decisions: (Decision & { name: string; source: string })[] = metrics.map((m) => ({
        name: m.name,
        source: m.source,
        ...ctx.engine.decide(m),
      }));
      return { decisions };
    },
  );
}
