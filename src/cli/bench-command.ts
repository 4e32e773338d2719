import type { Command } from 'commander';

import {
  BENCH_SUITES,
  DEFAULT_RULE_COUNTS,
  runBench,
  type BenchSuite,
} from '../bench/run-bench.js';
import { InputError } from '../shared/errors.js';
import { formatBench } from './format/bench-format.js';
import type { CliIo } from './io.js';

function parseSuites(value: string): BenchSuite[] {
  const suites = value.split(',').map((s) => s.trim());
  for (const suite of suites) {
    if (!(BENCH_SUITES as readonly string[]).includes(suite)) {
      throw new InputError(
        'bad_argument',
        `--suite "${suite}" is not a benchmark suite`,
        `Use a comma-separated list of ${BENCH_SUITES.join(', ')}`,
      );
    }
  }
  return suites as BenchSuite[];
}

function parseRuleCounts(value: string): number[] {
  const counts = value.split(',').map((s) => Number(s.trim()));
  if (counts.some((n) => !Number.isSafeInteger(n) || n < 1 || n > 100_000)) {
    throw new InputError(
      'bad_argument',
      `--rules "${value}" is not a list of charter sizes`,
      'Use comma-separated whole numbers from 1 to 100000, e.g. --rules 10,1000',
    );
  }
  return counts;
}

/** `charter bench`: prints a table then the JSON, or with `--json` the JSON alone. */
export function registerBenchCommand(program: Command, io: CliIo): void {
  program
    .command('bench')
    .description(
      'Measure decisions (with Cedar as the peer), charter loads, violation ingest, HTTP and the service',
    )
    .option('--json', 'print the JSON report alone')
    .option('--quick', 'shorter runs for a quick look')
    .option('--suite <list>', `comma-separated: ${BENCH_SUITES.join(', ')}`, BENCH_SUITES.join(','))
    .option('--rules <list>', 'charter sizes, comma-separated', DEFAULT_RULE_COUNTS.join(','))
    .action(async (opts: { json?: boolean; quick?: boolean; suite: string; rules: string }) => {
      const report = await runBench({
        suites: parseSuites(opts.suite),
        quick: opts.quick === true,
        ruleCounts: parseRuleCounts(opts.rules),
      });
      if (opts.json !== true) io.out(formatBench(report));
      io.out(JSON.stringify(report));
    });
}
