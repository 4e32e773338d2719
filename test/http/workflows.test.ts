/* eslint-disable @typescript-eslint/no-unsafe-member-access, @typescript-eslint/no-unsafe-assignment, @typescript-eslint/no-unsafe-call -- response bodies are JSON, read field by field against expectations */
import { readFile, writeFile } from 'node:fs/promises';

import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { until } from '../support/poll.js';
import { startHarness, type Harness } from './harness.js';

const SHA = 'a'.repeat(64);

let h: Harness;

beforeAll(async () => {
  h = await startHarness();
});

afterAll(async () => {
  await h?.stop();
});

async function report(token: string, source: string, key?: string) {
  return h.call('POST', '/v1/violations', {
    token,
    body: {
      type: 'silent_collection',
      source,
      evidence: [{ kind: 'sha256', value: SHA }],
      ...(key !== undefined ? { idempotency_key: key } : {}),
    },
  });
}

describe('POST /v1/validate', () => {
  it('allows a listed metric sent by a node as itself', async () => {
    const r = await h.call('POST', '/v1/validate', {
      token: h.tokens.node,
      body: { metrics: [{ name: 'latency_p50', source: 'node-1', value: 12.5 }] },
    });
    expect(r.status).toBe(200);
    expect(r.body.decisions).toHaveLength(1);
    expect(r.body.decisions[0]).toMatchObject({
      name: 'latency_p50',
      source: 'node-1',
      effect: 'allow',
      reason: 'allowed',
      rule: 'latency_p50',
      severity: null,
    });
  });

  it('answers a batch in order with effect, reason, rule and severity', async () => {
    const r = await h.call('POST', '/v1/validate', {
      token: h.tokens.monitoring,
      body: {
        metrics: [
          { name: 'cpu_usage_percent', source: 'node-3', value: 40 },
          { name: 'User-Location', source: 'node-3' },
          { name: 'user_whereabouts', source: 'node-3' },
          { name: 'latency_p95', source: 'node-3', labels: { user_id: 'u1' } },
          { name: 'latency_p99', source: 'node-3', value: 'fast' },
        ],
      },
    });
    expect(r.status).toBe(200);
    const picked = r.body.decisions.map((d: Record<string, unknown>) => [
      d.name,
      d.effect,
      d.reason,
      d.rule,
      d.severity,
    ]);
    expect(picked).toEqual([
      ['cpu_usage_percent', 'allow', 'allowed', 'cpu_usage_percent', null],
      ['User-Location', 'deny', 'forbidden_metric', 'user_location', 'permanent_ban'],
      ['user_whereabouts', 'deny', 'not_allowed', null, null],
      ['latency_p95', 'deny', 'forbidden_label', 'label:user_id', 'ban_1year'],
      ['latency_p99', 'deny', 'malformed', null, null],
    ]);
  });
});

describe('violations', () => {
  it('reports once per client key and lists and shows the report', async () => {
    const first = await report(h.tokens.monitoring, 'node-5', 'client-key-0001');
    expect(first.status).toBe(201);
    expect(first.body.created).toBe(true);
    expect(first.body.violation).toMatchObject({
      type: 'silent_collection',
      source: 'node-5',
      reporter: 'prometheus',
      severity: 'ban_1year',
      status: 'reported',
      penalty: null,
    });

    const again = await report(h.tokens.monitoring, 'node-5', 'client-key-0001');
    expect(again.status).toBe(200);
    expect(again.body.created).toBe(false);
    expect(again.body.violation.id).toBe(first.body.violation.id);

    const list = await h.call('GET', '/v1/violations?source=node-5', { token: h.tokens.lead });
    expect(list.status).toBe(200);
    expect(list.body.violations.map((v: { id: string }) => v.id)).toEqual([
      first.body.violation.id,
    ]);

    const one = await h.call('GET', `/v1/violations/${first.body.violation.id}`, {
      token: h.tokens.sec,
    });
    expect(one.status).toBe(200);
    expect(one.body.violation.evidence).toEqual([{ kind: 'sha256', value: SHA }]);
  });
});

