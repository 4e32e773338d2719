/**
 * Writes docs/metrics.md from the metric registry (`npm run docs`): the
 * service's metrics registered exactly as `charter serve` registers them,
 * rendered by renderMetricsDoc. Run it after changing a metric; a test fails
 * while the committed file and the code disagree. An optional argument names
 * another output path.
 */
import { writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { pathToFileURL } from 'node:url';

import { Registry } from 'prom-client';

import { readCharterFile } from '../src/app/charter-file.js';
import { compileCharter } from '../src/charter/index.js';
import { createCharterMetrics, renderMetricsDoc } from '../src/metrics/index.js';
import { systemClock } from '../src/shared/clock.js';

/** The sections of the reference, in order. */
const SECTIONS = [
  {
    prefix: 'westworld_charter_',
    title: 'The fifteen charter metrics (SPEC §7)',
    intro:
      'Names, types and labels are the contract with the alert rules and the dashboards; units are in the names.',
  },
  {
    prefix: 'westworld_mapek_',
    title: 'MAPE-K loop metrics',
    intro:
      'The loop’s own metrics (SPEC §10), under their own prefix. Register them in `metricsReference()` below to list them here.',
  },
];

/** The reference text for the metrics the service registers. */
export async function metricsReference(): Promise<string> {
  const registry = new Registry();
  const charter = compileCharter(await readCharterFile('charters/development.yaml'));
  createCharterMetrics(registry, {
    charter: () => charter,
    clock: systemClock,
    underInvestigation: () => Promise.resolve({}),
    activeOverrides: () => Promise.resolve(0),
  });
  return renderMetricsDoc(registry, SECTIONS);
}

if (process.argv[1] !== undefined && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const target = resolve(process.argv[2] ?? 'docs/metrics.md');
  writeFileSync(target, await metricsReference());
  console.log(`Wrote ${target}`);
}
