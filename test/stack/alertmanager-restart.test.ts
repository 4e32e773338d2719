import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import type { Stack } from '../../scripts/stack/start-stack.js';
import {
  alertmanagerAlerts,
  api,
  isRunning,
  poll,
  scrapeService,
  SCENARIO_MS,
  START_MS,
  startSuiteStack,
  stopSuiteStack,
} from './stack-suite.js';

// Issue 5, stack scenario 3: a committee notification raised while
// Alertmanager is down is kept in the service's outbox, retried, and
// delivered once Alertmanager is back, all the way to the committee's mail.

const seen = new Set<number>();
let stack: Stack | undefined;
let s: Stack;
let monitoringToken = '';

beforeAll(async () => {
  stack = await startSuiteStack();
  s = stack;
  monitoringToken = await s.createToken('prometheus', 'monitoring_service');
}, START_MS);

afterAll(async () => {
  const left = await stopSuiteStack(stack, seen);
  expect(left, 'processes left running').toEqual([]);
}, START_MS);

const NOTIFICATIONS = 'westworld_charter_audit_committee_notifications_total';
const count = async (outcome: string) =>
  (await scrapeService(s)).value(NOTIFICATIONS, {
    severity: 'critical',
    channel: 'alertmanager',
    outcome,
  }) ?? 0;

describe('committee notifications across an Alertmanager restart', () => {
  it(
    'are retried while Alertmanager is down and delivered once it is back',
    async () => {
      const before = s.pids().alertmanager!;
      seen.add(before);
      await s.stopAlertmanager();
      expect(isRunning(before)).toBe(false);

      const reported = await api<{ violation: { id: string; severity: string } }>(
        s,
        'POST',
        '/v1/violations',
        monitoringToken,
        {
          type: 'behavioral_prediction',
          source: 'node-3',
          evidence: [{ kind: 'sha256', value: 'c'.repeat(64) }],
        },
      );
      expect(reported.status).toBe(201);
      expect(reported.body.violation.severity).toBe('permanent_ban');
      const id = reported.body.violation.id;

      // Delivery was tried and refused: the notification exists and waits.
      const failed = await poll(
        () => count('failed'),
        (n) => n >= 1,
        30_000,
      );
      expect(failed).toBeGreaterThanOrEqual(1);
      expect(await count('delivered')).toBe(0);

      await s.startAlertmanager();
      expect(s.pids().alertmanager).not.toBe(before);

      const notificationId = `critical_violation:${id}`;
      const held = await poll(
        () => alertmanagerAlerts(s),
        (alerts) => alerts.some((a) => a.labels.notification_id === notificationId),
        60_000,
      );
      const alert = held.find((a) => a.labels.notification_id === notificationId);
      expect(alert?.labels).toMatchObject({
        alertname: 'CharterCommitteeNotification',
        kind: 'critical_violation',
        severity: 'critical',
        violation_type: 'behavioral_prediction',
        node_or_service: 'node-3',
      });
      expect(
        await poll(
          () => count('delivered'),
          (n) => n === 1,
          10_000,
        ),
      ).toBe(1);

      const mail = await s.receivers.smtp.waitFor((m) => m.text.includes(id), 60_000);
      expect(mail.to.join(',')).toContain('audit-committee@charter.internal');
      expect(mail.text).toContain('CharterCommitteeNotification');
      expect(mail.text).toContain('source: node-3');
    },
    SCENARIO_MS,
  );

  it(
    'after the restart, a new notification goes straight through to the mailbox',
    async () => {
      const failedBefore = await count('failed');
      const reported = await api<{ violation: { id: string } }>(
        s,
        'POST',
        '/v1/violations',
        monitoringToken,
        {
          type: 'algorithm_manipulation',
          source: 'node-4',
          evidence: [{ kind: 'sha256', value: 'd'.repeat(64) }],
        },
      );
      expect(reported.status).toBe(201);
      expect(
        await poll(
          () => count('delivered'),
          (n) => n === 2,
          30_000,
        ),
      ).toBe(2);
      expect(await count('failed')).toBe(failedBefore);
      const id = reported.body.violation.id;
      const mail = await s.receivers.smtp.waitFor((m) => m.text.includes(id), 60_000);
      expect(mail.text).toContain('source: node-4');
    },
    SCENARIO_MS,
  );
});