describe('investigations', () => {
  it('runs from opening to a confirmed penalty, and the reporter cannot vote', async () => {
    const reported = await report(h.tokens.lead, 'node-6');
    const violationId = reported.body.violation.id as string;

    const opened = await h.call('POST', '/v1/investigations', {
      token: h.tokens.lead,
      body: { violation_id: violationId, deadline_at: '2099-01-01T00:00:00Z' },
    });
    expect(opened.status).toBe(201);
    const id = opened.body.investigation.id as string;
    expect(opened.body.investigation).toMatchObject({
      violationId,
      initiatedBy: 'committee',
      openedBy: 'dev-lead',
      status: 'open',
    });

    const assigned = await h.call('POST', `/v1/investigations/${id}/assign`, {
      token: h.tokens.lead,
      body: { assignee: 'dev-sec' },
    });
    expect(assigned.status).toBe(200);
    expect(assigned.body.investigation.assignee).toBe('dev-sec');

    const noted = await h.call('POST', `/v1/investigations/${id}/notes`, {
      token: h.tokens.sec,
      body: { text: 'Packet capture hash matches the report.' },
    });
    expect(noted.status).toBe(201);
    const withEvidence = await h.call('POST', `/v1/investigations/${id}/evidence`, {
      token: h.tokens.sec,
      body: { evidence: [{ kind: 'reference', value: 'ticket:INC-42' }] },
    });
    expect(withEvidence.status).toBe(201);

    const own = await h.call('POST', `/v1/investigations/${id}/votes`, {
      token: h.tokens.lead,
      body: { choice: 'confirm', penalty: 'suspension' },
    });
    expect(own.status).toBe(409);
    expect(own.body.code).toBe('reporter_cannot_vote');

    const first = await h.call('POST', `/v1/investigations/${id}/votes`, {
      token: h.tokens.sec,
      body: { choice: 'confirm', penalty: 'suspension' },
    });
    expect(first.status).toBe(200);
    expect(first.body.investigation.status).toBe('open');
    const second = await h.call('POST', `/v1/investigations/${id}/votes`, {
      token: h.tokens.ops,
      body: { choice: 'confirm', penalty: 'suspension' },
    });
    expect(second.status).toBe(200);
    expect(second.body.investigation).toMatchObject({
      status: 'closed',
      outcome: 'confirmed',
      penalty: 'suspension',
    });

    const view = await h.call('GET', `/v1/investigations/${id}`, { token: h.tokens.ops });
    const kinds = view.body.investigation.timeline.map((e: { kind: string }) => e.kind);
    expect(kinds).toEqual(['opened', 'assigned', 'note', 'evidence', 'vote', 'vote', 'closed']);
    const violation = await h.call('GET', `/v1/violations/${violationId}`, { token: h.tokens.ops });
    expect(violation.body.violation).toMatchObject({ status: 'confirmed', penalty: 'suspension' });
  });

  it('closes as dismissed on a dismiss quorum', async () => {
    const reported = await report(h.tokens.monitoring, 'node-7');
    const opened = await h.call('POST', '/v1/investigations', {
      token: h.tokens.ops,
      body: { violation_id: reported.body.violation.id },
    });
    const id = opened.body.investigation.id as string;
    for (const token of [h.tokens.lead, h.tokens.sec]) {
      await h.call('POST', `/v1/investigations/${id}/votes`, {
        token,
        body: { choice: 'dismiss' },
      });
    }
    const view = await h.call('GET', `/v1/investigations/${id}`, { token: h.tokens.ops });
    expect(view.body.investigation).toMatchObject({
      status: 'closed',
      outcome: 'dismissed',
      penalty: null,
    });
    const violation = await h.call('GET', `/v1/violations/${reported.body.violation.id}`, {
      token: h.tokens.ops,
    });
    expect(violation.body.violation.status).toBe('dismissed');
  });
});

describe('committee', () => {
  it('adds and removes a member, each with an audit entry', async () => {
    const before = await h.auditLength();
    const added = await h.call('POST', '/v1/committee/members', {
      token: h.tokens.admin,
      body: { id: 'dev-new', name: 'Ada Quill', contact: 'ada@example.org' },
    });
    expect(added.status).toBe(201);
    expect(added.body.member.id).toBe('dev-new');
    const listed = await h.call('GET', '/v1/committee', { token: h.tokens.node });
    expect(listed.body.members.map((m: { id: string }) => m.id)).toContain('dev-new');
    expect(listed.body.quorum_percent).toBe(66);
    // Contacts are for notifications, not for every caller.
    expect(JSON.stringify(listed.body)).not.toContain('ada@example.org');

    const removed = await h.call('DELETE', '/v1/committee/members/dev-new', {
      token: h.tokens.admin,
    });
    expect(removed.status).toBe(200);
    const after = await h.call('GET', '/v1/committee', { token: h.tokens.lead });
    expect(after.body.members.map((m: { id: string }) => m.id).sort()).toEqual([
      'dev-lead',
      'dev-ops',
      'dev-sec',
    ]);
    expect(await h.auditLength()).toBe(before + 2);
  });
});

