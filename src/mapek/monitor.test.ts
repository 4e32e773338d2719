import { describe, expect, it } from 'vitest';

import { compileCharter } from '../charter/index.js';
import { testCharterDocument } from '../charter/test-charter.js';
import { ManualClock } from '../shared/clock.js';
import { createMonitor, hashName } from './monitor.js';
import type { PromSample } from './prometheus.js';

const charter = compileCharter(testCharterDocument());
const clock = new ManualClock(Date.parse('2026-03-01T12:00:00Z'));

const attempts = (metric_name: string, node_or_service: string, value: number): PromSample => ({
  labels: { metric_name, node_or_service },
  value,
  atMs: clock.nowMs(),
});

describe('Monitor over the service’s attempt counter (the standalone loop)', () => {
  it('probes per registered source and rule, and never acts on the unregistered aggregate', async () => {
    const monitor = createMonitor({
      clock,
      charter: () => charter,
      prometheus: {
        query: () =>
          Promise.resolve([
            attempts('user_location', 'node-3', 2),
            attempts('unlisted', 'node-3', 1),
            attempts('browsing_history', 'unregistered', 40),
            attempts('user_identity', 'node-4', 0),
          ]),
      },
      attemptsQuery: 'attempts',
    });
    const snapshot = await monitor.collect(clock.nowMs());
    expect(snapshot.probes.map((p) => [p.source, p.nameHash, p.reason, p.count]).sort()).toEqual(
      [
        ['node-3', hashName('user_location'), 'forbidden_metric', 2],
        ['node-3', hashName('unlisted'), 'not_allowed', 1],
      ].sort(),
    );
  });
});
