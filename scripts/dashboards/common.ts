import type { Builder } from '@grafana/grafana-foundation-sdk/cog';
import {
  LegendDisplayMode,
  LegendPlacement,
  VizLegendOptionsBuilder,
} from '@grafana/grafana-foundation-sdk/common';
import {
  DashboardBuilder,
  ThresholdsConfigBuilder,
  ThresholdsMode,
  type Threshold,
} from '@grafana/grafana-foundation-sdk/dashboard';
import { DataqueryBuilder, PromQueryFormat } from '@grafana/grafana-foundation-sdk/prometheus';

/**
 * The provisioned Prometheus datasource every panel queries; its uid is fixed in
 * observability/grafana/provisioning/datasources/prometheus.yml.
 */
export const PROMETHEUS_DATASOURCE = { type: 'prometheus', uid: 'charter-prometheus' } as const;

/** The Grafana folder both dashboards are provisioned into. */
export const DASHBOARD_FOLDER = 'Charter Observability';

/**
 * A PromQL query. Expressions use fixed windows, never Grafana macros such as
 * `$__rate_interval`, so the same text runs unchanged against Prometheus's API.
 */
export function promQuery(
  refId: string,
  expr: string,
  legend: string,
  format: 'time_series' | 'table' | 'heatmap' = 'time_series',
  instant = false,
): DataqueryBuilder {
  const query = new DataqueryBuilder()
    .refId(refId)
    .datasource(PROMETHEUS_DATASOURCE)
    .expr(expr)
    .legendFormat(legend)
    .format(format as PromQueryFormat);
  return instant ? query.instant() : query.range();
}

/** Absolute thresholds from `[color, from]` steps; the first step starts at -∞. */
export function thresholds(...steps: [string, number | null][]): ThresholdsConfigBuilder {
  const list: Threshold[] = steps.map(([color, value]) => ({ color, value }));
  return new ThresholdsConfigBuilder().mode(ThresholdsMode.Absolute).steps(list);
}

/** A visible legend under a time series, listing each series once. */
export function legend(): VizLegendOptionsBuilder {
  return new VizLegendOptionsBuilder()
    .showLegend(true)
    .displayMode(LegendDisplayMode.List)
    .placement(LegendPlacement.Bottom);
}

/** A dashboard with the settings SPEC §9 fixes for both: refresh 30 s, last 24 h. */
export function charterDashboard(uid: string, title: string, description: string) {
  return new DashboardBuilder(title)
    .uid(uid)
    .description(description)
    .tags(['westworld-charter', 'generated'])
    .refresh('30s')
    .time({ from: 'now-24h', to: 'now' })
    .timezone('browser')
    .editable();
}

/** Grid position helper: x, y, width, height in Grafana's 24-column grid. */
export function at(x: number, y: number, w: number, h: number) {
  return { x, y, w, h };
}

export type { Builder };