describe('emergency overrides', () => {
  it('goes requested → approved → active → renewed → ended, published throughout', async () => {
    const requested = await h.call('POST', '/v1/overrides', {
      token: h.tokens.responder,
      body: {
        reason: 'active_security_incident',
        justification: 'Tracing an intrusion that spoofs node identities.',
        metrics: ['device_hardware_id'],
        sources: ['node-1'],
        duration_seconds: 600,
      },
    });
    expect(requested.status).toBe(201);
    const id = requested.body.override.id as string;
    expect(requested.body.override.status).toBe('requested');

    const denied = await h.call('POST', '/v1/validate', {
      token: h.tokens.node,
      body: { metrics: [{ name: 'device_hardware_id', source: 'node-1' }] },
    });
    expect(denied.body.decisions[0].reason).toBe('forbidden_metric');

    await h.call('POST', `/v1/overrides/${id}/votes`, {
      token: h.tokens.lead,
      body: { choice: 'approve' },
    });
    const approved = await h.call('POST', `/v1/overrides/${id}/votes`, {
      token: h.tokens.sec,
      body: { choice: 'approve' },
    });
    expect(approved.status).toBe(200);
    expect(
      (await h.call('GET', `/v1/overrides/${id}`, { token: h.tokens.ops })).body.override.status,
    ).toBe('approved');

    const activated = await h.call('POST', `/v1/overrides/${id}/activate`, {
      token: h.tokens.responder,
    });
    expect(activated.status).toBe(200);
    expect(activated.body.override.status).toBe('active');
    const allowed = await until(
      () =>
        h.call('POST', '/v1/validate', {
          token: h.tokens.node,
          body: { metrics: [{ name: 'device_hardware_id', source: 'node-1' }] },
        }),
      (r) => r.body.decisions[0].reason === 'override',
    );
    expect(allowed.body.decisions[0]).toMatchObject({ effect: 'allow', overrideId: id });

    const renewal = await h.call('POST', `/v1/overrides/${id}/renewals`, {
      token: h.tokens.responder,
      body: { duration_seconds: 600 },
    });
    expect(renewal.status).toBe(201);
    expect(renewal.body.override).toMatchObject({ status: 'requested', renewsId: id });
    const renewalId = renewal.body.override.id as string;
    // A renewal is a fresh approval: it cannot be activated before its own quorum.
    const early = await h.call('POST', `/v1/overrides/${renewalId}/activate`, {
      token: h.tokens.responder,
    });
    expect(early.status).toBe(409);
    expect(early.body.code).toBe('override_not_approved');
    for (const token of [h.tokens.sec, h.tokens.ops]) {
      await h.call('POST', `/v1/overrides/${renewalId}/votes`, {
        token,
        body: { choice: 'approve' },
      });
    }
    const renewed = await h.call('POST', `/v1/overrides/${renewalId}/activate`, {
      token: h.tokens.responder,
    });
    expect(renewed.status).toBe(200);
    expect(renewed.body.override.status).toBe('active');

    const ended = await h.call('POST', `/v1/overrides/${renewalId}/end`, {
      token: h.tokens.lead,
    });
    expect(ended.status).toBe(200);
    expect(ended.body.override.status).toBe('ended');

    const published = await h.call('GET', '/v1/public/overrides');
    expect(published.status).toBe(200);
    const ids = published.body.overrides.map((o: { id: string }) => o.id);
    expect(ids).toEqual(expect.arrayContaining([id, renewalId]));
    const shown = published.body.overrides.find((o: { id: string }) => o.id === renewalId);
    expect(shown).toMatchObject({ status: 'ended', reason: 'active_security_incident' });

    const back = await until(
      () =>
        h.call('POST', '/v1/validate', {
          token: h.tokens.node,
          body: { metrics: [{ name: 'device_hardware_id', source: 'node-1' }] },
        }),
      (r) => r.body.decisions[0].reason !== 'override',
    );
    expect(back.body.decisions[0].reason).toBe('forbidden_metric');
  });
});

