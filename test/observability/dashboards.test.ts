import { readFileSync } from 'node:fs';
import { join } from 'node:path';

import { describe, expect, it } from 'vitest';

import {
  buildDashboards,
  DASHBOARD_FOLDER,
  DASHBOARDS_DIR,
  panelQueries,
  PROMETHEUS_DATASOURCE,
  readDashboards,
  renderDashboard,
} from '../../scripts/dashboards/index.js';
import { readYaml } from './alert-rules.js';

// The committed dashboards are what scripts/dashboards builds, and what they
// show is what SPEC §9 lists.

interface Step {
  color: string;
  value: number | null;
}

interface Panel {
  id: number;
  type: string;
  title: string;
  timeFrom?: string;
  datasource?: { type: string; uid: string };
  targets?: { expr: string; datasource?: { uid: string } }[];
  fieldConfig?: {
    defaults?: {
      unit?: string;
      thresholds?: { mode: string; steps: Step[] };
      custom?: { thresholdsStyle?: { mode: string } };
    };
  };
}

interface DashboardJson {
  uid: string;
  title: string;
  refresh: string;
  time: { from: string; to: string };
  panels: Panel[];
}

const committed = readDashboards(DASHBOARDS_DIR) as unknown as DashboardJson[];
const byUid = (uid: string) => committed.find((d) => d.uid === uid)!;

/** The one panel of `type` whose queries all contain each of `fragments`. */
function panel(uid: string, type: string, ...fragments: string[]): Panel {
  const found = byUid(uid).panels.filter(
    (p) =>
      p.type === type && fragments.every((f) => (p.targets ?? []).some((t) => t.expr.includes(f))),
  );
  expect(
    found.map((p) => p.title),
    `${uid}: ${type} with ${fragments.join(', ')}`,
  ).toHaveLength(1);
  return found[0]!;
}

const steps = (p: Panel) => p.fieldConfig?.defaults?.thresholds?.steps;
const VIOLATIONS = 'westworld_charter_violations_total';

describe('generated dashboards', () => {
  for (const [file, dashboard] of buildDashboards()) {
    it(`${file} is what scripts/dashboards generates (run \`npm run dashboards\` after a change)`, () => {
      const text = readFileSync(join(DASHBOARDS_DIR, file), 'utf8');
      expect(JSON.parse(text)).toEqual(JSON.parse(JSON.stringify(dashboard)));
      expect(text).toBe(renderDashboard(dashboard));
    });
  }

  it('are the only dashboards in the repository', () => {
    expect(committed.map((d) => d.uid).sort()).toEqual(
      [...buildDashboards().values()].map((d) => d.uid).sort(),
    );
  });
});

describe('SPEC §9, both dashboards', () => {
  it('have their uids and titles, refresh every 30 s and show the last 24 h', () => {
    const titles = Object.fromEntries(committed.map((d) => [d.uid, d.title]));
    expect(titles).toEqual({
      'violations-threats': 'Violations & Threats',
      'enforcement-performance': 'Enforcement Performance',
    });
    for (const d of committed) {
      expect(d.refresh, d.uid).toBe('30s');
      expect(d.time, d.uid).toEqual({ from: 'now-24h', to: 'now' });
    }
  });

  it('query only the provisioned Prometheus datasource', () => {
    const provisioned = readYaml<{ datasources: { uid: string; type: string }[] }>(
      'observability/grafana/provisioning/datasources/prometheus.yml',
    ).datasources;
    expect(provisioned).toContainEqual(expect.objectContaining(PROMETHEUS_DATASOURCE));
    for (const d of committed) {
      for (const p of d.panels.filter((x) => x.type !== 'row')) {
        expect(p.datasource, `${d.uid}/${p.title}`).toEqual(PROMETHEUS_DATASOURCE);
        for (const t of p.targets ?? []) expect(t.datasource?.uid).toBe(PROMETHEUS_DATASOURCE.uid);
      }
    }
  });

  it('are provisioned into the "Charter Observability" folder', () => {
    const providers = readYaml<{ providers: { folder: string }[] }>(
      'observability/grafana/provisioning/dashboards/charter.yml',
    ).providers;
    expect(DASHBOARD_FOLDER).toBe('Charter Observability');
    expect(providers.map((p) => p.folder)).toEqual([DASHBOARD_FOLDER]);
  });

  it('query only the fifteen charter metrics, by their exact names', () => {
    const names = committed.flatMap((d) =>
      panelQueries(d as unknown as Record<string, unknown>).flatMap(
        (q) => q.expr.match(/westworld_[a-z_]+/g) ?? [],
      ),
    );
    for (const name of names) expect(name).toMatch(/^westworld_charter_/);
  });
});

