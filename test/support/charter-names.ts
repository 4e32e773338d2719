import { readFileSync } from 'node:fs';

import { parseCharter } from '../../src/charter/index.js';

/**
 * The forbidden metric names (exact-name rules) of a charter file, in
 * charter order: what a probing source tries, read from the charter the
 * service under test enforces rather than restated.
 */
export function forbiddenMetricNames(file = 'charters/development.yaml'): string[] {
  const charter = parseCharter(readFileSync(file, 'utf8'), file);
  return charter.metrics.forbidden.flatMap((rule) => (rule.name === undefined ? [] : [rule.name]));
}
