import {
  GraphThresholdsStyleConfigBuilder,
  GraphThresholdsStyleMode,
} from '@grafana/grafana-foundation-sdk/common';
import type { Dashboard } from '@grafana/grafana-foundation-sdk/dashboard';
import { PanelBuilder as GaugePanel } from '@grafana/grafana-foundation-sdk/gauge';
import { PanelBuilder as StatPanel } from '@grafana/grafana-foundation-sdk/stat';
import { PanelBuilder as TimeseriesPanel } from '@grafana/grafana-foundation-sdk/timeseries';

import {
  at,
  charterDashboard,
  legend,
  PROMETHEUS_DATASOURCE,
  promQuery,
  thresholds,
} from './common.js';

const ds = PROMETHEUS_DATASOURCE;

function quantile(q: number, histogram: string, window: string): string {
  return `histogram_quantile(${q}, sum by (le) (rate(${histogram}_bucket[${window}])))`;
}

/** A time series with a red SLA line at `slaValue` (in the panel's unit). */
function slaSeries(id: number, title: string, description: string, unit: string, slaValue: number) {
  return new TimeseriesPanel()
    .legend(legend())
    .id(id)
    .title(title)
    .description(description)
    .datasource(ds)
    .unit(unit)
    .min(0)
    .thresholds(thresholds(['green', null], ['red', slaValue]))
    .thresholdsStyle(new GraphThresholdsStyleConfigBuilder().mode(GraphThresholdsStyleMode.Line));
}

/** The Enforcement Performance dashboard of SPEC §9 (uid `enforcement-performance`). */
export function enforcementPerformance(): Dashboard {
  const decision = 'westworld_charter_metric_validation_latency_ns';
  const decisionLatency = slaSeries(
    1,
    'Decision latency (µs)',
    'p50, p95 and p99 of metric validation; the red line is the 10 µs SLA.',
    'µs',
    10,
  )
    .gridPos(at(0, 0, 16, 8))
    .withTarget(promQuery('A', `${quantile(0.5, decision, '5m')} / 1000`, 'p50'))
    .withTarget(promQuery('B', `${quantile(0.95, decision, '5m')} / 1000`, 'p95'))
    .withTarget(promQuery('C', `${quantile(0.99, decision, '5m')} / 1000`, 'p99'));

  // Loads are rare, so the p99 is over everything since the instance started.
  const loads = new TimeseriesPanel()
    .legend(legend())
    .id(2)
    .title('Charter loads per hour, and load p99')
    .description('Loads and reloads in the trailing hour by outcome; load p99 since start, in ms.')
    .datasource(ds)
    .gridPos(at(16, 0, 8, 8))
    .min(0)
    .withTarget(
      promQuery(
        'A',
        'sum by (outcome) (increase(westworld_charter_policy_load_duration_ms_count[1h]))',
        'loads/h {{outcome}}',
      ),
    )
    .withTarget(
      promQuery(
        'B',
        'histogram_quantile(0.99, sum by (le) (westworld_charter_policy_load_duration_ms_bucket))',
        'load p99 (ms)',
      ),
    );

  const notification = new GaugePanel()
    .id(3)
    .title('Committee notification p99')
    .description('Delivery p99 over the trailing hour; green below the 500 ms SLA.')
    .datasource(ds)
    .gridPos(at(0, 8, 8, 8))
    .unit('ms')
    .min(0)
    .max(1000)
    .thresholds(thresholds(['green', null], ['red', 500]))
    .withTarget(
      promQuery(
        'A',
        quantile(0.99, 'westworld_charter_committee_notification_latency_ms', '1h'),
        'p99',
      ),
    );

  const report = slaSeries(
    4,
    'Violation report p99',
    'Stored and escalated; the red line is the 1 s SLA.',
    'ms',
    1000,
  )
    .gridPos(at(8, 8, 16, 8))
    .withTarget(
      promQuery('A', quantile(0.99, 'westworld_charter_violation_report_latency_ms', '5m'), 'p99'),
    );

  const revocations = new TimeseriesPanel()
    .legend(legend())
    .id(5)
    .title('Revocations per hour')
    .description('Revocations and erasures carried out in the trailing hour, by reason.')
    .datasource(ds)
    .gridPos(at(0, 16, 12, 8))
    .unit('short')
    .min(0)
    .withTarget(
      promQuery(
        'A',
        'sum by (reason) (increase(westworld_charter_data_revocation_events_total[1h]))',
        '{{reason}}',
      ),
    );

  const revocationLatency = slaSeries(
    6,
    'Revocation p99',
    'Time until a revocation is in force on every instance; the red line is the 5 s SLA.',
    'ms',
    5000,
  )
    .gridPos(at(12, 16, 12, 8))
    .withTarget(
      promQuery('A', quantile(0.99, 'westworld_charter_data_revocation_latency_ms', '1h'), 'p99'),
    );

  const freshness = new StatPanel()
    .id(7)
    .title('Charter freshness (hours)')
    .description('Hours since the last successful charter load; green below 4, orange below 24.')
    .datasource(ds)
    .gridPos(at(0, 24, 8, 8))
    .unit('h')
    .decimals(1)
    .thresholds(thresholds(['green', null], ['orange', 4], ['red', 24]))
    .withTarget(
      promQuery(
        'A',
        '(time() - max(westworld_charter_policy_last_load_timestamp)) / 3600',
        'hours',
      ),
    );

  const investigations = new TimeseriesPanel()
    .legend(legend())
    .id(8)
    .title('Investigations initiated per hour')
    .description('Investigations opened in the trailing hour, by who opened them.')
    .datasource(ds)
    .gridPos(at(8, 24, 8, 8))
    .unit('short')
    .min(0)
    .withTarget(
      promQuery(
        'A',
        'sum by (initiated_by) (increase(westworld_charter_investigation_initiated_total[1h]))',
        '{{initiated_by}}',
      ),
    );

  const notifications = new TimeseriesPanel()
    .legend(legend())
    .id(9)
    .title('Committee notifications per hour')
    .description('Notifications sent or failed in the trailing hour, by channel and outcome.')
    .datasource(ds)
    .gridPos(at(16, 24, 8, 8))
    .unit('short')
    .min(0)
    .withTarget(
      promQuery(
        'A',
        'sum by (channel, outcome) (increase(westworld_charter_audit_committee_notifications_total[1h]))',
        '{{channel}} {{outcome}}',
      ),
    );

  return charterDashboard(
    'enforcement-performance',
    'Enforcement Performance',
    'How fast the charter is enforced, against the SLAs it publishes.',
  )
    .withPanel(decisionLatency)
    .withPanel(loads)
    .withPanel(notification)
    .withPanel(report)
    .withPanel(revocations)
    .withPanel(revocationLatency)
    .withPanel(freshness)
    .withPanel(investigations)
    .withPanel(notifications)
    .build();
}
