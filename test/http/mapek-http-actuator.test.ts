/* eslint-disable @typescript-eslint/no-unsafe-member-access -- response bodies are JSON, read field by field against expectations */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { createHttpActuator } from '../../src/mapek/index.js';
import { until } from '../support/poll.js';
import { startWebhookReceiver, type WebhookReceiver } from '../support/webhook-receiver.js';
import { startHarness, type Harness } from './harness.js';

// `charter mapek` acts through these calls: the same governance operations
// as the loop inside the service, over a real HTTP API.

let h: Harness;
let hook: WebhookReceiver;

beforeAll(async () => {
  hook = await startWebhookReceiver();
  h = await startHarness({ notifications: { webhookUrls: [hook.url], pollIntervalMs: 50 } });
});

afterAll(async () => {
  await h?.stop();
  await hook?.close();
});

const basis = { source: 'node-far', level: 2 as const, detectors: ['reconnaissance'], observed: 6 };

describe('the standalone loop’s HTTP actuator', () => {
  it('suspends a source pending a system investigation, in the actor’s name', async () => {
    const actuator = createHttpActuator({ baseUrl: h.url, token: h.tokens.admin });
    const suspension = await actuator.suspendSource({ basis, idempotencyKey: 'plan_9:suspend' });
    expect(suspension.suspended).toBe(true);
    expect(suspension.investigationId).toMatch(/^inv_/);

    const suspended = await h.call('GET', '/v1/sources/suspended', { token: h.tokens.lead });
    expect(suspended.body.sources).toContain('node-far');
    const investigation = await h.call('GET', `/v1/investigations/${suspension.investigationId}`, {
      token: h.tokens.lead,
    });
    expect(investigation.body.investigation).toMatchObject({
      violationId: suspension.violationId,
      initiatedBy: 'system',
      openedBy: 'admin',
    });

    await actuator.liftSuspension('node-far', 'rollback of plan_9');
    const lifted = await h.call('GET', '/v1/sources/suspended', { token: h.tokens.lead });
    expect(lifted.body.sources).not.toContain('node-far');
  });

  it('asks the committee through its notification channels and the audit trail', async () => {
    const actuator = createHttpActuator({ baseUrl: h.url, token: h.tokens.admin });
    await actuator.notifyCommittee({
      source: 'node-far',
      level: 3,
      request: 'committee_vote',
      responseName: 'node quarantine',
      violationId: null,
      investigationId: null,
      detectors: ['reconnaissance', 'burst'],
    });
    const bodies = await until(
      () => Promise.resolve(hook.received as { kind: string; severity: string; labels: object }[]),
      (all) => all.some((b) => b.kind === 'response_requested'),
    );
    const notice = bodies.find((b) => b.kind === 'response_requested');
    expect(notice).toMatchObject({
      severity: 'critical',
      labels: { node_or_service: 'node-far', level: '3', request: 'committee_vote' },
    });
    const exported = await h.call('GET', '/v1/audit/export', { token: h.tokens.admin });
    const last = JSON.parse(exported.text.trim().split('\n').at(-1)!) as Record<string, unknown>;
    expect(last).toMatchObject({
      actor: 'admin',
      action: 'committee.response_requested',
      subjectId: 'node-far',
    });
  });

  it('is refused for any role but admin', async () => {
    for (const token of [h.tokens.lead, h.tokens.monitoring, h.tokens.node]) {
      const r = await h.call('POST', '/v1/sources/node-x/suspend', {
        token,
        body: { attempts: 3 },
      });
      expect(r.status).toBe(403);
      expect(r.body.code).toBe('role_forbidden');
    }
  });
});
