import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { canonicalName, compileCharter } from '../charter/index.js';
import { testCharterDocument } from '../charter/test-charter.js';
import { openTestGovernance, type TestGovernance } from '../governance/test-deps.js';
import { ManualClock } from '../shared/clock.js';
import { createMonitor, hashName } from './monitor.js';
import type { PromSample } from './prometheus.js';

const charter = compileCharter(testCharterDocument());
const FORBIDDEN = testCharterDocument().metrics.forbidden.map((f) => f.name!);
const ALLOWED = ['cpu_usage_percent', 'latency_p99', 'packet_loss_percent'];
const T0 = Date.parse('2026-03-01T12:00:00Z');

/** Spellings a forbidden name may hide behind: case, `-` and `.` folding. */
const disguise = (name: string) =>
  fc
    .constantFrom(
      (n: string) => n,
      (n: string) => n.toUpperCase(),
      (n: string) => n.replaceAll('_', '-'),
      (n: string) => n.replaceAll('_', '.'),
    )
    .map((f) => f(name));

const metricName = fc.oneof(
  fc.constantFrom(...FORBIDDEN).chain(disguise),
  fc.constantFrom(...ALLOWED),
  fc.string({ minLength: 0, maxLength: 30 }),
  fc.constantFrom('user_loc', 'gps_lat', 'westworld_charter_violations_total'),
);
const labels = fc.dictionary(
  fc.constantFrom('node', 'peer', 'user_id', 'email', 'location', 'job', 'instance', 'x'),
  fc.string({ maxLength: 12 }),
  { maxKeys: 4 },
);
const sample: fc.Arbitrary<PromSample> = fc.record({
  labels: fc.tuple(metricName, labels).map(([name, l]) => ({ ...l, __name__: name })),
  value: fc.double({ noNaN: true, min: -1e9, max: 1e9 }),
  atMs: fc.integer({ min: T0, max: T0 + 3_600_000 }),
});

function monitorOver(samples: PromSample[]) {
  return createMonitor({
    clock: new ManualClock(T0),
    charter: () => charter,
    prometheus: { query: () => Promise.resolve(samples) },
    queries: ['{__name__=~".+"}'],
  });
}

const forbiddenCanonical = new Set(FORBIDDEN.map(canonicalName));

describe('Monitor: Knowledge never holds a forbidden metric', () => {
  it('admits only what decide() allows, whatever Prometheus returns', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(sample, { maxLength: 40 }), async (samples) => {
        const snapshot = await monitorOver(samples).collect(T0);
        for (const o of snapshot.observations) {
          expect(forbiddenCanonical.has(o.metric)).toBe(false);
          expect(ALLOWED).toContain(o.metric);
        }
        // Every denied sample is counted, none kept with its value.
        const denied = samples.length - snapshot.observations.length;
        const counted = Object.entries(snapshot.decisions)
          .filter(([reason]) => reason !== 'allowed')
          .reduce((n, [, c]) => n + c, 0);
        expect(counted).toBe(denied);
        for (const p of snapshot.probes)
          expect(Object.keys(p).sort()).toEqual(['atMs', 'count', 'nameHash', 'reason', 'source']);
      }),
      { numRuns: 300 },
    );
  });

  describe('persisted on a real SQLite store', () => {
    let gov: TestGovernance;
    beforeAll(async () => {
      gov = await openTestGovernance();
    });
    afterAll(() => gov.close());

    it('stores no forbidden name or value, only hashes and counts', async () => {
      await fc.assert(
        fc.asyncProperty(fc.array(sample, { minLength: 1, maxLength: 20 }), async (samples) => {
          const snapshot = await monitorOver(samples).collect(T0);
          await gov.store.knowledge.putObservations(snapshot.observations);
          await gov.store.knowledge.insertProbes(snapshot.probes);

          for (const o of await gov.store.knowledge.observations()) {
            expect(forbiddenCanonical.has(o.metric)).toBe(false);
          }
          const hashes = new Set(FORBIDDEN.map(hashName));
          const stored = await gov.store.knowledge.probesSince(0);
          const text = JSON.stringify(stored);
          for (const name of FORBIDDEN) expect(text).not.toContain(name);
          expect(stored.every((p) => !('value' in p))).toBe(true);
          // Denied forbidden samples show up as their hash.
          const forbiddenSeen = samples.some((s) =>
            forbiddenCanonical.has(canonicalName(s.labels.__name__ ?? '')),
          );
          if (forbiddenSeen) expect(stored.some((p) => hashes.has(p.nameHash))).toBe(true);
        }),
        { numRuns: 25 },
      );
    });
  });

  it("counts the service's own denials without keeping values, and bounds the buffer", async () => {
    const monitor = createMonitor({
      clock: new ManualClock(T0),
      charter: () => charter,
      eventCapacity: 3,
    });
    const allowed = charter.matchMetric('cpu_usage_percent')!.rule!.decision;
    const denied = charter.matchMetric('user_location')!.rule!.decision;
    monitor.observeDecision(allowed, { name: 'cpu_usage_percent', source: 'n1', value: 3 });
    for (let i = 0; i < 5; i++) {
      monitor.observeDecision(denied, { name: 'user_location', source: 'n1', value: 51.5 });
    }
    const snapshot = await monitor.collect(T0);
    expect(snapshot.observations).toEqual([]);
    expect(snapshot.droppedEvents).toBe(2);
    expect(snapshot.probes).toEqual([
      {
        source: 'n1',
        nameHash: hashName('user_location'),
        reason: 'forbidden_metric',
        count: 3,
        atMs: T0,
      },
    ]);
  });
});
