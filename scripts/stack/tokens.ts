// Bearer tokens for the local stack, minted by the real CLI against the
// service's data directory, as an operator would (`charter token create`).
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

import { startProcess } from './processes.js';

let minted = 0;

/**
 * Runs `charter token create` for `principal` with `role` and returns the
 * token. Each call logs to its own file, so calls may run side by side.
 * Throws with the CLI's output when it exits non-zero.
 */
export async function createToken(o: {
  root: string;
  dataDir: string;
  logDir: string;
  principal: string;
  role: string;
}): Promise<string> {
  const args = ['dist/src/main.js', 'token', 'create', '--data', o.dataDir];
  args.push('--role', o.role, '--principal', o.principal, '--output', 'json');
  minted += 1;
  const out = join(o.logDir, `token-create-${minted}.log`);
  const proc = startProcess('token-create', process.execPath, args, out, o.root);
  const code = await proc.exited;
  const text = readFileSync(out, 'utf8');
  if (code !== 0) throw new Error(`charter token create exited ${code}: ${text}`);
  return (JSON.parse(text.slice(text.indexOf('{'))) as { token: string }).token;
}
