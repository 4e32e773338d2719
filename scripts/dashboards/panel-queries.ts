import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

/** One PromQL query of one panel, as the generated dashboard JSON holds it. */
export interface PanelQuery {
  dashboardUid: string;
  panelId: number;
  panelTitle: string;
  refId: string;
  expr: string;
  instant: boolean;
}

interface JsonPanel {
  id?: number;
  title?: string;
  type?: string;
  panels?: JsonPanel[];
  targets?: { refId?: string; expr?: string; instant?: boolean }[];
}

/** Parsed dashboards from every `*.json` file in `dir`, in file-name order. */
export function readDashboards(dir: string): Record<string, unknown>[] {
  return readdirSync(dir)
    .filter((f) => f.endsWith('.json'))
    .sort()
    .map((f) => JSON.parse(readFileSync(join(dir, f), 'utf8')) as Record<string, unknown>);
}

/**
 * Every panel query of a dashboard, read from its JSON (rows included), so a
 * check runs exactly what Grafana would. Throws on a target without an expr.
 */
export function panelQueries(dashboard: Record<string, unknown>): PanelQuery[] {
  const uid = String(dashboard.uid);
  const panels = (dashboard.panels as JsonPanel[] | undefined) ?? [];
  const flat = panels.flatMap((p) => [p, ...(p.panels ?? [])]);

  return flat.flatMap((panel) =>
    (panel.targets ?? []).map((t) => {
      if (typeof t.expr !== 'string' || t.expr === '') {
        throw new Error(`Panel "${panel.title}" of "${uid}" has a target without an expr`);
      }
      return {
        dashboardUid: uid,
        panelId: panel.id ?? 0,
        panelTitle: panel.title ?? '',
        refId: t.refId ?? '',
        expr: t.expr,
        instant: t.instant === true,
      };
    }),
  );
}
