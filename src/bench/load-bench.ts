import { stringify } from 'yaml';

import { compileCharter, parseCharter } from '../charter/index.js';
import { syntheticCharterDocument } from '../charter/test-charter.js';
import { quantile } from './stats.js';

export interface LoadRow {
  rules: number;
  /** Median of the runs: parse YAML, validate, check consistency, compile. */
  ms: number;
  max_ms: number;
  runs: number;
}

/** Times loading a charter of each size from its YAML text to a decision table. */
export function runLoadBench(ruleCounts: number[], runs: number): LoadRow[] {
  return ruleCounts.map((rules) => {
    const text = stringify(syntheticCharterDocument(rules));
    const load = () => compileCharter(parseCharter(text, `synthetic-${rules}.yaml`));
    load(); // warm up
    const times: number[] = [];
    for (let i = 0; i < runs; i++) {
      const start = performance.now();
      load();
      times.push(performance.now() - start);
    }
    times.sort((a, b) => a - b);
    const round = (ms: number) => Math.round(ms * 100) / 100;
    return { rules, ms: round(quantile(times, 0.5)), max_ms: round(times.at(-1) ?? 0), runs };
  });
}
