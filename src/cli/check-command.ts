import type { Command } from 'commander';

import { readCharterFile } from '../app/charter-file.js';
import { compileCharter, createDecisionEngine, type Decision } from '../charter/index.js';
import { systemClock } from '../shared/clock.js';
import { InputError } from '../shared/errors.js';
import { emit, parseOutputFormat, type CliIo, type ExitCode, type OutputFormat } from './io.js';

function collectLabel(value: string, labels: Record<string, string>): Record<string, string> {
  const eq = value.indexOf('=');
  if (eq <= 0) {
    throw new InputError(
      'bad_argument',
      `--label "${value}" is not a label`,
      'Write labels as --label NAME=VALUE, once per label',
    );
  }
  return { ...labels, [value.slice(0, eq)]: value.slice(eq + 1) };
}

function formatDecision(d: Decision & { metric: string }): string {
  const head =
    d.effect === 'allow'
      ? d.dryRun
        ? `allow ${d.metric} (dry run: a pending charter would deny it, ${d.reason})`
        : `allow ${d.metric} (${d.reason})`
      : `deny ${d.metric}: ${d.reason}`;
  const facts = [
    d.rule !== null ? `rule ${d.rule}` : null,
    d.category !== null ? `category ${d.category}` : null,
    d.severity !== null ? `severity ${d.severity}` : null,
    d.accessLevel !== null ? `access ${d.accessLevel}` : null,
    d.overrideId !== null ? `override ${d.overrideId}` : null,
  ].filter((f) => f !== null);
  return facts.length > 0 ? `${head}\n  ${facts.join(', ')}` : head;
}

/** `charter check NAME`: the decision a charter makes for one metric, offline. */
export function registerCheckCommand(
  program: Command,
  io: CliIo,
  setExit: (code: ExitCode) => void,
): void {
  program
    .command('check')
    .description('Print the decision for a metric; exit 0 if allowed, 1 if denied, 2 on error')
    .argument('<metric>', 'metric name as a collector would send it')
    .requiredOption('--charter <file>', 'charter YAML file')
    .option('--label <name=value>', 'a label on the metric (repeatable)', collectLabel, {})
    .option('--source <id>', 'node or service submitting it', 'cli')
    .option('--value <number>', 'the sample value')
    .option('--timestamp <time>', 'ISO 8601 with offset, or epoch milliseconds')
    .option('--output <format>', 'table or json', parseOutputFormat, 'table' as OutputFormat)
    .action(
      async (
        metric: string,
        opts: {
          charter: string;
          label: Record<string, string>;
          source: string;
          value?: string;
          timestamp?: string;
          output: OutputFormat;
        },
      ) => {
        const charter = compileCharter(await readCharterFile(opts.charter));
        const engine = createDecisionEngine({ clock: systemClock, charter });
        const decision = engine.decide({
          name: metric,
          labels: opts.label,
          source: opts.source,
          ...(opts.value !== undefined ? { value: opts.value } : {}),
          ...(opts.timestamp !== undefined ? { timestamp: opts.timestamp } : {}),
        });
        emit(io, opts.output, { metric, ...decision }, formatDecision);
        setExit(decision.effect === 'allow' ? 0 : 1);
      },
    );
}
