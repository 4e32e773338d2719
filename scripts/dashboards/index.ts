import type { Dashboard } from '@grafana/grafana-foundation-sdk/dashboard';

import { enforcementPerformance } from './enforcement-performance.js';
import { violationsThreats } from './violations-threats.js';

export { DASHBOARD_FOLDER, PROMETHEUS_DATASOURCE } from './common.js';
export { panelQueries, readDashboards, type PanelQuery } from './panel-queries.js';

/** Where the generated dashboards are committed, relative to the repository root. */
export const DASHBOARDS_DIR = 'observability/grafana/dashboards';

/** Every dashboard, keyed by the file name it is written to. */
export function buildDashboards(): Map<string, Dashboard> {
  return new Map([
    ['violations-threats.json', violationsThreats()],
    ['enforcement-performance.json', enforcementPerformance()],
  ]);
}

/** The committed form of a dashboard: two-space JSON with a final newline. */
export function renderDashboard(dashboard: Dashboard): string {
  return `${JSON.stringify(dashboard, null, 2)}\n`;
}
