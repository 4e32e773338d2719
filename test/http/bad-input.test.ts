/* eslint-disable @typescript-eslint/no-unsafe-member-access, @typescript-eslint/no-unsafe-assignment -- response bodies are JSON, read field by field against expectations */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { createToken, revokeToken } from '../../src/http/tokens.js';
import { systemClock } from '../../src/shared/clock.js';
import { startHarness, type Harness, type Tokens } from './harness.js';

/**
 * Malformed, unauthorised and out-of-state requests. Each must be refused
 * with its 4xx and stable code as application/problem+json, with a detail
 * and a hint, and must leave the audit chain exactly as long as it was.
 */

const SHA = 'b'.repeat(64);

/** Ids made in beforeAll, for cases about records in a given state. */
interface Fixture {
  violation: string;
  closedInvestigation: string;
  openInvestigation: string;
  endedOverride: string;
  requestedOverride: string;
  revokedToken: string;
}

interface Case {
  name: string;
  method: string;
  path: string | ((f: Fixture) => string);
  /** A role of the harness, a literal header value via `authorization`, or none. */
  token?: keyof Tokens | ((f: Fixture) => string);
  authorization?: string;
  /** JSON value, or raw bytes / text sent as they are. */
  body?: unknown;
  contentType?: string;
  status: number;
  code: string;
}

const metric = (extra: Record<string, unknown> = {}) => ({
  metrics: [{ name: 'latency_p50', source: 'node-1', ...extra }],
});
const override = (extra: Record<string, unknown> = {}) => ({
  reason: 'network_outage_diagnosis',
  justification: 'Diagnosing a partition between two mesh regions.',
  metrics: ['device_hardware_id'],
  sources: ['node-1'],
  duration_seconds: 600,
  ...extra,
});
const violation = (extra: Record<string, unknown> = {}) => ({
  type: 'data_extraction',
  source: 'node-8',
  evidence: [{ kind: 'sha256', value: SHA }],
  ...extra,
});

