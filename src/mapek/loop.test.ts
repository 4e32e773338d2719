import { Registry } from 'prom-client';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';

import { compileCharter } from '../charter/index.js';
import { testCharterDocument } from '../charter/test-charter.js';
import { openTestGovernance, type TestGovernance } from '../governance/test-deps.js';
import { resolveMapekConfig } from './config.js';
import type { Executor } from './execute.js';
import { createMapekLoop } from './loop.js';
import { registerMapekMetrics } from './metrics.js';
import type { Monitor, MonitorSnapshot } from './monitor.js';

const charter = compileCharter(testCharterDocument());
const empty: MonitorSnapshot = {
  observations: [],
  probes: [],
  decisions: { allowed: 2 },
  droppedEvents: 0,
};
const idleExecutor: Executor = {
  enqueue: () => undefined,
  drain: () => Promise.resolve([]),
  size: () => 0,
  dropped: () => 0,
};

describe('MAPE-K loop scheduler', () => {
  let gov: TestGovernance;
  beforeEach(async () => {
    gov = await openTestGovernance();
  });
  afterEach(() => gov.close());

  function loopWith(monitor: Monitor, registry = new Registry()) {
    const metrics = registerMapekMetrics(registry);
    const config = resolveMapekConfig({ intervalMs: 1_000 });
    const loop = createMapekLoop({
      clock: gov.clock,
      config,
      charter: () => charter,
      store: gov.store,
      monitor,
      executor: idleExecutor,
      metrics,
    });
    return { loop, registry };
  }

  it('never overlaps iterations: a tick during a running one is skipped and counted', async () => {
    const started: number[] = [];
    let release!: () => void;
    const monitor: Monitor = {
      observeDecision: () => undefined,
      collect(nowMs) {
        started.push(nowMs);
        return new Promise((resolve) => (release = () => resolve(empty)));
      },
    };
    const { loop, registry } = loopWith(monitor);
    const t0 = gov.clock.nowMs();

    const first = loop.tick(t0);
    await expect(loop.tick(t0 + 1_000)).resolves.toBeUndefined();
    await expect(loop.tick(t0 + 2_000)).resolves.toBeUndefined();
    release();
    expect(await first).toMatchObject({ atMs: t0 });
    expect(started).toEqual([t0]);
    expect(loop.skipped()).toBe(2);

    const next = loop.tick(t0 + 3_000);
    release();
    await next;
    expect(started).toEqual([t0, t0 + 3_000]);
    const text = await registry.metrics();
    expect(text).toContain('westworld_mapek_skipped_ticks_total 2');
    expect(text).toContain('westworld_mapek_iterations_total{outcome="completed"} 2');
    expect(text).toContain('westworld_mapek_observations_total{decision="allowed"} 4');
  });

  it('counts ticks missed because the caller fell behind', async () => {
    const monitor: Monitor = {
      observeDecision: () => undefined,
      collect: () => Promise.resolve(empty),
    };
    const { loop } = loopWith(monitor);
    const t0 = gov.clock.nowMs();
    await loop.tick(t0);
    await loop.tick(t0 + 1_000);
    await loop.tick(t0 + 5_000); // the ticks at +2 s, +3 s and +4 s never came
    expect(loop.skipped()).toBe(3);
  });

  it('counts a failed iteration and carries on with the next tick', async () => {
    let fail = true;
    const monitor: Monitor = {
      observeDecision: () => undefined,
      collect: () => (fail ? Promise.reject(new Error('prometheus down')) : Promise.resolve(empty)),
    };
    const { loop, registry } = loopWith(monitor);
    const t0 = gov.clock.nowMs();
    await expect(loop.tick(t0)).resolves.toBeUndefined();
    fail = false;
    await expect(loop.tick(t0 + 1_000)).resolves.toMatchObject({ atMs: t0 + 1_000 });
    const text = await registry.metrics();
    expect(text).toContain('westworld_mapek_iterations_total{outcome="failed"} 1');
    expect(text).toMatch(/westworld_mapek_stage_duration_ms_count\{stage="monitor"\} 2/);
  });
});
