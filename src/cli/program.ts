import { Command, CommanderError } from 'commander';

import { CharterError } from '../shared/errors.js';
import { registerBenchCommand } from './bench-command.js';
import { registerCharterCommands } from './charter-command.js';
import { registerAuditCommands } from './audit-command.js';
import { registerCheckCommand } from './check-command.js';
import { registerCommitteeCommands } from './committee-command.js';
import { registerIngestCommand } from './ingest-command.js';
import { registerMapekCommand } from './mapek-command.js';
import { registerInvestigationCommands } from './investigations-command.js';
import { registerMigrateCommand } from './migrate-command.js';
import { registerOverrideCommands } from './overrides-command.js';
import { registerReportCommands } from './report-command.js';
import { registerRightsCommands } from './rights-command.js';
import { registerServeCommand } from './serve-command.js';
import { registerServiceCharterCommands } from './service-charter-command.js';
import { registerSubmitCommand } from './submit-command.js';
import { registerTokenCommands } from './token-command.js';
import { registerViolationCommands } from './violations-command.js';
import { processIo, type CliIo, type ExitCode } from './io.js';

/** Builds the `charter` program; commands report their exit code through `setExit`. */
export function createProgram(io: CliIo, setExit: (code: ExitCode) => void): Command {
  const program = new Command('charter')
    .description('Westworld Charter: enforce the Anti-Delos data-rights charter')
    .exitOverride()
    .configureOutput({ writeOut: (s) => io.out(s), writeErr: (s) => io.err(s) })
    .showHelpAfterError();

  registerCharterCommands(program, io, setExit);
  registerCheckCommand(program, io, setExit);
  registerMigrateCommand(program, io);
  registerAuditCommands(program, io, setExit);
  registerIngestCommand(program, io, setExit);
  registerBenchCommand(program, io);
  registerServeCommand(program, io);
  registerTokenCommands(program, io);
  registerMapekCommand(program, io);
  // Over HTTP (--url, --token or CHARTER_URL, CHARTER_TOKEN).
  registerServiceCharterCommands(program, io);
  registerSubmitCommand(program, io, setExit);
  registerViolationCommands(program, io);
  registerInvestigationCommands(program, io);
  registerCommitteeCommands(program, io);
  registerOverrideCommands(program, io);
  registerRightsCommands(program, io);
  registerReportCommands(program, io);
  return program;
}

/**
 * Runs the CLI and returns the exit code. Errors print their code and hint;
 * only unexpected errors print a stack.
 */
export async function runCli(argv: string[], io: CliIo = processIo): Promise<number> {
  let exit: ExitCode = 0;
  const program = createProgram(io, (code) => {
    exit = code;
  });
  try {
    await program.parseAsync(argv);
    return exit;
  } catch (error) {
    if (error instanceof CommanderError) {
      return error.exitCode === 0 ? 0 : 2;
    }
    if (error instanceof CharterError) {
      io.err(`error[${error.code}]: ${error.message}`);
      if (error.hint !== undefined) io.err(`hint: ${error.hint}`);
      return 2;
    }
    io.err(
      `error[internal]: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`,
    );
    return 2;
  }
}
