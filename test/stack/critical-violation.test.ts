import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import type { Stack } from '../../scripts/stack/start-stack.js';
import type { ReceivedRequest } from '../../scripts/stack/receivers.js';
import { readYaml } from '../observability/alert-rules.js';
import {
  api,
  poll,
  promAlerts,
  promQuery,
  scrapeService,
  SCENARIO_MS,
  START_MS,
  startSuiteStack,
  stopSuiteStack,
} from './stack-suite.js';

// Issue 5, stack scenario 1: a node keeps submitting a forbidden metric over
// HTTP until the charter escalates it to a critical violation; the counter
// reaches Prometheus, CriticalViolationDetected fires, and Alertmanager
// delivers it to PagerDuty, Slack and the service's own intake.

const SOURCE = 'node-7';
const BASE_CHARTER = 'charters/development.yaml';
/** Attempts in the window that record a violation, as the charter says. */
const threshold = readYaml<{ violations: { escalation: { violation_after: number } } }>(
  BASE_CHARTER,
).violations.escalation.violation_after;
const ALERT = 'CriticalViolationDetected';

const seen = new Set<number>();
let stack: Stack | undefined;
let s: Stack;
let nodeToken = '';
let committeeToken = '';

beforeAll(async () => {
  // The development charter as shipped: user_location is a permanent_ban
  // rule, so repeatedly attempting it proposes a critical penalty.
  stack = await startSuiteStack({ charter: BASE_CHARTER });
  s = stack;
  [nodeToken, committeeToken] = await Promise.all([
    s.createToken(SOURCE, 'node_operator'),
    s.createToken('dev-lead', 'audit_committee_member'),
  ]);
}, START_MS);

afterAll(async () => {
  const left = await stopSuiteStack(stack, seen);
  expect(left, 'processes left running').toEqual([]);
}, START_MS);

/** Whether a delivery is about CriticalViolationDetected for our source. */
const about = (r: ReceivedRequest) => r.raw.includes(ALERT) && r.raw.includes(SOURCE);