describe('revocations and erasure', () => {
  it("turns a revoked collector's next decisions to access_revoked", async () => {
    const body = { metrics: [{ name: 'latency_p50', source: 'collector-9' }] };
    const before = await h.call('POST', '/v1/validate', { token: h.tokens.monitoring, body });
    expect(before.body.decisions[0].effect).toBe('allow');

    const revoked = await h.call('POST', '/v1/revocations', {
      token: h.tokens.lead,
      body: { collector: 'collector-9', reason: 'policy_violation' },
    });
    expect(revoked.status).toBe(201);
    expect(revoked.body.revocation).toMatchObject({
      collector: 'collector-9',
      reason: 'policy_violation',
    });
    const after = await until(
      () => h.call('POST', '/v1/validate', { token: h.tokens.monitoring, body }),
      (r) => r.body.decisions[0].reason === 'access_revoked',
    );
    expect(after.body.decisions[0]).toMatchObject({ effect: 'deny', reason: 'access_revoked' });

    const listed = await h.call('GET', '/v1/revocations', { token: h.tokens.sec });
    expect(listed.body.revocations.map((r: { collector: string }) => r.collector)).toContain(
      'collector-9',
    );
  });

  it("exports a data subject's records during the export window", async () => {
    const stored = await h.call('POST', '/v1/subjects/records', {
      token: h.tokens.monitoring,
      body: { subject_id: 'subject-42', kind: 'session', data: { started: '2026-01-01' } },
    });
    expect(stored.status).toBe(201);

    const requested = await h.call('POST', '/v1/erasures', {
      token: h.tokens.lead,
      body: { subject_id: 'subject-42', reason: 'consent_withdrawn' },
    });
    expect(requested.status).toBe(201);
    expect(requested.body.erasure.pseudonym).not.toContain('subject-42');
    expect(requested.body.erasure.export_until_ms).toBeGreaterThan(Date.now());

    const exported = await h.call('GET', `/v1/erasures/${requested.body.erasure.id}/export`, {
      token: h.tokens.lead,
    });
    expect(exported.status).toBe(200);
    expect(exported.body.records).toHaveLength(1);
    expect(exported.body.records[0]).toMatchObject({ kind: 'session' });
  });
});

describe('reports, charter and audit', () => {
  it('builds an audit report for a period and a public transparency report', async () => {
    const audit = await h.call(
      'GET',
      '/v1/reports/audit?from=2020-01-01T00:00:00Z&to=2100-01-01T00:00:00Z',
      { token: h.tokens.lead },
    );
    expect(audit.status).toBe(200);
    expect(audit.body.kind).toBe('audit');
    expect(audit.body.violations.total).toBeGreaterThanOrEqual(3);

    const transparency = await h.call(
      'GET',
      '/v1/public/transparency?from=2020-01-01T00:00:00Z&to=2100-01-01T00:00:00Z',
    );
    expect(transparency.status).toBe(200);
    expect(transparency.body.kind).toBe('transparency');
    expect(transparency.body.violations.total).toBe(audit.body.violations.total);
    for (const personal of ['subject-42', 'dev-lead', 'responder-1', 'prometheus']) {
      expect(transparency.text).not.toContain(personal);
    }
  });

  it('serves the charter and refuses a bad reload, keeping the old charter', async () => {
    const current = await h.call('GET', '/v1/charter', { token: h.tokens.lead });
    expect(current.status).toBe(200);
    expect(current.body.charter.charter.id).toBe('anti-delos-development');
    const generation = current.body.generation as number;

    const good = await readFile(h.charterFile, 'utf8');
    await writeFile(h.charterFile, good.replace('quorum_percent: 66', 'quorum_percent: 150'));
    const refused = await h.call('POST', '/v1/charter/reload', { token: h.tokens.admin });
    expect(refused.status).toBe(400);
    expect(refused.contentType).toContain('application/problem+json');
    expect(refused.body.code).toBe('charter_invalid');
    const still = await h.call('GET', '/v1/charter', { token: h.tokens.lead });
    expect(still.body.generation).toBe(generation);
    expect(still.body.charter.committee.quorum_percent).toBe(66);

    await writeFile(h.charterFile, good.replace('version: 1.1.0-dev.1', 'version: 1.1.0-dev.2'));
    const reloaded = await h.call('POST', '/v1/charter/reload', { token: h.tokens.admin });
    expect(reloaded.status).toBe(200);
    expect(reloaded.body).toMatchObject({ reloaded: true, version: '1.1.0-dev.2' });
    expect(reloaded.body.generation).toBeGreaterThan(generation);

    const published = await h.call('GET', '/v1/public/charter');
    expect(published.status).toBe(200);
    expect(published.body.charter.version).toBe('1.1.0-dev.2');
  });

  it('verifies the audit chain and exports it', async () => {
    const verdict = await h.call('GET', '/v1/audit/verify', { token: h.tokens.lead });
    expect(verdict.status).toBe(200);
    expect(verdict.body.ok).toBe(true);
    const length = await h.auditLength();
    expect(verdict.body.checked).toBe(length);

    const exported = await h.call('GET', '/v1/audit/export', { token: h.tokens.lead });
    expect(exported.status).toBe(200);
    expect(exported.contentType).toContain('application/x-ndjson');
    const lines = exported.text.trim().split('\n');
    expect(lines).toHaveLength(length);
    expect(JSON.parse(lines[0] ?? '{}').seq).toBe(1);
  });

  it('records what Alertmanager delivers to the webhook in the audit trail', async () => {
    const before = await h.auditLength();
    const r = await h.call('POST', '/v1/alerts/webhook', {
      token: h.tokens.monitoring,
      body: {
        version: '4',
        status: 'firing',
        receiver: 'charter-webhook',
        groupKey: '{}:{alertname="CriticalViolationDetected"}',
        alerts: [
          {
            status: 'firing',
            labels: { alertname: 'CriticalViolationDetected', severity: 'critical' },
            annotations: { summary: 'A critical violation' },
          },
        ],
      },
    });
    expect(r.status).toBe(200);
    expect(r.body.recorded).toBe(1);
    const last = await h.service.store.audit.last();
    expect(last).toMatchObject({
      seq: before + 1,
      action: 'alert.received',
      subjectId: 'CriticalViolationDetected',
      payload: { status: 'firing', severity: 'critical' },
    });
  });
});

