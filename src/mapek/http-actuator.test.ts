import { describe, expect, it } from 'vitest';

import { isRetryable } from './actuator.js';
import { createHttpActuator } from './http-actuator.js';
import { createPrometheusClient } from './prometheus.js';

const basis = { source: 'node-7', level: 2 as const, detectors: ['reconnaissance'], observed: 6 };

/** A fetch that answers from a list, recording each request. */
function scripted(...answers: (Response | Error)[]) {
  const requests: { url: string; init: RequestInit | undefined }[] = [];
  const fetchFn = (url: string | URL | Request, init?: RequestInit) => {
    requests.push({ url: url instanceof Request ? url.url : url.toString(), init });
    const next = answers.shift() ?? new Error('no more answers');
    return next instanceof Error ? Promise.reject(next) : Promise.resolve(next);
  };
  return { fetch: fetchFn, requests };
}

const json = (status: number, body: unknown) =>
  new Response(JSON.stringify(body), { status, headers: { 'content-type': 'application/json' } });

describe('HTTP actuator', () => {
  it('reports through POST /v1/violations with the bearer token and an idempotency key', async () => {
    const s = scripted(json(201, { violation: { id: 'vio_1' } }));
    const actuator = createHttpActuator({
      baseUrl: 'http://127.0.0.1:1/',
      token: 't0k',
      fetch: s.fetch,
    });
    await expect(
      actuator.reportViolation({ basis, idempotencyKey: 'plan_1:report' }),
    ).resolves.toEqual({
      violationId: 'vio_1',
    });
    const [req] = s.requests;
    expect(req!.url).toBe('http://127.0.0.1:1/v1/violations');
    expect(new Headers(req!.init!.headers).get('authorization')).toBe('Bearer t0k');
    expect(JSON.parse(req!.init!.body as string)).toMatchObject({
      type: 'silent_collection',
      source: 'node-7',
      idempotency_key: 'plan_1:report',
    });
  });

  it.each([
    [json(503, { code: 'unavailable' }), true],
    [json(429, { code: 'rate_limited' }), true],
    [new TypeError('fetch failed'), true],
    [json(409, { code: 'violation_not_open', detail: 'closed' }), false],
    [json(403, { code: 'forbidden' }), false],
  ])('classifies %s as retryable: %s', async (answer, retryable) => {
    const s = scripted(answer);
    const actuator = createHttpActuator({
      baseUrl: 'http://127.0.0.1:1',
      token: 't',
      fetch: s.fetch,
    });
    const error: unknown = await actuator.openInvestigation('vio_1').catch((e: unknown) => e);
    expect(isRetryable(error)).toBe(retryable);
  });
});

describe('Prometheus client', () => {
  it('reads an instant vector and skips samples that are not numbers', async () => {
    const s = scripted(
      json(200, {
        status: 'success',
        data: {
          resultType: 'vector',
          result: [
            {
              metric: { __name__: 'cpu_usage_percent', node: 'n1' },
              value: [1772366400.5, '12.5'],
            },
            { metric: { __name__: 'cpu_usage_percent', node: 'n2' }, value: [1772366400.5, 'NaN'] },
          ],
        },
      }),
    );
    const client = createPrometheusClient({ baseUrl: 'http://127.0.0.1:1', fetch: s.fetch });
    await expect(client.query('cpu_usage_percent', 1772366400500)).resolves.toEqual([
      { labels: { __name__: 'cpu_usage_percent', node: 'n1' }, value: 12.5, atMs: 1772366400500 },
    ]);
    expect(s.requests[0]!.url).toContain('/api/v1/query?query=cpu_usage_percent&time=1772366400.5');
  });

  it('fails with prometheus_unavailable on a 5xx and prometheus_query_failed on a bad query', async () => {
    const s = scripted(json(503, {}), json(400, { status: 'error', error: 'parse error' }));
    const client = createPrometheusClient({ baseUrl: 'http://127.0.0.1:1', fetch: s.fetch });
    await expect(client.query('up', 0)).rejects.toMatchObject({ code: 'prometheus_unavailable' });
    await expect(client.query('up{', 0)).rejects.toMatchObject({ code: 'prometheus_query_failed' });
  });
});
