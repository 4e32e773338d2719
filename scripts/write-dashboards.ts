// Writes the Grafana dashboards built in scripts/dashboards/ to
// observability/grafana/dashboards/*.json (npm run dashboards).
import { writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';

import { buildDashboards, DASHBOARDS_DIR, renderDashboard } from './dashboards/index.js';

const root = resolve(import.meta.dirname, '..', '..');
for (const [file, dashboard] of buildDashboards()) {
  const path = join(root, DASHBOARDS_DIR, file);
  writeFileSync(path, renderDashboard(dashboard));
  console.log(`wrote ${join(DASHBOARDS_DIR, file)}`);
}