describe('a node escalating to a critical violation', () => {
  let violationId = '';

  it(
    'is refused each time, and escalated to a critical silent_collection violation',
    async () => {
      // New tokens reach the metrics' label bounds within a second; until then
      // the source would count as `unregistered`.
      await poll(
        () => scrapeService(s),
        (m) =>
          m.series('westworld_charter_violations_total').some((l) => l.node_or_service === SOURCE),
        10_000,
      );

      type Violation = {
        id: string;
        severity: string;
        type: string;
        reporter: string;
        properties: Record<string, unknown>;
      };
      const critical = async () => {
        const path = `/v1/violations?source=${SOURCE}`;
        const list = await api<{ violations: Violation[] }>(s, 'GET', path, committeeToken);
        expect(list.status).toBe(200);
        return list.body.violations.find((v) => v.severity === 'permanent_ban');
      };
      // Escalation is recorded just after the decision that crossed the
      // threshold; from there on, wait for it rather than send more.
      let found: Violation | undefined;
      let attempts = 0;
      while (found === undefined && attempts < threshold) {
        attempts += 1;
        const reply = await api<{ decisions: unknown[] }>(s, 'POST', '/v1/validate', nodeToken, {
          metrics: [{ name: 'user_location', source: SOURCE, value: 1 }],
        });
        expect(reply.status).toBe(200);
        expect(reply.body.decisions[0]).toMatchObject({
          effect: 'deny',
          reason: 'forbidden_metric',
        });
        found = await critical();
      }
      found ??= await poll(critical, (v) => v !== undefined, 10_000);
      expect(attempts).toBe(threshold);
      expect(found).toMatchObject({
        type: 'silent_collection',
        severity: 'permanent_ban',
        reporter: 'system',
        properties: { attempts: threshold, level: 1 },
      });
      violationId = found!.id;
    },
    SCENARIO_MS,
  );

  it(
    'reaches Prometheus as westworld_charter_violations_total',
    async () => {
      const expr = `westworld_charter_violations_total{node_or_service="${SOURCE}",severity="permanent_ban",violation_type="silent_collection"}`;
      const series = await poll(
        () => promQuery(s, expr),
        (r) => r[0]?.values[0] === 1,
        30_000,
      );
      expect(series.map((x) => x.values[0])).toEqual([1]);
      const instance = new URL(s.urls.service).host;
      expect(series[0]!.metric).toMatchObject({ job: 'charter', instance });
    },
    SCENARIO_MS,
  );

  it(
    'fires CriticalViolationDetected with the violation labels',
    async () => {
      const firing = async () =>
        (await promAlerts(s)).find(
          (a) => a.labels.alertname === ALERT && a.labels.node_or_service === SOURCE,
        );
      const alert = await poll(firing, (a) => a?.state === 'firing', 60_000);
      expect(alert?.state).toBe('firing');
      expect(alert?.labels).toMatchObject({
        severity: 'critical',
        team: 'security',
        component: 'charter',
        penalty: 'permanent_ban',
        violation_type: 'silent_collection',
      });
    },
    SCENARIO_MS,
  );

  it(
    'is paged to PagerDuty (Events v2) with severity, type and source',
    async () => {
      const page = await s.receivers.pagerduty.waitFor(about, 60_000);
      const event = page.body as {
        routing_key: string;
        event_action: string;
        payload: { summary: string; severity: string; custom_details: Record<string, string> };
      };
      expect(event.event_action).toBe('trigger');
      expect(event.routing_key).toMatch(/^local0routing0key/);
      expect(event.payload.severity).toBe('critical');
      expect(event.payload.summary).toContain(ALERT);
      expect(event.payload.custom_details).toMatchObject({
        severity: 'critical',
        violation_type: 'silent_collection',
        source: SOURCE,
        runbook: `observability/runbooks/${ALERT}.md`,
        dashboard: '/d/violations-threats',
      });
    },
    SCENARIO_MS,
  );

  it(
    'is posted to the security Slack channel, and not to the SRE one',
    async () => {
      const post = await s.receivers.slackSecurity.waitFor(about, 60_000);
      const body = post.body as { channel: string; attachments: { title: string; text: string }[] };
      expect(body.channel).toBe('#charter-security');
      const text = body.attachments.map((a) => `${a.title}\n${a.text}`).join('\n');
      expect(text).toContain('severity: critical');
      expect(text).toContain('violation_type: silent_collection');
      expect(text).toContain(`source: ${SOURCE}`);
      expect(text).toContain(`runbook: observability/runbooks/${ALERT}.md`);
      expect(s.receivers.slackSre.received.filter(about)).toEqual([]);
    },
    SCENARIO_MS,
  );

  it(
    "is recorded by the service's webhook intake in the audit trail",
    async () => {
      type Entry = {
        action: string;
        actor: string;
        subjectId: string;
        payload: Record<string, unknown>;
      };
      const received = async () => {
        const reply = await api(s, 'GET', '/v1/audit/export', committeeToken);
        expect(reply.status).toBe(200);
        return reply.text
          .split('\n')
          .filter((l) => l !== '')
          .map((l) => JSON.parse(l) as Entry)
          .filter((e) => e.action === 'alert.received' && e.subjectId === ALERT);
      };
      const entries = await poll(received, (e) => e.length > 0, 60_000);
      expect(entries[0]).toMatchObject({
        actor: 'alertmanager',
        payload: {
          status: 'firing',
          severity: 'critical',
          violation_type: 'silent_collection',
          source: SOURCE,
        },
      });

      const verdict = await api<{ ok: boolean }>(s, 'GET', '/v1/audit/verify', committeeToken);
      expect(verdict.status).toBe(200);
      expect(verdict.body.ok).toBe(true);
    },
    SCENARIO_MS,
  );

  it(
    "reaches the audit committee's mailbox, with the service's own notice of the violation",
    async () => {
      expect(violationId, 'the escalation case found the violation').not.toBe('');
      const mail = await s.receivers.smtp.waitFor(
        (m) => m.text.includes(ALERT) && m.text.includes(SOURCE),
        60_000,
      );
      expect(mail.to.join(',')).toContain('audit-committee@charter.internal');
      const notice = await s.receivers.smtp.waitFor(
        (m) => m.text.includes('CharterCommitteeNotification') && m.text.includes(violationId),
        60_000,
      );
      expect(notice.text).toContain('severity: critical');
    },
    SCENARIO_MS,
  );
});