const CASES: Case[] = [
  // Authentication and roles.
  {
    name: 'no token',
    method: 'POST',
    path: '/v1/validate',
    body: metric(),
    status: 401,
    code: 'token_missing',
  },
  {
    name: 'token too short to be one',
    method: 'POST',
    path: '/v1/validate',
    authorization: 'Bearer abc',
    body: metric(),
    status: 401,
    code: 'token_invalid',
  },
  {
    name: 'unknown token',
    method: 'POST',
    path: '/v1/validate',
    authorization: `Bearer wct_${'x'.repeat(43)}`,
    body: metric(),
    status: 401,
    code: 'token_invalid',
  },
  {
    name: 'another auth scheme',
    method: 'GET',
    path: '/v1/violations',
    authorization: 'Basic YWRtaW46YWRtaW4=',
    status: 401,
    code: 'token_invalid',
  },
  {
    name: 'revoked token',
    method: 'GET',
    path: '/v1/violations',
    token: (f) => f.revokedToken,
    status: 401,
    code: 'token_invalid',
  },
  {
    name: 'public token on a committee route',
    method: 'GET',
    path: '/v1/violations',
    token: 'public',
    status: 403,
    code: 'role_forbidden',
  },
  {
    name: 'node operator revokes a collector',
    method: 'POST',
    path: '/v1/revocations',
    token: 'node',
    body: { collector: 'node-2', reason: 'policy_violation' },
    status: 403,
    code: 'role_forbidden',
  },
  {
    name: 'monitoring service votes on an investigation',
    method: 'POST',
    path: (f) => `/v1/investigations/${f.openInvestigation}/votes`,
    token: 'monitoring',
    body: { choice: 'dismiss' },
    status: 403,
    code: 'role_forbidden',
  },
  {
    name: 'admin votes on an override (members only)',
    method: 'POST',
    path: (f) => `/v1/overrides/${f.requestedOverride}/votes`,
    token: 'admin',
    body: { choice: 'approve' },
    status: 403,
    code: 'role_forbidden',
  },
  {
    name: 'responder adds a committee member',
    method: 'POST',
    path: '/v1/committee/members',
    token: 'responder',
    body: { id: 'x-1', name: 'X', contact: 'x@example.org' },
    status: 403,
    code: 'role_forbidden',
  },
  {
    name: 'committee member reloads the charter',
    method: 'POST',
    path: '/v1/charter/reload',
    token: 'lead',
    status: 403,
    code: 'role_forbidden',
  },
  {
    name: 'node operator verifies the audit trail',
    method: 'GET',
    path: '/v1/audit/verify',
    token: 'node',
    status: 403,
    code: 'role_forbidden',
  },
  {
    name: 'node operator requests an override',
    method: 'POST',
    path: '/v1/overrides',
    token: 'node',
    body: override(),
    status: 403,
    code: 'role_forbidden',
  },
  {
    name: 'node operator exports the audit trail',
    method: 'GET',
    path: '/v1/audit/export',
    token: 'node',
    status: 403,
    code: 'role_forbidden',
  },
  {
    name: 'forged source',
    method: 'POST',
    path: '/v1/validate',
    token: 'node',
    body: metric({ source: 'node-2' }),
    status: 403,
    code: 'forged_source',
  },
  {
    name: 'forged source in the middle of a batch',
    method: 'POST',
    path: '/v1/validate',
    token: 'node',
    body: {
      metrics: [
        { name: 'latency_p50', source: 'node-1' },
        { name: 'latency_p50', source: 'node-9' },
      ],
    },
    status: 403,
    code: 'forged_source',
  },

  // Encoding, syntax and size.
  {
    name: 'invalid UTF-8',
    method: 'POST',
    path: '/v1/validate',
    token: 'monitoring',
    body: Buffer.concat([
      Buffer.from('{"metrics":[{"name":"lat'),
      Buffer.from([0xc3, 0x28]),
      Buffer.from('","source":"n"}]}'),
    ]),
    status: 400,
    code: 'encoding_invalid',
  },
  {
    name: 'overlong UTF-8 encoding of "/"',
    method: 'POST',
    path: '/v1/violations',
    token: 'monitoring',
    body: Buffer.concat([Buffer.from('{"type":"'), Buffer.from([0xc0, 0xaf]), Buffer.from('"}')]),
    status: 400,
    code: 'encoding_invalid',
  },
  {
    name: 'lone surrogate escape',
    method: 'POST',
    path: '/v1/validate',
    token: 'monitoring',
    body: '{"metrics":[{"name":"lat\\ud800","source":"n"}]}',
    status: 400,
    code: 'encoding_invalid',
  },
  {
    name: 'control character in a value',
    method: 'POST',
    path: '/v1/validate',
    token: 'monitoring',
    body: metric({ labels: { node: 'a\u0007b' } }),
    status: 400,
    code: 'control_characters',
  },
  {
    name: 'control character in a key',
    method: 'POST',
    path: '/v1/validate',
    token: 'monitoring',
    body: metric({ labels: { 'no\u001bde': 'a' } }),
    status: 400,
    code: 'control_characters',
  },
  {
    name: 'raw DEL in a value',
    method: 'POST',
    path: '/v1/validate',
    token: 'monitoring',
    body: '{"metrics":[{"name":"latency_p50","source":"n","labels":{"node":"a\u007fb"}}]}',
    status: 400,
    code: 'control_characters',
  },
  {
    name: 'backspace escape in a value',
    method: 'POST',
    path: '/v1/validate',
    token: 'monitoring',
    body: '{"metrics":[{"name":"latency_p50","source":"n","labels":{"node":"a\\bb"}}]}',
    status: 400,
    code: 'control_characters',
  },
  {
    name: 'upper-case lone low surrogate escape in a key',
    method: 'POST',
    path: '/v1/validate',
    token: 'monitoring',
    body: '{"metrics":[{"name":"latency_p50","source":"n","labels":{"x\\uDC00":"a"}}]}',
    status: 400,
    code: 'encoding_invalid',
  },
  {
    name: 'NUL in a note',
    method: 'POST',
    path: (f) => `/v1/investigations/${f.openInvestigation}/notes`,
    token: 'lead',
    body: { text: 'fine\u0000hidden' },
    status: 400,
    code: 'control_characters',
  },
  {
    name: 'not JSON',
    method: 'POST',
    path: '/v1/validate',
    token: 'monitoring',
    body: '{"metrics": [',
    status: 400,
    code: 'json_invalid',
  },
  {
    name: 'NaN literal',
    method: 'POST',
    path: '/v1/validate',
    token: 'monitoring',
    body: '{"metrics":[{"name":"latency_p50","source":"n","value":NaN}]}',
    status: 400,
    code: 'json_invalid',
  },
  {
    name: 'empty JSON body',
    method: 'POST',
    path: '/v1/violations',
    token: 'monitoring',
    body: '',
    status: 400,
    code: 'body_invalid',
  },
  {
    name: 'nesting too deep',
    method: 'POST',
    path: '/v1/subjects/records',
    token: 'monitoring',
    body: `{"subject_id":"s-1","kind":"k","data":{"a":${'['.repeat(5000)}${']'.repeat(5000)}}}`,
    status: 400,
    code: 'json_invalid',
  },
  {
    name: 'text/plain body',
    method: 'POST',
    path: '/v1/validate',
    token: 'monitoring',
    body: 'latency_p50',
    contentType: 'text/plain',
    status: 415,
    code: 'media_type_unsupported',
  },
  {
    name: 'body over the size limit',
    method: 'POST',
    path: '/v1/validate',
    token: 'monitoring',
    body: Buffer.alloc(9 * 1024 * 1024, 0x20),
    status: 413,
    code: 'body_too_large',
  },

  // Schema: types, unknown fields, limits.
  {
    name: 'metrics is not an array',
    method: 'POST',
    path: '/v1/validate',
    token: 'monitoring',
    body: { metrics: { name: 'latency_p50' } },
    status: 400,
    code: 'body_invalid',
  },
  {
    name: 'empty batch',
    method: 'POST',
    path: '/v1/validate',
    token: 'monitoring',
    body: { metrics: [] },
    status: 400,
    code: 'body_invalid',
  },
  {
    name: 'batch of 10,001',
    method: 'POST',
    path: '/v1/validate',
    token: 'monitoring',
    body: { metrics: Array.from({ length: 10_001 }, () => ({ name: 'latency_p50', source: 'n' })) },
    status: 400,
    code: 'body_invalid',
  },
  {
    name: 'unknown top-level field',
    method: 'POST',
    path: '/v1/validate',
    token: 'monitoring',
    body: { ...metric(), dry_run: true },
    status: 400,
    code: 'body_invalid',
  },
  {
    name: 'unknown field in an item',
    method: 'POST',
    path: '/v1/validate',
    token: 'monitoring',
    body: metric({ unit: 'ms' }),
    status: 400,
    code: 'body_invalid',
  },
  {
    name: '__proto__ field',
    method: 'POST',
    path: '/v1/validate',
    token: 'monitoring',
    body: '{"metrics":[{"name":"latency_p50","source":"n","__proto__":{"admin":true}}]}',
    status: 400,
    code: 'body_invalid',
  },
  {
    name: 'name is a number',
    method: 'POST',
    path: '/v1/validate',
    token: 'monitoring',
    body: metric({ name: 42 }),
    status: 400,
    code: 'body_invalid',
  },
  {
    name: 'label value is a number',
    method: 'POST',
    path: '/v1/validate',
    token: 'monitoring',
    body: metric({ labels: { node: 7 } }),
    status: 400,
    code: 'body_invalid',
  },
  {
    name: 'negative timestamp',
    method: 'POST',
    path: '/v1/validate',
    token: 'monitoring',
    body: metric({ timestamp: -1 }),
    status: 400,
    code: 'body_invalid',
  },
  {
    name: 'infinite value',
    method: 'POST',
    path: '/v1/validate',
    token: 'monitoring',
    body: '{"metrics":[{"name":"latency_p50","source":"n","value":1e999}]}',
    status: 400,
    code: 'body_invalid',
  },
  {
    name: 'source with a space',
    method: 'POST',
    path: '/v1/validate',
    token: 'monitoring',
    body: metric({ source: 'node 1' }),
    status: 400,
    code: 'body_invalid',
  },
  {
    name: 'name over 200 characters',
    method: 'POST',
    path: '/v1/validate',
    token: 'monitoring',
    body: metric({ name: 'a'.repeat(201) }),
    status: 400,
    code: 'body_invalid',
  },
  {
    name: 'unknown violation type',
    method: 'POST',
    path: '/v1/violations',
    token: 'monitoring',
    body: violation({ type: 'mind_reading' }),
    status: 400,
    code: 'body_invalid',
  },
  {
    name: 'free text as evidence',
    method: 'POST',
    path: '/v1/violations',
    token: 'monitoring',
    body: violation({ evidence: [{ kind: 'reference', value: 'Jane Doe at 5 Main St' }] }),
    status: 400,
    code: 'evidence_invalid',
  },
  {
    name: 'idempotency key reused for another report',
    method: 'POST',
    path: '/v1/violations',
    token: 'monitoring',
    body: violation({ idempotency_key: 'bad-input-key-0001', type: 'exploitation' }),
    status: 409,
    code: 'idempotency_key_reused',
  },
  {
    name: 'negative override duration',
    method: 'POST',
    path: '/v1/overrides',
    token: 'responder',
    body: override({ duration_seconds: -60 }),
    status: 400,
    code: 'body_invalid',
  },
  {
    name: 'fractional override duration',
    method: 'POST',
    path: '/v1/overrides',
    token: 'responder',
    body: override({ duration_seconds: 1.5 }),
    status: 400,
    code: 'body_invalid',
  },
  {
    name: 'override longer than the charter allows',
    method: 'POST',
    path: '/v1/overrides',
    token: 'responder',
    body: override({ duration_seconds: 7201 }),
    status: 400,
    code: 'override_duration_too_long',
  },
  {
    name: 'override reason not in the charter',
    method: 'POST',
    path: '/v1/overrides',
    token: 'responder',
    body: override({ reason: 'curiosity' }),
    status: 400,
    code: 'override_reason_not_allowed',
  },
  {
    name: 'revocation reason not in the vocabulary',
    method: 'POST',
    path: '/v1/revocations',
    token: 'lead',
    body: { collector: 'node-2', reason: 'because' },
    status: 400,
    code: 'body_invalid',
  },
  {
    name: 'deadline that is not a date-time',
    method: 'POST',
    path: '/v1/investigations',
    token: 'lead',
    body: (f: Fixture) => ({ violation_id: f.violation, deadline_at: 'tomorrow' }),
    status: 400,
    code: 'body_invalid',
  },
  {
    name: 'webhook without alerts',
    method: 'POST',
    path: '/v1/alerts/webhook',
    token: 'monitoring',
    body: { version: '4', status: 'firing', receiver: 'charter' },
    status: 400,
    code: 'body_invalid',
  },
  {
    name: 'path id with a space',
    method: 'GET',
    path: '/v1/violations/bad%20id',
    token: 'lead',
    status: 400,
    code: 'params_invalid',
  },
  {
    name: 'limit of zero',
    method: 'GET',
    path: '/v1/violations?limit=0',
    token: 'lead',
    status: 400,
    code: 'query_invalid',
  },
  {
    name: 'unknown query parameter',
    method: 'GET',
    path: '/v1/investigations?sort=desc',
    token: 'lead',
    status: 400,
    code: 'query_invalid',
  },
  {
    name: 'report period that is not a date-time',
    method: 'GET',
    path: '/v1/reports/audit?from=yesterday&to=today',
    token: 'lead',
    status: 400,
    code: 'query_invalid',
  },
  {
    name: 'report period ending before it starts',
    method: 'GET',
    path: '/v1/reports/audit?from=2026-02-01T00:00:00Z&to=2026-01-01T00:00:00Z',
    token: 'lead',
    status: 400,
    code: 'report_period_invalid',
  },
  {
    name: 'public report period with only one end',
    method: 'GET',
    path: '/v1/public/transparency?from=2026-02-01T00:00:00Z',
    status: 400,
    code: 'report_period_invalid',
  },

  // Unknown ids and records in the wrong state.
  {
    name: 'unknown violation',
    method: 'GET',
    path: '/v1/violations/vio_missing',
    token: 'lead',
    status: 404,
    code: 'violation_not_found',
  },
  {
    name: 'investigation of an unknown violation',
    method: 'POST',
    path: '/v1/investigations',
    token: 'lead',
    body: { violation_id: 'vio_missing' },
    status: 404,
    code: 'violation_not_found',
  },
  {
    name: 'vote on an unknown investigation',
    method: 'POST',
    path: '/v1/investigations/inv_missing/votes',
    token: 'sec',
    body: { choice: 'dismiss' },
    status: 404,
    code: 'investigation_not_found',
  },
  {
    name: 'note on an unknown investigation',
    method: 'POST',
    path: '/v1/investigations/inv_missing/notes',
    token: 'sec',
    body: { text: 'hello' },
    status: 404,
    code: 'investigation_not_found',
  },
  {
    name: 'activate an unknown override',
    method: 'POST',
    path: '/v1/overrides/ovr_missing/activate',
    token: 'responder',
    status: 404,
    code: 'override_not_found',
  },
  {
    name: 'export an unknown erasure',
    method: 'GET',
    path: '/v1/erasures/era_missing/export',
    token: 'lead',
    status: 404,
    code: 'erasure_not_found',
  },
  {
    name: 'remove an unknown member',
    method: 'DELETE',
    path: '/v1/committee/members/nobody',
    token: 'admin',
    status: 404,
    code: 'member_not_found',
  },
  {
    name: 'unknown route',
    method: 'GET',
    path: '/v1/nothing-here',
    token: 'admin',
    status: 404,
    code: 'route_not_found',
  },
  {
    name: 'vote on a closed investigation',
    method: 'POST',
    path: (f) => `/v1/investigations/${f.closedInvestigation}/votes`,
    token: 'ops',
    body: { choice: 'confirm', penalty: 'warning' },
    status: 409,
    code: 'investigation_closed',
  },
  {
    name: 'note on a closed investigation',
    method: 'POST',
    path: (f) => `/v1/investigations/${f.closedInvestigation}/notes`,
    token: 'ops',
    body: { text: 'too late' },
    status: 409,
    code: 'investigation_closed',
  },
  {
    name: 'second vote by the same member',
    method: 'POST',
    path: (f) => `/v1/investigations/${f.openInvestigation}/votes`,
    token: 'sec',
    body: { choice: 'dismiss' },
    status: 409,
    code: 'already_voted',
  },
  {
    name: 'confirm without a penalty',
    method: 'POST',
    path: (f) => `/v1/investigations/${f.openInvestigation}/votes`,
    token: 'ops',
    body: { choice: 'confirm' },
    status: 400,
    code: 'penalty_required',
  },
  {
    name: 'second investigation of one violation',
    method: 'POST',
    path: '/v1/investigations',
    token: 'lead',
    body: (f: Fixture) => ({ violation_id: f.violation }),
    status: 409,
    code: 'violation_not_open',
  },
  {
    name: 'vote on an ended override',
    method: 'POST',
    path: (f) => `/v1/overrides/${f.endedOverride}/votes`,
    token: 'ops',
    body: { choice: 'approve' },
    status: 409,
    code: 'override_not_requested',
  },
  {
    name: 'end an override that is not active',
    method: 'POST',
    path: (f) => `/v1/overrides/${f.requestedOverride}/end`,
    token: 'responder',
    status: 409,
    code: 'override_not_active',
  },
  {
    name: 'revoke a collector twice',
    method: 'POST',
    path: '/v1/revocations',
    token: 'lead',
    body: { collector: 'collector-x', reason: 'security_incident' },
    status: 409,
    code: 'collector_already_revoked',
  },
  {
    name: 'reinstate a source that is not suspended',
    method: 'POST',
    path: '/v1/sources/node-4/reinstate',
    token: 'lead',
    body: { reason: 'cleared' },
    status: 409,
    code: 'source_not_suspended',
  },
  {
    name: 'add a member twice',
    method: 'POST',
    path: '/v1/committee/members',
    token: 'admin',
    body: { id: 'dev-lead', name: 'Priya Natarajan', contact: 'p@example.org' },
    status: 409,
    code: 'member_exists',
  },
];