describe('SPEC §9, Violations & Threats', () => {
  const uid = 'violations-threats';

  it('has the violations timeline by severity', () => {
    panel(uid, 'timeseries', VIOLATIONS, 'by (severity)');
  });

  it('has the top 10 violating nodes by type as a heatmap', () => {
    panel(uid, 'heatmap', 'topk(10,', 'by (node_or_service, violation_type)');
  });

  it('has violation types as a pie', () => {
    panel(uid, 'piechart', VIOLATIONS, 'by (violation_type)');
  });

  it('has forbidden attempts by metric and node over the last hour, red above 10/min', () => {
    const p = panel(
      uid,
      'heatmap',
      'forbidden_metric_attempts_total',
      'by (metric_name, node_or_service)',
    );
    expect(p.timeFrom).toBe('1h');
    expect(p.targets![0]!.expr).toMatch(/\* 60$/);
    expect(steps(p)).toEqual([
      { color: 'green', value: null },
      { color: 'red', value: 10 },
    ]);
  });

  it('has violations under investigation by severity as a gauge: green 0-2, orange 3-5, red 6+', () => {
    const p = panel(uid, 'gauge', 'violations_under_investigation', 'by (severity)');
    expect(steps(p)).toEqual([
      { color: 'green', value: null },
      { color: 'orange', value: 3 },
      { color: 'red', value: 6 },
    ]);
  });

  it('has active emergency overrides as a stat: 0 green, 1 orange, 2+ red', () => {
    const p = panel(uid, 'stat', 'emergency_override_active_count');
    expect(steps(p)).toEqual([
      { color: 'green', value: null },
      { color: 'orange', value: 1 },
      { color: 'red', value: 2 },
    ]);
  });

  it('has recent violations as a table', () => {
    panel(uid, 'table', VIOLATIONS);
  });
});

describe('SPEC §9, Enforcement Performance', () => {
  const uid = 'enforcement-performance';

  /** The SLA line of a time series: a red threshold drawn as a line. */
  const slaLine = (p: Panel) => ({
    unit: p.fieldConfig?.defaults?.unit,
    steps: steps(p),
    style: p.fieldConfig?.defaults?.custom?.thresholdsStyle?.mode,
  });

  it('has decision latency p50, p95 and p99 in µs with the 10 µs SLA line', () => {
    const p = panel(uid, 'timeseries', 'metric_validation_latency_ns_bucket');
    const exprs = p.targets!.map((t) => t.expr);
    for (const q of ['0.5', '0.95', '0.99']) {
      expect(
        exprs.some((e) => e.startsWith(`histogram_quantile(${q},`) && e.endsWith('/ 1000')),
      ).toBe(true);
    }
    expect(slaLine(p)).toEqual({
      unit: 'µs',
      steps: [
        { color: 'green', value: null },
        { color: 'red', value: 10 },
      ],
      style: 'line',
    });
  });

  it('has charter loads per hour and the load p99', () => {
    panel(
      uid,
      'timeseries',
      'increase(westworld_charter_policy_load_duration_ms_count[1h])',
      'histogram_quantile(0.99, sum by (le) (westworld_charter_policy_load_duration_ms_bucket',
    );
  });

  it('has the committee notification p99 as a gauge, green below 500 ms', () => {
    const p = panel(
      uid,
      'gauge',
      'histogram_quantile(0.99',
      'committee_notification_latency_ms_bucket',
    );
    expect(p.fieldConfig?.defaults?.unit).toBe('ms');
    expect(steps(p)).toEqual([
      { color: 'green', value: null },
      { color: 'red', value: 500 },
    ]);
  });

  it('has the violation report p99 with the 1 s SLA line', () => {
    const p = panel(
      uid,
      'timeseries',
      'histogram_quantile(0.99',
      'violation_report_latency_ms_bucket',
    );
    expect(slaLine(p)).toEqual({
      unit: 'ms',
      steps: [
        { color: 'green', value: null },
        { color: 'red', value: 1000 },
      ],
      style: 'line',
    });
  });

  it('has revocations per hour, and the revocation p99 against 5 s', () => {
    panel(uid, 'timeseries', 'increase(westworld_charter_data_revocation_events_total[1h])');
    const p = panel(
      uid,
      'timeseries',
      'histogram_quantile(0.99',
      'data_revocation_latency_ms_bucket',
    );
    expect(slaLine(p)).toEqual({
      unit: 'ms',
      steps: [
        { color: 'green', value: null },
        { color: 'red', value: 5000 },
      ],
      style: 'line',
    });
  });

  it('has charter freshness in hours: green below 4, orange below 24, red beyond', () => {
    const p = panel(uid, 'stat', 'westworld_charter_policy_last_load_timestamp');
    expect(p.targets![0]!.expr).toMatch(/^\(time\(\) - .*\) \/ 3600$/);
    expect(p.fieldConfig?.defaults?.unit).toBe('h');
    expect(steps(p)).toEqual([
      { color: 'green', value: null },
      { color: 'orange', value: 4 },
      { color: 'red', value: 24 },
    ]);
  });

  it('has investigations initiated per hour', () => {
    panel(uid, 'timeseries', 'increase(westworld_charter_investigation_initiated_total[1h])');
  });
});
