import type { Command } from 'commander';

import { readCharterFile } from '../app/charter-file.js';
import { diffCharters } from '../charter/diff.js';
import { CharterError } from '../shared/errors.js';
import { formatCharter, formatDiff, summarizeCharter } from './format/charter-format.js';
import { emit, parseOutputFormat, type CliIo, type ExitCode, type OutputFormat } from './io.js';

/** `charter charter validate|show|diff`: work on charter files, no server needed. */
export function registerCharterCommands(
  program: Command,
  io: CliIo,
  setExit: (code: ExitCode) => void,
): void {
  const group = program.command('charter').description('Validate, show and compare charter files');

  group
    .command('validate')
    .description('Validate charter files; one summary line each, exit 1 if any is invalid')
    .argument('<files...>', 'charter YAML files')
    .option('--output <format>', 'table or json', parseOutputFormat, 'table' as OutputFormat)
    .action(async (files: string[], opts: { output: OutputFormat }) => {
      const results = [];
      for (const file of files) {
        try {
          results.push({ file, valid: true, ...summarizeCharter(await readCharterFile(file)) });
        } catch (error) {
          if (!(error instanceof CharterError)) throw error;
          results.push({
            file,
            valid: false,
            code: error.code,
            error: error.message,
            hint: error.hint,
          });
        }
      }
      emit(io, opts.output, results, (rows) =>
        rows
          .map((r) =>
            r.valid && 'status' in r
              ? `${r.file}: valid, ${r.id} ${r.version} (${r.environment}, ${r.status}): ${r.allowed} allowed, ${r.forbidden} forbidden, ${r.forbiddenLabels} forbidden labels`
              : `${'error' in r ? r.error : r.file}${'hint' in r && r.hint ? `\n  hint: ${r.hint}` : ''}`,
          )
          .join('\n'),
      );
      setExit(results.every((r) => r.valid) ? 0 : 1);
    });

  group
    .command('show')
    .description('Print a charter for a human')
    .argument('<file>', 'charter YAML file')
    .option('--output <format>', 'table or json', parseOutputFormat, 'table' as OutputFormat)
    .action(async (file: string, opts: { output: OutputFormat }) => {
      emit(io, opts.output, await readCharterFile(file), formatCharter);
    });

  group
    .command('diff')
    .description('List rules and settings added, removed and changed from A to B')
    .argument('<a>', 'the charter before')
    .argument('<b>', 'the charter after')
    .option('--output <format>', 'table or json', parseOutputFormat, 'table' as OutputFormat)
    .action(async (a: string, b: string, opts: { output: OutputFormat }) => {
      const diff = diffCharters(await readCharterFile(a), await readCharterFile(b));
      emit(io, opts.output, diff, formatDiff);
    });
}