let h: Harness;
let fixture: Fixture;

beforeAll(async () => {
  h = await startHarness();
  try {
    fixture = await arrange(h);
  } catch (error) {
    await h.stop();
    throw error;
  }
});

afterAll(async () => {
  await h?.stop();
});

async function arrange(h: Harness): Promise<Fixture> {
  const t = h.tokens;
  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- JSON answers, read by field
  const post = async (path: string, token: string, body?: unknown): Promise<any> => {
    const r = await h.call('POST', path, { token, body });
    if (r.status >= 300) throw new Error(`${path}: ${r.status} ${r.text}`);
    return r.body;
  };
  const keyed = await post(
    '/v1/violations',
    t.monitoring,
    violation({ idempotency_key: 'bad-input-key-0001' }),
  );
  const opened = await post('/v1/investigations', t.lead, { violation_id: keyed.violation.id });
  await post(`/v1/investigations/${opened.investigation.id}/votes`, t.sec, { choice: 'dismiss' });
  await post(`/v1/investigations/${opened.investigation.id}/votes`, t.ops, { choice: 'dismiss' });

  const second = await post('/v1/violations', t.monitoring, violation({ source: 'node-9' }));
  const open = await post('/v1/investigations', t.lead, { violation_id: second.violation.id });
  await post(`/v1/investigations/${open.investigation.id}/votes`, t.sec, { choice: 'dismiss' });

  const ended = await post('/v1/overrides', t.responder, override());
  await post(`/v1/overrides/${ended.override.id}/votes`, t.lead, { choice: 'approve' });
  await post(`/v1/overrides/${ended.override.id}/votes`, t.sec, { choice: 'approve' });
  await post(`/v1/overrides/${ended.override.id}/activate`, t.responder);
  await post(`/v1/overrides/${ended.override.id}/end`, t.responder);
  const requested = await post('/v1/overrides', t.responder, override());

  await post('/v1/revocations', t.lead, { collector: 'collector-x', reason: 'policy_violation' });
  const { record, token } = await createToken(h.service.store, systemClock, {
    principal: 'node-old',
    role: 'node_operator',
    actor: 'test',
  });
  await revokeToken(h.service.store, systemClock, record.id, 'test');

  return {
    violation: second.violation.id,
    closedInvestigation: opened.investigation.id,
    openInvestigation: open.investigation.id,
    endedOverride: ended.override.id,
    requestedOverride: requested.override.id,
    revokedToken: token,
  };
}

