// Child processes of the local stack: started with their output in log files,
// stopped by PID, and killed if this process exits or is interrupted first.
import { spawn, type ChildProcess } from 'node:child_process';
import { openSync, closeSync } from 'node:fs';
import { createServer, type AddressInfo } from 'node:net';

/** A started child process; `stop()` sends SIGTERM, then SIGKILL after `graceMs`. */
export interface ManagedProcess {
  name: string;
  pid: number;
  logFile: string;
  exited: Promise<number | null>;
  stop(graceMs?: number): Promise<void>;
}

const running = new Set<ChildProcess>();
let exitGuarded = false;
let signalsGuarded = false;

function killAllNow(): void {
  for (const child of running) child.kill('SIGKILL');
  running.clear();
}

// Children die with us on a normal exit, whatever the caller forgot to stop.
function guardExit(): void {
  if (exitGuarded) return;
  exitGuarded = true;
  process.once('exit', killAllNow);
}

/**
 * Kills every running child on SIGINT/SIGTERM, then raises the signal again
 * (when nobody else handles it) so this process still ends as it was asked to.
 * For callers, such as test runs, that have no graceful shutdown of their own.
 */
export function killChildrenOnSignal(): void {
  if (signalsGuarded) return;
  signalsGuarded = true;
  for (const signal of ['SIGINT', 'SIGTERM'] as const) {
    const onSignal = () => {
      killAllNow();
      if (process.listenerCount(signal) === 0) process.kill(process.pid, signal);
    };
    process.once(signal, onSignal);
  }
}

/** A TCP port free on 127.0.0.1 right now (the kernel picks it). */
export async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', resolve);
  });
  const { port } = server.address() as AddressInfo;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

/** Starts `command args…` with stdout and stderr appended to `logFile`. */
export function startProcess(
  name: string,
  command: string,
  args: string[],
  logFile: string,
  cwd: string,
): ManagedProcess {
  guardExit();
  const fd = openSync(logFile, 'a');
  const child = spawn(command, args, { cwd, stdio: ['ignore', fd, fd] });
  closeSync(fd);
  // Listen before anything can throw: a binary that is not installed emits
  // 'error' on the next tick, and an unheard 'error' would crash the caller.
  const exited = new Promise<number | null>((resolve) => {
    child.once('exit', (code) => {
      running.delete(child);
      resolve(code);
    });
    child.once('error', () => {
      running.delete(child);
      resolve(null);
    });
  });
  if (child.pid === undefined) {
    throw new Error(`Cannot start ${name}: "${command}" did not start (is it installed?)`);
  }
  running.add(child);
  const pid = child.pid;

  const stop = async (graceMs = 10_000) => {
    if (child.exitCode !== null || child.signalCode !== null) return;
    child.kill('SIGTERM');
    const timer = setTimeout(() => child.kill('SIGKILL'), graceMs);
    await exited;
    clearTimeout(timer);
  };
  return { name, pid, logFile, exited, stop };
}

/** Polls `check` every 100 ms until it returns a value other than undefined. */
export async function waitUntil<T>(
  what: string,
  check: () => Promise<T | undefined>,
  timeoutMs: number,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let last: unknown;
  while (Date.now() < deadline) {
    try {
      const value = await check();
      if (value !== undefined) return value;
    } catch (error) {
      last = error;
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  const why = last instanceof Error ? `: ${last.message}` : '';
  throw new Error(`Timed out after ${timeoutMs} ms waiting for ${what}${why}`);
}
