import { readFile } from 'node:fs/promises';

import type { Command } from 'commander';

import type { Decision } from '../charter/index.js';
import { InputError } from '../shared/errors.js';
import { collect, parsePairs } from './client/arg-parsers.js';
import { clientFrom, withClientOptions, type ClientOptions } from './client/client-options.js';
import { emit, table, type CliIo, type ExitCode } from './io.js';

interface SubmitOptions extends ClientOptions {
  metric: string[];
  source?: string;
  label: string[];
  value?: string;
}

type Answer = Decision & { name: string; source: string };

/** The most metrics POST /v1/validate takes in one request. */
const BATCH = 10_000;

/**
 * `charter submit [files...]`: metrics through POST /v1/validate, from JSON
 * Lines files (`-` for standard input) or `--metric` arguments, in batches
 * of 10,000. Prints one decision per metric, in order; exits 1 if any is
 * denied, like `charter check`.
 */
export function registerSubmitCommand(
  program: Command,
  io: CliIo,
  setExit: (code: ExitCode) => void,
): void {
  withClientOptions(program.command('submit'))
    .description('Submit metrics for decisions (POST /v1/validate); exit 1 if any is denied')
    .argument(
      '[files...]',
      'JSON Lines of {"name","labels","source","value","timestamp"}; - for stdin',
    )
    .option('--metric <name>', 'a metric to submit; repeatable', collect, [])
    .option('--source <id>', 'source of the --metric metrics (a node submits as itself)')
    .option('--label <name=value>', 'a label on every --metric metric; repeatable', collect, [])
    .option('--value <number>', 'the value of every --metric metric')
    .action(async (files: string[], opts: SubmitOptions) => {
      const metrics = [...(await readFiles(files)), ...fromArguments(opts)];
      if (metrics.length === 0) {
        throw new InputError(
          'metrics_missing',
          'Nothing to submit: no file and no --metric',
          'Pass a JSON Lines file, - for standard input, or --metric NAME --source ID.',
        );
      }
      const client = clientFrom(opts);
      const decisions: Answer[] = [];
      for (let at = 0; at < metrics.length; at += BATCH) {
        const batch = metrics.slice(at, at + BATCH);
        const answer = await client.post<{ decisions: Answer[] }>('/v1/validate', {
          metrics: batch,
        });
        decisions.push(...answer.decisions);
      }
      emit(io, opts.output, { decisions }, (a) => formatDecisions(a.decisions));
      setExit(decisions.every((d) => d.effect === 'allow') ? 0 : 1);
    });
}

function fromArguments(opts: SubmitOptions): Record<string, unknown>[] {
  if (opts.metric.length === 0) return [];
  if (opts.source === undefined) {
    throw new InputError(
      'source_missing',
      '--metric needs --source: whose metric it is',
      'For example --metric cpu_usage_percent --source node-7 --label node=node-7',
    );
  }
  const labels = parsePairs('--label', opts.label);
  // The API takes a number or a string; a number is sent as one.
  const raw = opts.value;
  const value =
    raw === undefined ? {} : { value: Number.isFinite(Number(raw)) ? Number(raw) : raw };
  return opts.metric.map((name) => ({ name, source: opts.source, labels, ...value }));
}

async function readFiles(files: string[]): Promise<unknown[]> {
  const out: unknown[] = [];
  for (const file of files) {
    const text = file === '-' ? await readStdin() : await readFile(file, 'utf8');
    text.split('\n').forEach((line, i) => {
      if (line.trim() === '') return;
      try {
        out.push(JSON.parse(line));
      } catch {
        throw new InputError(
          'metrics_file_invalid',
          `${file}:${i + 1}: the line is not JSON: ${line.slice(0, 80)}`,
          'Write one JSON object per line: {"name":"cpu_usage_percent","source":"node-7","labels":{"node":"node-7"}}',
        );
      }
    });
  }
  return out;
}

async function readStdin(): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of process.stdin) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}

function formatDecisions(decisions: Answer[]): string {
  const denied = decisions.filter((d) => d.effect === 'deny').length;
  return [
    table(
      ['#', 'METRIC', 'SOURCE', 'EFFECT', 'REASON', 'RULE', 'SEVERITY'],
      decisions.map((d, i) => [
        String(i + 1),
        d.name,
        d.source,
        d.dryRun ? `${d.effect} (dry run)` : d.effect,
        d.reason,
        d.rule ?? '-',
        d.severity ?? '-',
      ]),
    ),
    `${decisions.length} decision(s): ${decisions.length - denied} allowed, ${denied} denied`,
  ].join('\n');
}
