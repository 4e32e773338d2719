/* eslint-disable @typescript-eslint/no-unsafe-member-access, @typescript-eslint/no-unsafe-call -- response bodies are JSON, read field by field against expectations */
import { readFile, writeFile } from 'node:fs/promises';

import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { parseExposition, type Exposition } from '../support/exposition.js';
import { until } from '../support/poll.js';
import { startWebhookReceiver, type WebhookReceiver } from '../support/webhook-receiver.js';
import { startHarness, type Harness } from './harness.js';

// Each metric of SPEC §7 is moved by its real event, sent over HTTP, and
// read back from GET /metrics through an exposition-format parser.

const P = 'westworld_charter_';
const SHA = 'b'.repeat(64);

let h: Harness;
let hook: WebhookReceiver;
/** Added to the wall clock the service reads; moved forward to reach expiries. */
let offsetMs = 0;

beforeAll(async () => {
  hook = await startWebhookReceiver();
  h = await startHarness({
    notifications: {
      webhookUrls: [hook.url],
      pollIntervalMs: 50,
      backoff: { baseMs: 50, maxMs: 200 },
    },
    clock: { nowMs: () => Date.now() + offsetMs },
  });
});

afterAll(async () => {
  await h?.stop();
  await hook?.close();
});

async function scrape(): Promise<Exposition> {
  const reply = await h.call('GET', '/metrics');
  expect(reply.status).toBe(200);
  expect(reply.contentType).toMatch(/^text\/plain; version=0\.0\.4/);
  return parseExposition(reply.text);
}

/** Scrapes until `done` holds; the counters some events move are applied after commit. */
const scrapeUntil = (done: (m: Exposition) => boolean) => until(scrape, done);

function validate(token: string, metrics: { name: string; source: string }[]) {
  return h.call('POST', '/v1/validate', { token, body: { metrics } });
}

function report(type: string, source: string) {
  return h.call('POST', '/v1/violations', {
    token: h.tokens.monitoring,
    body: { type, source, evidence: [{ kind: 'sha256', value: SHA }] },
  });
}

async function openInvestigation(violationId: string) {
  const opened = await h.call('POST', '/v1/investigations', {
    token: h.tokens.lead,
    body: { violation_id: violationId },
  });
  expect(opened.status).toBe(201);
  return opened.body.investigation.id as string;
}

describe('the fifteen metrics from start-up', () => {
  it('exposes every family with its type, gauges set, and the series alerts need at zero', async () => {
    const m = await scrapeUntil((x) => x.value(`${P}audit_committee_size`) === 3);
    const types: Record<string, string> = {
      violations_total: 'counter',
      forbidden_metric_attempts_total: 'counter',
      data_revocation_events_total: 'counter',
      audit_committee_notifications_total: 'counter',
      investigation_initiated_total: 'counter',
      emergency_override_total: 'counter',
      metric_validation_latency_ns: 'histogram',
      policy_load_duration_ms: 'histogram',
      violation_report_latency_ms: 'histogram',
      committee_notification_latency_ms: 'histogram',
      data_revocation_latency_ms: 'histogram',
      violations_under_investigation: 'gauge',
      audit_committee_size: 'gauge',
      policy_last_load_timestamp: 'gauge',
      emergency_override_active_count: 'gauge',
    };
    const served = m.names.filter((n) => n.startsWith(P)).sort();
    expect(served).toEqual(
      Object.keys(types)
        .map((n) => `${P}${n}`)
        .sort(),
    );
    for (const [name, type] of Object.entries(types)) expect(m.type(`${P}${name}`)).toBe(type);

    const critical = {
      severity: 'permanent_ban',
      violation_type: 'behavioral_prediction',
      node_or_service: 'unregistered',
    };
    expect(m.value(`${P}violations_total`, critical)).toBe(0);
    const attempt = { metric_name: 'user_location', node_or_service: 'unregistered' };
    expect(m.value(`${P}forbidden_metric_attempts_total`, { ...attempt, status: 'blocked' })).toBe(
      0,
    );
    expect(m.value(`${P}violations_under_investigation`, { severity: 'criminal_referral' })).toBe(
      0,
    );
    expect(m.value(`${P}emergency_override_active_count`)).toBe(0);
    expect(m.histogram(`${P}policy_load_duration_ms`, { outcome: 'failure' })?.count).toBe(0);
    expect(m.histogram(`${P}policy_load_duration_ms`, { outcome: 'success' })?.count).toBe(1);
    const loadedAt = m.value(`${P}policy_last_load_timestamp`) ?? 0;
    expect(Math.abs(loadedAt - Date.now() / 1000)).toBeLessThan(120);
  });
});

