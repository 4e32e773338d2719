import { pino } from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { parseMapekConfig } from '../../src/app/mapek-file.js';
import { forbiddenMetricNames } from '../support/charter-names.js';
import { startService, type RunningService } from '../../src/app/service.js';
import type { Stack } from '../../scripts/stack/start-stack.js';
import {
  api,
  poll,
  promQuery,
  SCENARIO_MS,
  START_MS,
  startSuiteStack,
  stopSuiteStack,
} from './stack-suite.js';

// Issue 6 end to end: one source probes six forbidden names, a minute apart
// in simulated time, each far under the charter's per-window escalation
// (3 attempts in 60 s). The service runs in this process so that its clock
// and its MAPE-K ticks are the test's; Prometheus, Alertmanager and the
// receivers are the stack's real ones.

const SOURCE = 'node-recon';
const FORBIDDEN = forbiddenMetricNames();
// What the Monitor reads from Prometheus: one allowed and one forbidden
// sample, built by PromQL so that they exist whatever is being scraped.
const ALLOWED_SAMPLE =
  'label_replace(label_replace(vector(42), "__name__", "cpu_usage_percent", "", ""), "node", "node-3", "", "")';
const FORBIDDEN_SAMPLE =
  'label_replace(label_replace(vector(1), "__name__", "user_location", "", ""), "node", "node-3", "", "")';

const seen = new Set<number>();
let stack: Stack | undefined;
let s: Stack;
let service: RunningService | undefined;
let offsetMs = 0;
let monitoringToken = '';
let committeeToken = '';

beforeAll(async () => {
  stack = await startSuiteStack({
    inProcessService: async ({ dataDir, port, alertmanagerUrl, prometheusUrl }) => {
      service = await startService({
        dataDir,
        charterFile: 'charters/development.yaml',
        host: '127.0.0.1',
        port,
        logger: pino({ level: 'silent' }),
        clock: { nowMs: () => Date.now() + offsetMs },
        notifications: { alertmanagerUrls: [alertmanagerUrl] },
        mapek: parseMapekConfig(
          {
            prometheus: { url: prometheusUrl, queries: [ALLOWED_SAMPLE, FORBIDDEN_SAMPLE] },
            // An hour between real ticks: the test drives the loop through tick().
            loop: { intervalMs: 3_600_000 },
          },
          'the stack suite',
        ),
      });
      return service;
    },
  });
  s = stack;
  [monitoringToken, committeeToken] = await Promise.all([
    s.createToken('prometheus', 'monitoring_service'),
    s.createToken('dev-lead', 'audit_committee_member'),
  ]);
}, START_MS);

afterAll(async () => {
  const left = await stopSuiteStack(stack, seen);
  expect(left, 'processes left running').toEqual([]);
}, START_MS);

interface Alert {
  labels: Record<string, string>;
  annotations: Record<string, string>;
}

async function alertmanagerAlerts(kind: string): Promise<Alert[]> {
  const filter = encodeURIComponent(`kind="${kind}"`);
  const response = await fetch(`${s.urls.alertmanager}/api/v2/alerts?filter=${filter}`);
  expect(response.status).toBe(200);
  return (await response.json()) as Alert[];
}

