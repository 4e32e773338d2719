import type { FastifyInstance, RouteOptions } from 'fastify';

interface Operation {
  method: string;
  path: string;
  tags: string[];
  body?: unknown;
  params?: unknown;
  querystring?: unknown;
}

const plain = (schema: unknown): unknown => JSON.parse(JSON.stringify(schema));

/**
 * Collects every route as it is registered and serves them as an OpenAPI 3.1
 * document at GET /openapi.json, with the very schemas fastify validates with.
 * Must be called before the routes are registered.
 */
export function collectOpenApi(
  app: FastifyInstance,
  info: { title: string; version: string },
): void {
  const operations: Operation[] = [];
  app.addHook('onRoute', (route: RouteOptions) => {
    const methods = Array.isArray(route.method) ? route.method : [route.method];
    for (const method of methods) {
      if (method === 'HEAD' || route.url === '/openapi.json') continue;
      operations.push({
        method: method.toLowerCase(),
        path: route.url.replace(/:([A-Za-z_]+)/g, '{$1}'),
        tags: route.schema?.tags ?? [],
        ...(route.schema?.body ? { body: plain(route.schema.body) } : {}),
        ...(route.schema?.params ? { params: plain(route.schema.params) } : {}),
        ...(route.schema?.querystring ? { querystring: plain(route.schema.querystring) } : {}),
      });
    }
  });

  app.get('/openapi.json', async () => {
    const paths: Record<string, Record<string, unknown>> = {};
    for (const op of operations) {
      const parameters = [
        ...fields(op.params).map(([name, schema]) => ({
          name,
          in: 'path',
          required: true,
          schema,
        })),
        ...fields(op.querystring).map(([name, schema]) => ({
          name,
          in: 'query',
          required: false,
          schema,
        })),
      ];
      (paths[op.path] ??= {})[op.method] = {
        tags: op.tags,
        ...(parameters.length > 0 ? { parameters } : {}),
        ...(op.body
          ? {
              requestBody: { required: true, content: { 'application/json': { schema: op.body } } },
            }
          : {}),
        responses: {
          '200': { description: 'Success' },
          default: {
            description: 'A problem',
            content: {
              'application/problem+json': { schema: { $ref: '#/components/schemas/Problem' } },
            },
          },
        },
        ...(op.path.startsWith('/v1/public') || op.path.endsWith('z') || op.path === '/metrics'
          ? {}
          : { security: [{ bearer: [] }] }),
      };
    }
    return {
      openapi: '3.1.0',
      info,
      paths,
      components: {
        securitySchemes: { bearer: { type: 'http', scheme: 'bearer' } },
        schemas: {
          Problem: {
            type: 'object',
            required: ['type', 'title', 'status', 'code', 'detail'],
            properties: {
              type: { type: 'string' },
              title: { type: 'string' },
              status: { type: 'integer' },
              code: { type: 'string' },
              detail: { type: 'string' },
              hint: { type: 'string' },
              instance: { type: 'string' },
            },
          },
        },
      },
    };
  });
}

function fields(schema: unknown): [string, unknown][] {
  const props = (schema as { properties?: Record<string, unknown> } | undefined)?.properties;
  return props ? Object.entries(props) : [];
}
