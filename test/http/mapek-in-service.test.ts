/* eslint-disable @typescript-eslint/no-unsafe-member-access -- response bodies are JSON, read field by field against expectations */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { parseMapekConfig } from '../../src/app/mapek-file.js';
import { forbiddenMetricNames } from '../support/charter-names.js';
import { parseExposition } from '../support/exposition.js';
import { until } from '../support/poll.js';
import { startWebhookReceiver, type WebhookReceiver } from '../support/webhook-receiver.js';
import { startHarness, type Harness } from './harness.js';

// The loop inside `charter serve` (SPEC §10), in simulated time: a source
// probes six forbidden names one minute apart, each far under the charter's
// per-window escalation (3 in 60 s). The loop alone sees the pattern, and
// answers through the service's own operations.

const FORBIDDEN = forbiddenMetricNames();
const SOURCE = 'node-recon';

let h: Harness;
let hook: WebhookReceiver;
let offsetMs = 0;

beforeAll(async () => {
  hook = await startWebhookReceiver();
  h = await startHarness({
    clock: { nowMs: () => Date.now() + offsetMs },
    notifications: { webhookUrls: [hook.url], pollIntervalMs: 50 },
    // An hour between real ticks: the test drives the loop through tick().
    mapek: parseMapekConfig({ loop: { intervalMs: 3_600_000 } }, 'test'),
  });
});

afterAll(async () => {
  await h?.stop();
  await hook?.close();
});

const probe = (name: string) =>
  h.call('POST', '/v1/validate', {
    token: h.tokens.monitoring,
    body: { metrics: [{ name, source: SOURCE, value: 1 }] },
  });

describe('MAPE-K in charter serve', () => {
  it('sees slow reconnaissance, suspends the source pending investigation and asks the committee', async () => {
    const loop = h.service.mapek!.loop;
    const reasons: string[] = [];
    for (const name of FORBIDDEN) {
      reasons.push((await probe(name)).body.decisions[0].reason as string);
      offsetMs += 60_000;
      await loop.tick(Date.now() + offsetMs);
    }
    // Five distinct names are the detector's default threshold: the sixth
    // probe already meets the suspension the loop applied after the fifth.
    expect(reasons.slice(0, 5)).toEqual(Array(5).fill('forbidden_metric'));
    expect(['forbidden_metric', 'source_suspended']).toContain(reasons[5]);

    const suspended = await until(
      () => h.call('GET', '/v1/sources/suspended', { token: h.tokens.lead }),
      (r) => (r.body.sources as string[]).includes(SOURCE),
    );
    expect(suspended.body.sources).toContain(SOURCE);
    const after = await until(
      () => probe('latency_p50'),
      (r) => r.body.decisions[0].reason === 'source_suspended',
    );
    expect(after.body.decisions[0]).toMatchObject({ effect: 'deny', reason: 'source_suspended' });

    const violations = await h.call('GET', `/v1/violations?source=${SOURCE}`, {
      token: h.tokens.lead,
    });
    expect(violations.body.violations).toHaveLength(1);
    expect(violations.body.violations[0]).toMatchObject({
      type: 'silent_collection',
      status: 'investigating',
    });
    const investigations = await h.call('GET', '/v1/investigations', { token: h.tokens.lead });
    const all = investigations.body.investigations as { violationId: string }[];
    const opened = all.filter((i) => i.violationId === violations.body.violations[0].id);
    expect(opened).toHaveLength(1);
    expect(opened[0]).toMatchObject({ initiatedBy: 'system', status: 'open' });

    const exported = await h.call('GET', '/v1/audit/export', { token: h.tokens.admin });
    const actions = exported.text
      .trim()
      .split('\n')
      .map((line) => JSON.parse(line) as { action: string; subjectId: string })
      .filter((e) => e.subjectId === SOURCE || e.action.startsWith('mapek.'))
      .map((e) => e.action);
    expect(actions).toEqual(
      expect.arrayContaining(['source.suspended', 'committee.response_requested', 'mapek.action']),
    );

    const delivered = await until(
      () => Promise.resolve(hook.received as { kind: string; labels: Record<string, string> }[]),
      (bodies) => bodies.some((b) => b.kind === 'response_requested'),
    );
    const notice = delivered.find((b) => b.kind === 'response_requested');
    expect(notice?.labels).toMatchObject({ node_or_service: SOURCE, level: '2' });
    expect(delivered.some((b) => b.kind === 'investigation_opened')).toBe(true);

    const metrics = parseExposition((await h.call('GET', '/metrics')).text);
    expect(metrics.value('westworld_mapek_actions_total', { outcome: 'succeeded' })).toBe(1);
    expect(metrics.value('westworld_mapek_iterations_total', { outcome: 'completed' })).toBe(6);
    expect(
      metrics.value('westworld_charter_investigation_initiated_total', {
        violation_type: 'silent_collection',
        initiated_by: 'system',
      }),
    ).toBe(1);
  });

  it('refuses a configuration with an unknown key or a value out of range', () => {
    expect(() => parseMapekConfig({ loop: { reconDistinctNames: 1 } }, 'mapek.yaml')).toThrow(
      /Invalid MAPE-K configuration "mapek\.yaml": loop: Invalid MAPE-K configuration: reconDistinctNames is 1/,
    );
    expect(() => parseMapekConfig({ loops: {} }, 'mapek.yaml')).toThrow(
      'Invalid MAPE-K configuration "mapek.yaml": unknown key "loops"',
    );
    expect(() => parseMapekConfig({ prometheus: { url: 'ftp://x' } }, 'mapek.yaml')).toThrow(
      'prometheus.url is "ftp://x"',
    );
  });
});
