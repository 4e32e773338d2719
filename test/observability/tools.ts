import { spawnSync } from 'node:child_process';

/** What a command-line tool printed and how it exited. */
export interface ToolRun {
  code: number;
  stdout: string;
  stderr: string;
  /** stdout and stderr together, for assertion messages. */
  output: string;
}

/**
 * Runs `command args…` in `cwd` and returns its output. A missing binary is
 * an error, never a skip: CI installs promtool and amtool
 * (scripts/install-system-deps.sh), and a suite that passed without them
 * would prove nothing.
 */
export function runTool(command: string, args: string[], cwd = '.'): ToolRun {
  const run = spawnSync(command, args, { cwd, encoding: 'utf8', timeout: 60_000 });
  if (run.error !== undefined) {
    const missing = (run.error as NodeJS.ErrnoException).code === 'ENOENT';
    const hint = missing ? ' (not installed? run `bash scripts/install-system-deps.sh`)' : '';
    throw new Error(`Cannot run "${command}"${hint}: ${run.error.message}`);
  }
  const stdout = run.stdout;
  const stderr = run.stderr;
  return { code: run.status ?? -1, stdout, stderr, output: `${stdout}${stderr}` };
}