describe('bad input', () => {
  it('has at least 40 cases, each with a distinct name', () => {
    expect(CASES.length).toBeGreaterThanOrEqual(40);
    expect(new Set(CASES.map((c) => c.name)).size).toBe(CASES.length);
  });

  it.each(CASES)('$method $name → $status $code', async (c) => {
    const before = await h.auditLength();
    const headers: Record<string, string> = {};
    if (c.contentType !== undefined) headers['content-type'] = c.contentType;
    if (c.authorization !== undefined) headers.authorization = c.authorization;
    const token = typeof c.token === 'function' ? c.token(fixture) : c.token && h.tokens[c.token];
    const path = typeof c.path === 'function' ? c.path(fixture) : c.path;
    const body =
      typeof c.body === 'function' ? (c.body as (f: Fixture) => unknown)(fixture) : c.body;

    const r = await h.call(c.method, path, { token, body, headers });

    expect(r.status, r.text.slice(0, 300)).toBe(c.status);
    expect(r.contentType).toMatch(/^application\/problem\+json/);
    expect(r.body.code).toBe(c.code);
    expect(r.body.status).toBe(c.status);
    expect(typeof r.body.detail).toBe('string');
    expect(r.body.detail.length).toBeGreaterThan(0);
    expect(typeof r.body.hint).toBe('string');
    expect(r.body.hint.length).toBeGreaterThan(0);
    expect(await h.auditLength()).toBe(before);
  });

  it('answered every case with a 4xx and left the chain verifiable', async () => {
    const verdict = await h.call('GET', '/v1/audit/verify', { token: h.tokens.lead });
    expect(verdict.body.ok).toBe(true);
    const ready = await h.call('GET', '/readyz');
    expect(ready.status).toBe(200);
  });
});