describe('docs/metrics.md', () => {
  it('lists exactly the charter families the service serves, with their types', async () => {
    const doc = await readFile('docs/metrics.md', 'utf8');
    const rows = [...doc.matchAll(/^\| \d+ \| `(westworld_charter_[a-z_]+)` \| ([a-z]+) \|/gm)];
    const m = await scrape();
    const served = m.names.filter((n) => n.startsWith(P));
    expect(rows.map((r) => r[1]).sort()).toEqual([...served].sort());
    for (const [, name, type] of rows) expect(m.type(name!)).toBe(type);
  });
});

describe('metrics move on their events', () => {
  it('1 and 9: a reported violation counts by severity, type and registered source', async () => {
    const before = await scrapeUntil(
      (x) =>
        x.value(`${P}violations_total`, {
          severity: 'suspension',
          violation_type: 'data_extraction',
          node_or_service: 'node-1',
        }) === 0,
    );
    const reportsBefore = before.histogram(`${P}violation_report_latency_ms`)?.count ?? 0;

    expect((await report('data_extraction', 'node-1')).status).toBe(201);
    expect((await report('data_extraction', 'somebody-else')).status).toBe(201);

    const after = await scrape();
    const labels = { severity: 'suspension', violation_type: 'data_extraction' };
    expect(after.value(`${P}violations_total`, { ...labels, node_or_service: 'node-1' })).toBe(1);
    // Anything not a registered node or service is one bounded series.
    expect(
      after.value(`${P}violations_total`, { ...labels, node_or_service: 'unregistered' }),
    ).toBe(1);
    expect(
      after.series(`${P}violations_total`).some((l) => l.node_or_service === 'somebody-else'),
    ).toBe(false);
    expect(after.histogram(`${P}violation_report_latency_ms`)?.count).toBe(reportsBefore + 2);
  });

  it('2: denied forbidden and unlisted names count as blocked under their charter rule', async () => {
    const blocked = (metric_name: string) => ({
      metric_name,
      node_or_service: 'node-1',
      status: 'blocked',
    });
    const before = await scrape();
    const was = (name: string) =>
      before.value(`${P}forbidden_metric_attempts_total`, blocked(name));

    const reply = await validate(h.tokens.node, [
      { name: 'User-Location', source: 'node-1' },
      { name: 'user.location.v2', source: 'node-1' },
      { name: 'latency_p50', source: 'node-1' },
    ]);
    expect(reply.body.decisions.map((d: { reason: string }) => d.reason)).toEqual([
      'forbidden_metric',
      'not_allowed',
      'allowed',
    ]);

    const after = await scrape();
    const now = (name: string) => after.value(`${P}forbidden_metric_attempts_total`, blocked(name));
    expect(now('user_location')).toBe((was('user_location') ?? 0) + 1);
    expect(now('unlisted')).toBe((was('unlisted') ?? 0) + 1);
    // The series names the rule, never the name as sent.
    const names = after.series(`${P}forbidden_metric_attempts_total`).map((l) => l.metric_name);
    expect(names).not.toContain('user.location.v2');
  });

  it('2, 5 and 12: repeated attempts are reported, then escalated with a system investigation', async () => {
    const source = 'escalating-node';
    const series = (status: string) => ({
      metric_name: 'browsing_history',
      node_or_service: 'unregistered',
      status,
    });
    const before = await scrape();
    const system = { violation_type: 'silent_collection', initiated_by: 'system' };
    const systemBefore = before.value(`${P}investigation_initiated_total`, system) ?? 0;
    const reportedBefore =
      before.value(`${P}forbidden_metric_attempts_total`, series('reported')) ?? 0;
    const escalatedBefore =
      before.value(`${P}forbidden_metric_attempts_total`, series('escalated')) ?? 0;

    for (let i = 0; i < 5; i++) {
      const r = await validate(h.tokens.monitoring, [{ name: 'browsing_history', source }]);
      expect(r.body.decisions[0].reason).toBe('forbidden_metric');
    }

    const after = await scrapeUntil(
      (x) => (x.value(`${P}investigation_initiated_total`, system) ?? 0) > systemBefore,
    );
    expect(after.value(`${P}investigation_initiated_total`, system)).toBe(systemBefore + 1);
    expect(after.value(`${P}forbidden_metric_attempts_total`, series('reported'))).toBe(
      reportedBefore + 1,
    );
    expect(after.value(`${P}forbidden_metric_attempts_total`, series('escalated'))).toBe(
      escalatedBefore + 1,
    );
    const underInvestigation = after.series(`${P}violations_under_investigation`);
    expect(underInvestigation.map((l) => l.severity).sort()).toEqual(
      ['ban_1year', 'criminal_referral', 'permanent_ban', 'suspension', 'warning'].sort(),
    );
    const investigating = await h.call('GET', '/v1/violations?status=investigating', {
      token: h.tokens.lead,
    });
    const bySeverity = new Map<string, number>();
    for (const v of investigating.body.violations as { severity: string }[])
      bySeverity.set(v.severity, (bySeverity.get(v.severity) ?? 0) + 1);
    for (const [severity, count] of bySeverity)
      expect(after.value(`${P}violations_under_investigation`, { severity })).toBe(count);
  });

  it('4 and 10: a critical violation notifies the committee; a refused delivery counts as failed', async () => {
    const delivered = { severity: 'critical', channel: 'webhook', outcome: 'delivered' };
    const failed = { ...delivered, outcome: 'failed' };
    // Earlier escalations notified too: start from a drained outbox.
    await until(
      () => h.service.store.outbox.backlog(),
      (b) => b.count === 0,
    );
    const before = await scrape();
    const deliveredBefore = before.value(`${P}audit_committee_notifications_total`, delivered) ?? 0;
    const failedBefore = before.value(`${P}audit_committee_notifications_total`, failed) ?? 0;
    const latencyBefore = before.histogram(`${P}committee_notification_latency_ms`)?.count ?? 0;

    hook.failing = true;
    const reported = await report('behavioral_prediction', 'node-1');
    expect(reported.body.violation.severity).toBe('permanent_ban');
    const refused = await scrapeUntil(
      (x) => (x.value(`${P}audit_committee_notifications_total`, failed) ?? 0) > failedBefore,
    );
    expect(refused.value(`${P}audit_committee_notifications_total`, failed)).toBeGreaterThan(
      failedBefore,
    );
    expect(hook.refused).toBeGreaterThan(0);

    hook.failing = false;
    const after = await scrapeUntil(
      (x) => (x.value(`${P}audit_committee_notifications_total`, delivered) ?? 0) > deliveredBefore,
    );
    expect(after.value(`${P}audit_committee_notifications_total`, delivered)).toBe(
      deliveredBefore + 1,
    );
    expect(after.histogram(`${P}committee_notification_latency_ms`)?.count).toBe(latencyBefore + 1);
    const body = hook.received.at(-1) as { labels: Record<string, string> };
    expect(body.labels).toMatchObject({ violation_type: 'behavioral_prediction' });
  });

  it('5 and 12: a committee member opens an investigation', async () => {
    const labels = { violation_type: 'exploitation', initiated_by: 'committee' };
    const before = await scrape();
    const openedBefore = before.value(`${P}investigation_initiated_total`, labels);
    const gaugeBefore =
      before.value(`${P}violations_under_investigation`, { severity: 'suspension' }) ?? 0;

    const reported = await report('exploitation', 'node-1');
    await openInvestigation(reported.body.violation.id as string);

    const after = await scrape();
    expect(after.value(`${P}investigation_initiated_total`, labels)).toBe((openedBefore ?? 0) + 1);
    expect(after.value(`${P}violations_under_investigation`, { severity: 'suspension' })).toBe(
      gaugeBefore + 1,
    );
  });

  it('3 and 11: a revoked collector counts once its revocation is in force', async () => {
    const labels = { reason: 'security_incident', node_or_service: 'prometheus' };
    const before = await scrape();
    expect(before.value(`${P}data_revocation_events_total`, labels)).toBe(0);
    const latencyBefore = before.histogram(`${P}data_revocation_latency_ms`)?.count ?? 0;

    const revoked = await h.call('POST', '/v1/revocations', {
      token: h.tokens.lead,
      body: { collector: 'prometheus', reason: 'security_incident' },
    });
    expect(revoked.status).toBe(201);

    const after = await scrapeUntil(
      (x) => x.value(`${P}data_revocation_events_total`, labels) === 1,
    );
    expect(after.value(`${P}data_revocation_events_total`, labels)).toBe(1);
    const latency = after.histogram(`${P}data_revocation_latency_ms`);
    expect(latency?.count).toBe(latencyBefore + 1);
    // In force within the 5 s SLA: the observation sits in the 5,000 ms bucket.
    expect(latency?.buckets.get('5000')).toBe(latency?.count);
  });

  it('7: decisions are timed by sampling, in nanoseconds', async () => {
    const before = (await scrape()).histogram(`${P}metric_validation_latency_ns`)?.count ?? 0;
    const batch = Array.from({ length: 1_000 }, () => ({
      name: 'cpu_usage_percent',
      source: 'node-1',
    }));
    expect((await validate(h.tokens.node, batch)).status).toBe(200);

    const after = (await scrape()).histogram(`${P}metric_validation_latency_ns`);
    // One decision in 128 is timed: 1,000 decisions give 7 or 8 samples.
    expect((after?.count ?? 0) - before).toBeGreaterThanOrEqual(7);
    expect((after?.count ?? 0) - before).toBeLessThanOrEqual(8);
    expect(after?.sum).toBeGreaterThan(0);
  });

  it('8 and 14: a reload counts its outcome and moves the load time only on success', async () => {
    const before = await scrape();
    const ok = before.histogram(`${P}policy_load_duration_ms`, { outcome: 'success' })?.count ?? 0;
    const loadedBefore = before.value(`${P}policy_last_load_timestamp`) ?? 0;

    expect((await h.call('POST', '/v1/charter/reload', { token: h.tokens.admin })).status).toBe(
      200,
    );
    const reloaded = await scrape();
    expect(reloaded.histogram(`${P}policy_load_duration_ms`, { outcome: 'success' })?.count).toBe(
      ok + 1,
    );
    const loadedAt = reloaded.value(`${P}policy_last_load_timestamp`) ?? 0;
    expect(loadedAt).toBeGreaterThanOrEqual(loadedBefore);

    const good = await readFile(h.charterFile, 'utf8');
    await writeFile(h.charterFile, good.replace('quorum_percent: 66', 'quorum_percent: 166'));
    try {
      const refused = await h.call('POST', '/v1/charter/reload', { token: h.tokens.admin });
      expect(refused.status).toBe(400);
      expect(refused.body.code).toBe('charter_invalid');
      const failed = await scrape();
      // The file watcher may refuse the same file too; the load time stays put either way.
      const failures = failed.histogram(`${P}policy_load_duration_ms`, { outcome: 'failure' });
      expect(failures?.count).toBeGreaterThanOrEqual(1);
      expect(failed.value(`${P}policy_last_load_timestamp`)).toBe(loadedAt);
    } finally {
      await writeFile(h.charterFile, good);
    }
  });

  it('13: committee size follows membership changes', async () => {
    const added = await h.call('POST', '/v1/committee/members', {
      token: h.tokens.admin,
      body: { id: 'dev-extra', name: 'Iris Vale', contact: 'iris@example.org' },
    });
    expect(added.status).toBe(201);
    expect((await scrape()).value(`${P}audit_committee_size`)).toBe(4);
    await h.call('DELETE', '/v1/committee/members/dev-extra', { token: h.tokens.admin });
    expect((await scrape()).value(`${P}audit_committee_size`)).toBe(3);
  });

  it('6 and 15: overrides count each state change, and the active count applies expiry', async () => {
    const reason = 'network_outage_diagnosis';
    const count = (m: Exposition, outcome: string) =>
      m.value(`${P}emergency_override_total`, { reason, outcome });
    const request = () =>
      h.call('POST', '/v1/overrides', {
        token: h.tokens.responder,
        body: {
          reason,
          justification: 'Diagnosing a partition between two mesh regions.',
          metrics: ['device_hardware_id'],
          sources: ['node-1'],
          duration_seconds: 600,
        },
      });
    const vote = (id: string, token: string, choice: string) =>
      h.call('POST', `/v1/overrides/${id}/votes`, { token, body: { choice } });
    const before = await scrape();
    expect(
      ['requested', 'approved', 'rejected', 'ended', 'expired'].map((o) => count(before, o)),
    ).toEqual([0, 0, 0, 0, 0]);

    const rejected = (await request()).body.override.id as string;
    await vote(rejected, h.tokens.lead, 'reject');
    await vote(rejected, h.tokens.sec, 'reject');

    const ended = (await request()).body.override.id as string;
    await vote(ended, h.tokens.lead, 'approve');
    await vote(ended, h.tokens.sec, 'approve');
    await h.call('POST', `/v1/overrides/${ended}/activate`, { token: h.tokens.responder });
    const oneActive = await scrape();
    expect(oneActive.value(`${P}emergency_override_active_count`)).toBe(1);
    await h.call('POST', `/v1/overrides/${ended}/end`, { token: h.tokens.lead });

    const expiring = (await request()).body.override.id as string;
    await vote(expiring, h.tokens.sec, 'approve');
    await vote(expiring, h.tokens.ops, 'approve');
    await h.call('POST', `/v1/overrides/${expiring}/activate`, { token: h.tokens.responder });
    expect((await scrape()).value(`${P}emergency_override_active_count`)).toBe(1);

    // Ten minutes and a second later the override has expired, sweeper or not.
    offsetMs += 601_000;
    const after = await scrapeUntil((x) => count(x, 'expired') === 1);
    expect(after.value(`${P}emergency_override_active_count`)).toBe(0);
    expect(
      ['requested', 'approved', 'rejected', 'ended', 'expired'].map((o) => count(after, o)),
    ).toEqual([3, 2, 1, 1, 1]);
  });
});
