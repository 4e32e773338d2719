import { runCli } from '../src/cli/program.js';

/** What one CLI run printed and how it exited. */
export interface CliRun {
  code: number;
  out: string;
  err: string;
}

/** Runs the `charter` CLI in process with captured output. */
export async function charter(...args: string[]): Promise<CliRun> {
  let out = '';
  let err = '';
  const code = await runCli(['node', 'charter', ...args], {
    out: (text) => (out += text.endsWith('\n') ? text : `${text}\n`),
    err: (text) => (err += text.endsWith('\n') ? text : `${text}\n`),
  });
  return { code, out, err };
}
