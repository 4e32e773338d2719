import type { Dashboard } from '@grafana/grafana-foundation-sdk/dashboard';
import { RowBuilder } from '@grafana/grafana-foundation-sdk/dashboard';
import { PanelBuilder as GaugePanel } from '@grafana/grafana-foundation-sdk/gauge';
import {
  HeatmapColorMode,
  HeatmapColorOptionsBuilder,
  PanelBuilder as HeatmapPanel,
} from '@grafana/grafana-foundation-sdk/heatmap';
import { PanelBuilder as PiePanel, PieChartType } from '@grafana/grafana-foundation-sdk/piechart';
import { PanelBuilder as StatPanel } from '@grafana/grafana-foundation-sdk/stat';
import { PanelBuilder as TablePanel } from '@grafana/grafana-foundation-sdk/table';
import { PanelBuilder as TimeseriesPanel } from '@grafana/grafana-foundation-sdk/timeseries';

import {
  at,
  charterDashboard,
  legend,
  PROMETHEUS_DATASOURCE,
  promQuery,
  thresholds,
} from './common.js';

const VIOLATIONS = 'westworld_charter_violations_total';
const ATTEMPTS = 'westworld_charter_forbidden_metric_attempts_total';

/** The Violations & Threats dashboard of SPEC §9 (uid `violations-threats`). */
export function violationsThreats(): Dashboard {
  const ds = PROMETHEUS_DATASOURCE;

  const timeline = new TimeseriesPanel()
    .legend(legend())
    .id(1)
    .title('Violations by severity')
    .description('Violations recorded per 5 minutes, by proposed penalty.')
    .datasource(ds)
    .gridPos(at(0, 0, 16, 8))
    .unit('short')
    .min(0)
    .fillOpacity(20)
    .withTarget(promQuery('A', `sum by (severity) (increase(${VIOLATIONS}[5m]))`, '{{severity}}'));

  const overrides = new StatPanel()
    .id(2)
    .title('Active emergency overrides')
    .description('Overrides in force now; every one is also on the public overrides page.')
    .datasource(ds)
    .gridPos(at(16, 0, 8, 8))
    .unit('short')
    .thresholds(thresholds(['green', null], ['orange', 1], ['red', 2]))
    .withTarget(promQuery('A', 'max(westworld_charter_emergency_override_active_count)', 'active'));

  const topNodes = new HeatmapPanel()
    .id(3)
    .title('Top 10 violating nodes by type')
    .description('Violations in the trailing hour for the ten busiest source and type pairs.')
    .datasource(ds)
    .gridPos(at(0, 8, 12, 9))
    .calculate(false)
    .color(new HeatmapColorOptionsBuilder().mode(HeatmapColorMode.Scheme).scheme('Oranges'))
    .withTarget(
      promQuery(
        'A',
        `topk(10, sum by (node_or_service, violation_type) (increase(${VIOLATIONS}[1h])))`,
        '{{node_or_service}} / {{violation_type}}',
      ),
    );

  const types = new PiePanel()
    .id(4)
    .title('Violation types')
    .description('Violations in the last 24 hours, by type.')
    .datasource(ds)
    .gridPos(at(12, 8, 12, 9))
    .pieType(PieChartType.Donut)
    .withTarget(
      promQuery(
        'A',
        `sum by (violation_type) (increase(${VIOLATIONS}[24h]))`,
        '{{violation_type}}',
        'time_series',
        true,
      ),
    );

  // Red from 10 per minute: the ForbiddenMetricSpike threshold.
  const attempts = new HeatmapPanel()
    .id(5)
    .title('Forbidden attempts per minute by metric and node (last hour)')
    .description('Red at 10 per minute and above, the ForbiddenMetricSpike threshold.')
    .datasource(ds)
    .gridPos(at(0, 17, 16, 9))
    .timeFrom('1h')
    .calculate(false)
    .unit('short')
    .color(
      new HeatmapColorOptionsBuilder().mode(HeatmapColorMode.Opacity).fill('red').min(0).max(10),
    )
    .thresholds(thresholds(['green', null], ['red', 10]))
    .withTarget(
      promQuery(
        'A',
        `sum by (metric_name, node_or_service) (rate(${ATTEMPTS}[5m])) * 60`,
        '{{metric_name}} @ {{node_or_service}}',
      ),
    );

  const underInvestigation = new GaugePanel()
    .id(6)
    .title('Violations under investigation')
    .description('Open investigations by severity, read from the store at scrape.')
    .datasource(ds)
    .gridPos(at(16, 17, 8, 9))
    .unit('short')
    .min(0)
    .thresholds(thresholds(['green', null], ['orange', 3], ['red', 6]))
    .withTarget(
      promQuery(
        'A',
        'max by (severity) (westworld_charter_violations_under_investigation)',
        '{{severity}}',
      ),
    );

  const recent = new TablePanel()
    .id(7)
    .title('Recent violations')
    .description('Source, type and penalty of the violations recorded in the last hour.')
    .datasource(ds)
    .gridPos(at(0, 26, 24, 8))
    .withTarget(
      promQuery(
        'A',
        `sort_desc(sum by (node_or_service, violation_type, severity) (increase(${VIOLATIONS}[1h])) > 0)`,
        '',
        'table',
        true,
      ),
    );

  const overridesByOutcome = new TimeseriesPanel()
    .legend(legend())
    .id(9)
    .title('Emergency override transitions')
    .description('Override state changes per hour, by outcome.')
    .datasource(ds)
    .gridPos(at(0, 35, 12, 8))
    .unit('short')
    .min(0)
    .withTarget(
      promQuery(
        'A',
        'sum by (outcome) (increase(westworld_charter_emergency_override_total[1h]))',
        '{{outcome}}',
      ),
    );

  const committeeSize = new StatPanel()
    .id(10)
    .title('Audit committee size')
    .description('Members of the audit committee; quorum is a share of this number.')
    .datasource(ds)
    .gridPos(at(12, 35, 12, 8))
    .unit('short')
    .thresholds(thresholds(['red', null], ['green', 1]))
    .withTarget(promQuery('A', 'max(westworld_charter_audit_committee_size)', 'members'));

  return charterDashboard(
    'violations-threats',
    'Violations & Threats',
    'What the charter blocked and recorded: violations, forbidden attempts, investigations and overrides.',
  )
    .withPanel(timeline)
    .withPanel(overrides)
    .withPanel(topNodes)
    .withPanel(types)
    .withPanel(attempts)
    .withPanel(underInvestigation)
    .withPanel(recent)
    .withRow(new RowBuilder('Committee and overrides').id(8).gridPos(at(0, 34, 24, 1)))
    .withPanel(overridesByOutcome)
    .withPanel(committeeSize)
    .build();
}
