// Readiness checks of the local stack. Each one also proves that the server
// answering is the one we started (our token, our storage path, our secrets),
// not another process that happens to hold the port.
import { existsSync, readFileSync } from 'node:fs';

import { waitUntil, type ManagedProcess } from './processes.js';

async function getJson(url: string, headers: Record<string, string> = {}): Promise<unknown> {
  const response = await fetch(url, { headers });
  if (!response.ok) throw new Error(`GET ${url} answered ${response.status}`);
  return response.json();
}

function exitedEarly(proc: ManagedProcess): Promise<never> {
  return proc.exited.then((code) => {
    throw new Error(`${proc.name} exited with code ${code} before it was ready`);
  });
}

const READY_MS = 30_000;

/** Waits for the service's admin token, then for it to accept that token. */
export async function waitForService(
  url: string,
  tokenFile: string,
  proc: ManagedProcess | undefined,
): Promise<string> {
  const ready = waitUntil(
    `the service at ${url}`,
    async () => {
      if (!existsSync(tokenFile)) return undefined;
      const token = readFileSync(tokenFile, 'utf8').trim();
      await getJson(`${url}/v1/charter`, { authorization: `Bearer ${token}` });
      return token;
    },
    READY_MS,
  );
  // An in-process service has no process of its own to watch.
  return proc === undefined ? ready : Promise.race([ready, exitedEarly(proc)]);
}

/** Waits for Prometheus to be ready with our TSDB path. */
export async function waitForPrometheus(
  url: string,
  tsdbPath: string,
  proc: ManagedProcess,
): Promise<void> {
  const ready = waitUntil(
    `Prometheus at ${url}`,
    async () => {
      const flags = (await getJson(`${url}/api/v1/status/flags`)) as {
        data: Record<string, string>;
      };
      if (flags.data['storage.tsdb.path'] !== tsdbPath) {
        throw new Error(`another Prometheus answers at ${url}`);
      }
      await fetch(`${url}/-/ready`).then((r) =>
        r.ok ? true : Promise.reject(new Error('not ready')),
      );
      return true;
    },
    READY_MS,
  );
  await Promise.race([ready, exitedEarly(proc)]);
}

/** Waits for Alertmanager to be ready with a configuration naming our secrets. */
export async function waitForAlertmanager(
  url: string,
  secretsDir: string,
  proc: ManagedProcess,
): Promise<void> {
  const ready = waitUntil(
    `Alertmanager at ${url}`,
    async () => {
      const status = (await getJson(`${url}/api/v2/status`)) as { config: { original: string } };
      if (!status.config.original.includes(secretsDir)) {
        throw new Error(`another Alertmanager answers at ${url}`);
      }
      return true;
    },
    READY_MS,
  );
  await Promise.race([ready, exitedEarly(proc)]);
}
