import { Counter, Gauge, Histogram, Registry, Summary } from 'prom-client';
import { describe, expect, it } from 'vitest';

import { compileCharter } from '../charter/index.js';
import { testCharterDocument } from '../charter/test-charter.js';
import { ManualClock } from '../shared/clock.js';
import { createCharterMetrics } from './charter-metrics.js';
import { createExpositionRenderer } from './exposition.js';

describe('the exposition renderer', () => {
  it('writes exactly what prom-client writes, scrape after scrape, as series come and change', async () => {
    const registry = new Registry();
    const counter = new Counter({
      name: 'test_events_total',
      help: 'Events with a "quoted"\\ help\nover two lines.',
      labelNames: ['kind', 'node'],
      registers: [registry],
    });
    const gauge = new Gauge({ name: 'test_level', help: 'A level.', registers: [registry] });
    const histogram = new Histogram({
      name: 'test_latency_ms',
      help: 'Latency.',
      labelNames: ['outcome'],
      buckets: [1, 10, 100],
      registers: [registry],
    });
    const summary = new Summary({ name: 'test_size', help: 'Sizes.', registers: [registry] });
    const render = createExpositionRenderer(registry);

    counter.inc({ kind: 'a"b\\c\nd', node: 'n-1' }, 0);
    gauge.set(Number.NaN);
    expect(await render()).toBe(await registry.metrics());

    counter.inc({ kind: 'a"b\\c\nd', node: 'n-1' }, 2);
    counter.inc({ kind: 'plain', node: 'n-2' });
    gauge.set(Number.POSITIVE_INFINITY);
    histogram.observe({ outcome: 'success' }, 7);
    histogram.observe({ outcome: 'failure' }, 700);
    summary.observe(3);
    expect(await render()).toBe(await registry.metrics());

    gauge.set(-0.25);
    counter.inc({ kind: 'plain', node: 'n-2' }, 1.5);
    expect(await render()).toBe(await registry.metrics());
    // Nothing moved: the kept blocks are served, still prom-client's text.
    expect(await render()).toBe(await registry.metrics());
    counter.inc({ kind: 'new', node: 'n-3' }, 0);
    expect(await render()).toBe(await registry.metrics());
  });

  it('writes what prom-client writes for the fifteen charter metrics with many registered nodes', async () => {
    const registry = new Registry();
    const charter = compileCharter(testCharterDocument());
    const metrics = createCharterMetrics(registry, {
      charter: () => charter,
      clock: new ManualClock(),
      underInvestigation: () => Promise.resolve({ permanent_ban: 2 }),
      activeOverrides: () => Promise.resolve(1),
    });
    metrics.registerPrincipals(Array.from({ length: 50 }, (_, i) => `node-${i}`));
    metrics.violationRecorded(
      { type: 'exploitation', severity: 'suspension', source: 'node-3' },
      12,
    );
    metrics.policyLoaded('success', 4);
    const render = createExpositionRenderer(registry);
    const ours = await render();
    expect(ours).toBe(await registry.metrics());
    expect(
      ours.split('\n').filter((l) => l.startsWith('westworld_charter_')).length,
    ).toBeGreaterThan(2_500);
  });
});