describe('system endpoints', () => {
  it('answers /healthz and /readyz', async () => {
    const health = await h.call('GET', '/healthz');
    expect(health.status).toBe(200);
    expect(health.body.status).toBe('ok');
    const ready = await h.call('GET', '/readyz');
    expect(ready.status).toBe(200);
    expect(ready.body).toMatchObject({ status: 'ready', charter: 'anti-delos-development' });
  });

  it('publishes every registered route in /openapi.json', async () => {
    const r = await h.call('GET', '/openapi.json');
    expect(r.status).toBe(200);
    expect(r.body.openapi).toBe('3.1.0');
    const documented = Object.entries(r.body.paths as Record<string, object>).flatMap(
      ([path, ops]) => Object.keys(ops).map((m) => `${m.toUpperCase()} ${path}`),
    );
    const expected = [
      'GET /healthz',
      'GET /readyz',
      'GET /metrics',
      'POST /v1/validate',
      'POST /v1/violations',
      'GET /v1/violations',
      'GET /v1/violations/{id}',
      'GET /v1/sources/suspended',
      'POST /v1/sources/{id}/reinstate',
      'POST /v1/investigations',
      'GET /v1/investigations',
      'GET /v1/investigations/{id}',
      'POST /v1/investigations/{id}/votes',
      'POST /v1/investigations/{id}/notes',
      'POST /v1/investigations/{id}/evidence',
      'POST /v1/investigations/{id}/assign',
      'GET /v1/committee',
      'POST /v1/committee/members',
      'DELETE /v1/committee/members/{id}',
      'POST /v1/overrides',
      'GET /v1/overrides',
      'GET /v1/overrides/{id}',
      'POST /v1/overrides/{id}/votes',
      'POST /v1/overrides/{id}/activate',
      'POST /v1/overrides/{id}/end',
      'POST /v1/overrides/{id}/renewals',
      'POST /v1/revocations',
      'GET /v1/revocations',
      'POST /v1/subjects/records',
      'POST /v1/erasures',
      'GET /v1/erasures/{id}/export',
      'GET /v1/reports/audit',
      'GET /v1/charter',
      'POST /v1/charter/reload',
      'GET /v1/audit/verify',
      'GET /v1/audit/export',
      'GET /v1/audit/public-key',
      'POST /v1/alerts/webhook',
      'GET /v1/public/charter',
      'GET /v1/public/overrides',
      'GET /v1/public/transparency',
    ];
    expect(documented).toEqual(expect.arrayContaining(expected));
    // And nothing is documented that the server does not route.
    for (const op of documented) {
      const [method = '', path = ''] = op.split(' ');
      const url = path.replace(/\{(\w+)\}/g, ':$1');
      expect(h.service.app.hasRoute({ method, url }), op).toBe(true);
    }
    const validate = r.body.paths['/v1/validate'].post;
    expect(
      validate.requestBody.content['application/json'].schema.properties.metrics.maxItems,
    ).toBe(10_000);
  });
});
