import type { Command } from 'commander';

import type { AuditReport, TransparencyReport } from '../governance/reports.js';
import { parsePeriod } from './client/arg-parsers.js';
import {
  clientFrom,
  groupOf,
  withClientOptions,
  type ClientOptions,
} from './client/client-options.js';
import { formatReport } from './format/report-format.js';
import { emit, type CliIo } from './io.js';

type PeriodOptions = ClientOptions & { from?: string; to?: string; quarter?: string };

/**
 * `charter report audit|transparency`, over HTTP. Without a period the
 * service reports the current calendar quarter (UTC).
 */
export function registerReportCommands(program: Command, io: CliIo): void {
  const group = groupOf(program, 'report', 'Audit and transparency reports');
  const withPeriod = (c: Command) =>
    withClientOptions(c)
      .option('--from <date>', 'period start, included (with --to)')
      .option('--to <date>', 'period end, excluded (with --from)')
      .option('--quarter <YYYYQn>', 'a calendar quarter (UTC), e.g. 2026Q3');

  withPeriod(group.command('audit'))
    .description("The committee's audit report: counts, penalties, recommendations, details")
    .action(async (opts: PeriodOptions) => {
      const report = await clientFrom(opts).get<AuditReport>(
        '/v1/reports/audit',
        parsePeriod(opts) ?? {},
      );
      emit(io, opts.output, report, formatReport);
    });

  withPeriod(group.command('transparency'))
    .description('The public transparency report (no token needed, no personal data)')
    .action(async (opts: PeriodOptions) => {
      const report = await clientFrom(opts).get<TransparencyReport>(
        '/v1/public/transparency',
        parsePeriod(opts) ?? {},
      );
      emit(io, opts.output, report, formatReport);
    });
}
