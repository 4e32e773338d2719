import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import {
  DASHBOARDS_DIR,
  panelQueries,
  readDashboards,
  type PanelQuery,
} from '../../scripts/dashboards/index.js';
import type { Stack } from '../../scripts/stack/start-stack.js';
import {
  poll,
  promQuery,
  scrapeService,
  SCENARIO_MS,
  SPEC_METRICS,
  START_MS,
  startSuiteStack,
  stopSuiteStack,
} from './stack-suite.js';
import { mintTrafficTokens, runMixedWorkload, type TrafficReport } from './traffic.js';

// Issue 5, stack scenario 2: after a mixed workload, every panel query of
// both dashboards, read from the generated JSON, returns data from a real
// Prometheus, and Prometheus holds all fifteen charter metrics.

const seen = new Set<number>();
let stack: Stack | undefined;
let s: Stack;
let traffic: TrafficReport;

beforeAll(async () => {
  stack = await startSuiteStack();
  s = stack;
  traffic = await runMixedWorkload(s, await mintTrafficTokens(s));
}, START_MS);

afterAll(async () => {
  const left = await stopSuiteStack(stack, seen);
  expect(left, 'processes left running').toEqual([]);
}, START_MS);

const queries = readDashboards(DASHBOARDS_DIR).flatMap((d) => panelQueries(d));

/**
 * The finite values a panel query returns now: an instant query as Grafana
 * runs an instant target, else a range over the last minute. NaN (a
 * quantile of no observations) is not data.
 */
async function panelValues(q: PanelQuery): Promise<number[]> {
  const series = await promQuery(s, q.expr, q.instant ? undefined : 60);
  return series.flatMap((x) => x.values).filter(Number.isFinite);
}

describe('the traffic run', () => {
  it('moved every metric on the service first', async () => {
    const m = await scrapeService(s);
    expect(traffic.decisions).toBeGreaterThan(3000);
    const missing = SPEC_METRICS.filter((name) => m.type(name) === undefined);
    expect(missing).toEqual([]);
    const revoked = m.value('westworld_charter_data_revocation_events_total', {
      reason: 'consent_withdrawn',
      node_or_service: traffic.revokedCollector,
    });
    expect(revoked).toBe(1);
  });
});

describe('every dashboard panel query, against Prometheus', () => {
  /** What each query returned once all had data, or when the wait ran out. */
  const answers = new Map<PanelQuery, number[]>();

  // One wait for all queries, so a failing run costs one timeout, not one each.
  beforeAll(async () => {
    const readAll = async () => {
      for (const q of queries) answers.set(q, await panelValues(q));
      return [...answers.values()].every((v) => v.length > 0);
    };
    await poll(readAll, (all) => all, 60_000, 500);
  }, SCENARIO_MS);

  it('reads both dashboards from the generated JSON', () => {
    expect(new Set(queries.map((q) => q.dashboardUid))).toEqual(
      new Set(['violations-threats', 'enforcement-performance']),
    );
    expect(queries.length).toBeGreaterThanOrEqual(19);
  });

  for (const q of queries) {
    it(`${q.dashboardUid} / ${q.panelTitle} / ${q.refId} returns data`, () => {
      expect(answers.get(q)?.length ?? 0, q.expr).toBeGreaterThan(0);
    });
  }
});

describe('Prometheus after the traffic run', () => {
  it(
    'holds all fifteen charter metrics, scraped from the service',
    async () => {
      const names = async () =>
        (await promQuery(s, 'count by (__name__) ({__name__=~"westworld_charter_.+"})')).map(
          (x) => x.metric.__name__!,
        );
      const present = (all: string[]) =>
        SPEC_METRICS.filter((n) => all.includes(n) || all.includes(`${n}_bucket`));
      const found = await poll(names, (all) => present(all).length === 15, 30_000);
      expect(present(found)).toEqual([...SPEC_METRICS]);
    },
    SCENARIO_MS,
  );

  it('counts the workload: the escalated source, the critical report and the override', async () => {
    const value = async (expr: string) => (await promQuery(s, expr))[0]?.values[0];
    const escalated =
      'sum(westworld_charter_forbidden_metric_attempts_total{node_or_service="node-2",status="escalated"})';
    expect(
      await poll(
        () => value(escalated),
        (v) => v === 1,
        30_000,
      ),
    ).toBe(1);
    const critical =
      'sum(westworld_charter_violations_total{severity="permanent_ban",node_or_service="node-3"})';
    expect(
      await poll(
        () => value(critical),
        (v) => v === 1,
        30_000,
      ),
    ).toBe(1);
    const ended = 'sum(westworld_charter_emergency_override_total{outcome="ended"})';
    expect(
      await poll(
        () => value(ended),
        (v) => v === 1,
        30_000,
      ),
    ).toBe(1);
  });
});
