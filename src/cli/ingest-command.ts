import { createInterface } from 'node:readline';

import type { Command } from 'commander';

import { readCharterFile } from '../app/charter-file.js';
import { compileCharter } from '../charter/index.js';
import { createViolationIngest } from '../governance/ingest.js';
import { parseViolationReport } from '../governance/report-schema.js';
import { systemClock } from '../shared/clock.js';
import { CharterError } from '../shared/errors.js';
import type { CliIo, ExitCode } from './io.js';
import { openStoreFrom, withStoreOptions, type StoreOptions } from './store-options.js';

/**
 * `charter violations ingest`: stores violation reports read as JSON Lines from
 * standard input, group-committed, printing one JSON line per report once it is
 * committed (`{"line":3,"id":"vio_…","created":true}`) or refused
 * (`{"line":4,"error":"report_invalid","message":"…"}`). A report whose line
 * was printed as stored is durable, whatever happens to the process next.
 */
export function registerIngestCommand(
  program: Command,
  io: CliIo,
  setExit: (code: ExitCode) => void,
): void {
  const violations =
    program.commands.find((c) => c.name() === 'violations') ??
    program.command('violations').description('Violation reports');

  withStoreOptions(violations.command('ingest'))
    .description('Store violation reports read as JSON Lines from standard input')
    .option(
      '--charter <file>',
      'charter in force (severities, policy id)',
      'charters/development.yaml',
    )
    .option('--reporter <id>', 'principal recorded as the reporter', 'cli')
    .action(async (opts: StoreOptions & { charter: string; reporter: string }) => {
      const charter = compileCharter(await readCharterFile(opts.charter));
      const opened = await openStoreFrom(opts);
      const ingest = createViolationIngest({
        store: opened.store,
        clock: systemClock,
        charter: () => charter,
      });
      let refused = 0;
      let line = 0;

      for await (const text of createInterface({ input: process.stdin, crlfDelay: Infinity })) {
        line += 1;
        if (text.trim() === '') continue;
        const at = line;
        const refuse = (error: unknown) => {
          refused += 1;
          const code = error instanceof CharterError ? error.code : 'internal';
          io.out(JSON.stringify({ line: at, error: code, message: (error as Error).message }));
        };
        try {
          const report = parseViolationReport(JSON.parse(text), opts.reporter);
          void ingest.submit(report).then(
            (o) =>
              io.out(
                JSON.stringify({
                  line: at,
                  id: o.violation.id,
                  key: o.violation.idempotencyKey,
                  created: o.created,
                }),
              ),
            refuse,
          );
          // Back-pressure: stop reading while a few batches wait to commit.
          if (ingest.pending() >= 5_000) await ingest.flush();
        } catch (error) {
          refuse(
            error instanceof SyntaxError
              ? new CharterError('report_invalid', `line ${at} is not JSON: ${error.message}`)
              : error,
          );
        }
      }
      await ingest.close();
      await opened.store.close();
      setExit(refused === 0 ? 0 : 1);
    });
}
