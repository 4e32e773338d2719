/* eslint-disable @typescript-eslint/no-unsafe-member-access -- response bodies are JSON, read field by field against expectations */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { startHarness, type Harness } from './harness.js';

// Read by anyone without a token (SPEC §6); every other route needs a role.
const OPEN = new Set([
  'GET /healthz',
  'GET /readyz',
  'GET /metrics',
  'GET /v1/audit/public-key',
  'GET /v1/public/charter',
  'GET /v1/public/overrides',
  'GET /v1/public/transparency',
]);

let h: Harness;
let operations: string[];

beforeAll(async () => {
  h = await startHarness();
  const doc = await h.call('GET', '/openapi.json');
  operations = Object.entries(doc.body.paths as Record<string, object>).flatMap(([path, ops]) =>
    Object.keys(ops).map((m) => `${m.toUpperCase()} ${path}`),
  );
});

afterAll(async () => {
  await h?.stop();
});

const concrete = (op: string) => {
  const [method = '', path = ''] = op.split(' ');
  return { method, path: path.replace(/\{\w+\}/g, 'x-1') };
};

describe('role checks', () => {
  it('documents the open routes and more than thirty guarded ones', () => {
    expect(operations.filter((op) => OPEN.has(op)).sort()).toEqual([...OPEN].sort());
    expect(operations.filter((op) => !OPEN.has(op)).length).toBeGreaterThan(30);
  });

  it('refuses every guarded route without a token, before reading the body', async () => {
    const before = await h.auditLength();
    for (const op of operations.filter((o) => !OPEN.has(o))) {
      const { method, path } = concrete(op);
      // A body that fails every schema: the role check must come first.
      const body = method === 'GET' || method === 'DELETE' ? undefined : '{"unexpected": 1}';
      const r = await h.call(method, path, { body });
      expect([op, r.status, r.body.code]).toEqual([op, 401, 'token_missing']);
    }
    expect(await h.auditLength()).toBe(before);
  });

  it('refuses every guarded route to a token of role public', async () => {
    for (const op of operations.filter((o) => !OPEN.has(o))) {
      const { method, path } = concrete(op);
      const r = await h.call(method, path, { token: h.tokens.public });
      expect([op, r.status, r.body.code]).toEqual([op, 403, 'role_forbidden']);
    }
  });
});

describe('rate limits', () => {
  let limited: Harness;

  beforeAll(async () => {
    // A public rate small enough to exhaust in a test.
    limited = await startHarness({
      charter: (yaml) =>
        yaml.replace(
          /(public:\n {4}read: \[public\]\n {4}write: false\n {4}rate_limit_per_minute:) 600/,
          '$1 5',
        ),
    });
  });

  afterAll(async () => {
    await limited?.stop();
  });

  it('limits anonymous calls to the public API at the charter rate', async () => {
    const statuses: number[] = [];
    for (let i = 0; i < 7; i += 1) {
      statuses.push((await limited.call('GET', '/v1/public/overrides')).status);
    }
    expect(statuses.slice(0, 5)).toEqual([200, 200, 200, 200, 200]);
    expect(statuses.at(-1)).toBe(429);
    const refused = await limited.call('GET', '/v1/public/charter');
    expect(refused.status).toBe(429);
    expect(refused.body.code).toBe('rate_limited');
    expect(refused.body.hint).toMatch(/^Retry after \d+ s\.$/);
    // Probes are not the public API.
    expect((await limited.call('GET', '/healthz')).status).toBe(200);
  });
});
