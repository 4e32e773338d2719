/**
 * Writes the generated references (`npm run docs`): docs/metrics.md from
 * the metric registry, registered exactly as `charter serve` registers it,
 * and docs/errors.md from the error code table. Run it after changing a
 * metric or an error code; a test fails while the committed files and the
 * code disagree.
 */
import { writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { pathToFileURL } from 'node:url';

import { Registry } from 'prom-client';

import { readCharterFile } from '../src/app/charter-file.js';
import { compileCharter } from '../src/charter/index.js';
import { renderErrorsDoc } from '../src/http/errors-doc.js';
import { registerMapekMetrics } from '../src/mapek/index.js';
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
      'The loop’s own metrics (SPEC §10), under their own prefix: served by `charter serve` when the loop runs inside it, and by `charter mapek` on its own `--metrics-listen` address.',
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
  registerMapekMetrics(registry);
  return renderMetricsDoc(registry, SECTIONS);
}

if (process.argv[1] !== undefined && import.meta.url === pathToFileURL(process.argv[1]).href) {
  for (const [file, text] of [
    ['docs/metrics.md', await metricsReference()],
    ['docs/errors.md', renderErrorsDoc()],
  ] as const) {
    writeFileSync(resolve(file), text);
    console.log(`Wrote ${file}`);
  }
}