describe('MAPE-K with the stack: slow reconnaissance', () => {
  it(
    'is detected, and the source suspended pending a system investigation',
    async () => {
      const loop = service!.mapek!.loop;
      const reasons: string[] = [];
      for (const name of FORBIDDEN) {
        const reply = await api<{ decisions: { reason: string }[] }>(
          s,
          'POST',
          '/v1/validate',
          monitoringToken,
          { metrics: [{ name, source: SOURCE, value: 1 }] },
        );
        expect(reply.status).toBe(200);
        reasons.push(reply.body.decisions[0]!.reason);
        offsetMs += 60_000;
        await loop.tick(Date.now() + offsetMs);
      }
      expect(reasons.slice(0, 5)).toEqual(Array(5).fill('forbidden_metric'));

      const suspended = await poll(
        () => api<{ sources: string[] }>(s, 'GET', '/v1/sources/suspended', committeeToken),
        (r) => r.body.sources.includes(SOURCE),
        10_000,
      );
      expect(suspended.body.sources).toContain(SOURCE);
      const investigations = await api<{
        investigations: { initiatedBy: string; status: string; violationId: string }[];
      }>(s, 'GET', '/v1/investigations', committeeToken);
      const violations = await api<{ violations: { id: string; type: string }[] }>(
        s,
        'GET',
        `/v1/violations?source=${SOURCE}`,
        committeeToken,
      );
      expect(violations.body.violations.map((v) => v.type)).toEqual(['silent_collection']);
      const opened = investigations.body.investigations.filter(
        (i) => i.violationId === violations.body.violations[0]!.id,
      );
      expect(opened).toEqual([expect.objectContaining({ initiatedBy: 'system', status: 'open' })]);
    },
    SCENARIO_MS,
  );

  it(
    'notifies the committee through Alertmanager, which delivers to its mailbox',
    async () => {
      const requested = await poll(
        () => alertmanagerAlerts('response_requested'),
        (alerts) => alerts.some((a) => a.labels.node_or_service === SOURCE),
        30_000,
      );
      const notice = requested.find((a) => a.labels.node_or_service === SOURCE);
      expect(notice?.labels).toMatchObject({
        alertname: 'CharterCommitteeNotification',
        level: '2',
        request: 'review',
        component: 'charter',
      });
      const investigation = await poll(
        () => alertmanagerAlerts('investigation_opened'),
        (alerts) => alerts.some((a) => a.labels.node_or_service === SOURCE),
        30_000,
      );
      expect(investigation.some((a) => a.labels.initiated_by === 'system')).toBe(true);
      // The committee's mail carries the notice's summary for the source.
      const mail = await s.receivers.smtp.waitFor(
        (m) => m.text.includes(SOURCE) && m.text.includes('Autonomic loop asks the committee'),
        60_000,
      );
      expect(mail.text).toContain('review level 2');
    },
    SCENARIO_MS,
  );

  it(
    'is in the audit trail, which verifies',
    async () => {
      const exported = await api(s, 'GET', '/v1/audit/export', s.tokens.admin);
      const entries = exported.text
        .trim()
        .split('\n')
        .map((line) => JSON.parse(line) as { action: string; actor: string; subjectId: string });
      const about = entries.filter((e) => e.subjectId === SOURCE).map((e) => e.action);
      expect(about).toEqual(
        expect.arrayContaining(['source.suspended', 'committee.response_requested']),
      );
      expect(entries.some((e) => e.action === 'mapek.action' && e.actor === 'mapek')).toBe(true);
      // No name the source tried is kept in the trail.
      for (const name of FORBIDDEN) expect(exported.text).not.toContain(name);
      const verdict = await api<{ ok: boolean }>(s, 'GET', '/v1/audit/verify', committeeToken);
      expect(verdict.body.ok).toBe(true);
    },
    SCENARIO_MS,
  );

  it(
    'shows in the metrics Prometheus scrapes, and Knowledge kept only what the charter allows',
    async () => {
      const actions = await poll(
        () => promQuery(s, 'westworld_mapek_actions_total{outcome="succeeded"}'),
        (r) => r[0]?.values[0] === 1,
        30_000,
      );
      expect(actions.map((r) => r.values[0])).toEqual([1]);
      const system = await promQuery(
        s,
        'westworld_charter_investigation_initiated_total{initiated_by="system",violation_type="silent_collection"}',
      );
      expect(system.map((r) => r.values[0])).toEqual([1]);
      const forbidden = await promQuery(
        s,
        'westworld_mapek_observations_total{decision="forbidden_metric"}',
      );
      expect(forbidden[0]!.values[0]).toBeGreaterThan(0);

      const knowledge = await service!.store.knowledge.observations();
      expect(knowledge.map((o) => [o.metric, o.source])).toEqual([['cpu_usage_percent', 'node-3']]);
    },
    SCENARIO_MS,
  );
});
