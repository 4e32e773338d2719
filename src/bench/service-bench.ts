import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { pino } from 'pino';

import { startService, type RunningService } from '../app/service.js';
import { quantile } from './stats.js';

const CHARTER = new URL('../../../charters/development.yaml', import.meta.url).pathname;

/** The service's own latencies of SPEC §11, each measured on a running service. */
export interface ServiceReport {
  /** Committee notifications, queued to accepted by a local webhook. */
  notification: { notifications: number; p50_ms: number; p99_ms: number };
  /** Collector revocations, requested to denied by the decision engine. */
  revocation: { revocations: number; p50_ms: number; p99_ms: number; max_ms: number };
}

/**
 * Starts the service in this process on a fresh SQLite store with a local
 * webhook as its notification channel, then measures notification latency
 * (critical violations reported at a steady pace) and revocation latency
 * (collectors revoked one after another).
 */
export async function runServiceBench(quick: boolean): Promise<ServiceReport> {
  const dir = await mkdtemp(join(tmpdir(), 'charter-service-bench-'));
  const hook = await startAcceptingWebhook();
  let service: RunningService | undefined;
  try {
    service = await startService({
      dataDir: dir,
      charterFile: CHARTER,
      host: '127.0.0.1',
      port: 0,
      logger: pino({ level: 'silent' }),
      notifications: { webhookUrls: [hook.url], pollIntervalMs: 1_000 },
    });
    return {
      notification: await notificationLatency(service, quick ? 50 : 200),
      revocation: await revocationLatency(service, quick ? 10 : 40),
    };
  } finally {
    await service?.stop();
    await new Promise<void>((resolve) => hook.server.close(() => resolve()));
    await rm(dir, { recursive: true, force: true });
  }
}

/** Critical violations at 50/s; each is announced to the committee on its own. */
async function notificationLatency(service: RunningService, count: number) {
  for (let i = 0; i < count; i++) {
    await service.governance.violations.report({
      type: 'behavioral_prediction',
      source: `node-${i}`,
      reporter: 'bench',
      evidence: [{ kind: 'reference', value: `bench:notification-${i}` }],
    });
    await sleep(20);
  }
  const deadline = Date.now() + 30_000;
  while ((await service.store.outbox.backlog()).count > 0 && Date.now() < deadline) await sleep(50);
  const rows = await service.store.outbox.list({ pending: false }, { limit: count * 2 });
  const latencies = rows
    .filter((r) => r.deliveredAtMs !== null)
    .map((r) => r.deliveredAtMs! - r.createdAtMs)
    .sort((a, b) => a - b);
  return {
    notifications: latencies.length,
    p50_ms: quantile(latencies, 0.5),
    p99_ms: quantile(latencies, 0.99),
  };
}

/** Collectors revoked one after another, each confirmed in force before the next. */
async function revocationLatency(service: RunningService, count: number) {
  for (let i = 0; i < count; i++) {
    const { id } = await service.governance.revocations.revokeCollector({
      collector: `bench-collector-${i}`,
      reason: 'security_incident',
      requestedBy: 'bench',
    });
    const deadline = Date.now() + 10_000;
    for (;;) {
      const listed = await service.governance.revocations.list({ limit: 1 });
      if (listed[0]?.id === id && listed[0].inForceAtMs !== null) break;
      if (Date.now() > deadline) throw new Error(`Revocation ${id} not in force after 10 s`);
      await sleep(5);
    }
  }
  const all = await service.governance.revocations.list({ limit: count });
  const latencies = all.map((r) => r.latencyMs ?? Number.NaN).sort((a, b) => a - b);
  return {
    revocations: latencies.length,
    p50_ms: quantile(latencies, 0.5),
    p99_ms: quantile(latencies, 0.99),
    max_ms: latencies.at(-1) ?? Number.NaN,
  };
}

/** A webhook on 127.0.0.1 that accepts every delivery at once. */
async function startAcceptingWebhook(): Promise<{ server: Server; url: string }> {
  const server = createServer((request, response) => {
    request.resume();
    request.on('end', () => response.writeHead(202).end());
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return { server, url: `http://127.0.0.1:${port}/committee` };
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
