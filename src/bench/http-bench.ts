import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';

import autocannon from 'autocannon';

import { openStore } from '../app/open-store.js';
import { createToken } from '../http/tokens.js';
import { systemClock } from '../shared/clock.js';
import { quantile } from './stats.js';

/** One load-generator run against a real `charter serve` process. */
export interface HttpRow {
  /** `validate` (batches through POST /v1/validate) or `violations` (POST /v1/violations). */
  endpoint: 'validate' | 'violations';
  /** `max` drives as hard as the connections allow; a number is a fixed offered rate. */
  offered: 'max' | number;
  connections: number;
  seconds: number;
  requests_per_s: number;
  /** Decisions or violations per second (a validate request carries a batch). */
  items_per_s: number;
  p50_ms: number;
  p99_ms: number;
  non_2xx: number;
  errors: number;
}

/** GET /metrics as Prometheus sees it: from another process, with ~10,000 series. */
export interface ScrapeRow {
  series: number;
  scrapes: number;
  p50_ms: number;
  p99_ms: number;
}

/** The HTTP runs and the count check that nothing acknowledged was lost. */
export interface HttpReport {
  rows: HttpRow[];
  scrape: ScrapeRow;
  /** Violations acknowledged (2xx) across the runs. */
  acknowledged: number;
  /** Violations found in the store after the service stopped. */
  stored: number;
}

const ENTRY = new URL('../main.js', import.meta.url).pathname;
const CHARTER = new URL('../../../charters/development.yaml', import.meta.url).pathname;
const BATCH = 100;
const KEY_PREFIX = 'http-bench-';

// A mixed batch: allowed, forbidden and unlisted names from one monitoring service.
const BATCH_BODY = JSON.stringify({
  metrics: Array.from({ length: BATCH }, (_, i) => ({
    name: ['latency_p99', 'cpu_usage_percent', 'user_location', 'gps_fix'][i % 4],
    source: 'bench-monitor',
    value: i,
    labels: { region: 'eu-1' },
  })),
});

/**
 * Starts `charter serve` on a fresh SQLite data directory, drives it with
 * autocannon (a real load generator, in this process, over loopback), stops
 * it with SIGTERM and counts what the store kept.
 */
export async function runHttpBench(quick: boolean): Promise<HttpReport> {
  const seconds = quick ? 2 : 5;
  // Violation runs send a fixed number of requests, so that every request
  // sent is also answered and counted: a timed run cuts off answers in flight.
  const amounts = { max: quick ? 8_000 : 30_000, paced: quick ? 2_000 : 5_000 };
  const dir = await mkdtemp(join(tmpdir(), 'charter-http-bench-'));
  try {
    const token = await createTokens(dir);
    const server = await startServer(dir);
    const rows: HttpRow[] = [];
    let acknowledged = 0;
    let scrape: ScrapeRow;
    try {
      rows.push(await validateRun(server.url, token, seconds));
      let next = 0;
      for (const offered of ['max', 1_000] as const) {
        const amount = offered === 'max' ? amounts.max : amounts.paced;
        const { row, ok } = await violationRun(server.url, token, amount, offered, () => next++);
        rows.push(row);
        acknowledged += ok;
      }
      scrape = await scrapeRun(server.url, quick ? 20 : 50);
    } finally {
      await stopServer(server.child);
    }
    return { rows, scrape, acknowledged, stored: await countViolations(dir) };
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

/** Nodes registered before the start: each brings its series, ~10,000 in all. */
const REGISTERED_NODES = 190;

/** The monitoring token the runs use, and node tokens for the scrape's series. */
async function createTokens(dir: string): Promise<string> {
  const { store } = await openStore({ dataDir: dir });
  try {
    for (let i = 0; i < REGISTERED_NODES; i++) {
      const principal = `bench-node-${i}`;
      await createToken(store, systemClock, { principal, role: 'node_operator', actor: 'bench' });
    }
    const made = await createToken(store, systemClock, {
      principal: 'bench-monitor',
      role: 'monitoring_service',
      actor: 'bench',
    });
    return made.token;
  } finally {
    await store.close();
  }
}

async function countViolations(dir: string): Promise<number> {
  const { store } = await openStore({ dataDir: dir });
  try {
    // The bench's own reports: escalations from the validate run add violations too.
    const all = await store.violations.inPeriod({ fromMs: 0, toMs: Number.MAX_SAFE_INTEGER });
    return all.filter((v) => v.idempotencyKey?.startsWith(KEY_PREFIX) === true).length;
  } finally {
    await store.close();
  }
}

async function startServer(dir: string): Promise<{ child: ChildProcess; url: string }> {
  const child = spawn(
    process.execPath,
    [ENTRY, 'serve', '--data', dir, '--charter', CHARTER, '--listen', '127.0.0.1:0'],
    { stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, CHARTER_LOG_LEVEL: 'info' } },
  );
  const lines = createInterface({ input: child.stdout });
  const failed = once(child, 'exit').then(([code]) => {
    throw new Error(`charter serve exited with ${String(code)} before listening`);
  });
  const listening = (async () => {
    for await (const line of lines) {
      const url = /"url":"(http:\/\/127\.0\.0\.1:\d+)"/.exec(line)?.[1];
      if (url !== undefined) return url;
    }
    throw new Error('charter serve closed its output before listening');
  })();
  const url = await Promise.race([listening, failed]);
  lines.close();
  child.stdout.resume();
  child.stderr.resume();
  return { child, url };
}

async function stopServer(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null) return;
  const exited = once(child, 'exit');
  child.kill('SIGTERM');
  await exited;
}

async function validateRun(url: string, token: string, seconds: number): Promise<HttpRow> {
  const result = await autocannon({
    url: `${url}/v1/validate`,
    method: 'POST',
    connections: 16,
    duration: seconds,
    sampleInt: 50,
    headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
    body: BATCH_BODY,
  });
  return rowOf('validate', 'max', result, BATCH);
}

async function violationRun(
  url: string,
  token: string,
  amount: number,
  offered: 'max' | number,
  nextId: () => number,
): Promise<{ row: HttpRow; ok: number }> {
  const result = await autocannon({
    url: `${url}/v1/violations`,
    method: 'POST',
    connections: offered === 'max' ? 256 : 16,
    amount,
    // The default 1 s sample interval is also when a run notices it is done:
    // a fixed amount would be timed to the next whole second.
    sampleInt: 50,
    ...(offered === 'max' ? {} : { overallRate: offered }),
    headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
    requests: [
      {
        method: 'POST',
        setupRequest: (request) => {
          const i = nextId();
          return {
            ...request,
            body: JSON.stringify({
              type: 'data_extraction',
              source: `node-${i % 50}`,
              evidence: [{ kind: 'reference', value: `ticket:HTTP-${i}` }],
              idempotency_key: `${KEY_PREFIX}${String(i).padStart(9, '0')}`,
            }),
          };
        },
      },
    ],
  });
  return { row: rowOf('violations', offered, result, 1), ok: result['2xx'] };
}

function rowOf(
  endpoint: HttpRow['endpoint'],
  offered: HttpRow['offered'],
  result: autocannon.Result,
  perRequest: number,
): HttpRow {
  const ok = result['2xx'];
  return {
    endpoint,
    offered,
    connections: result.connections,
    seconds: result.duration,
    requests_per_s: Math.round(ok / result.duration),
    items_per_s: Math.round((ok * perRequest) / result.duration),
    p50_ms: result.latency.p50,
    p99_ms: result.latency.p99,
    non_2xx: result.non2xx,
    errors: result.errors,
  };
}

/** Times GET /metrics from this process, one scrape at a time, as Prometheus would. */
async function scrapeRun(url: string, scrapes: number): Promise<ScrapeRow> {
  const read = async () => (await fetch(`${url}/metrics`)).text();
  const series = (await read()).split('\n').filter((l) => l !== '' && !l.startsWith('#')).length;
  for (let i = 0; i < 5; i++) await read(); // warm, as a server scraped every 15 s is
  const times: number[] = [];
  for (let i = 0; i < scrapes; i++) {
    const started = performance.now();
    await read();
    times.push(performance.now() - started);
  }
  times.sort((a, b) => a - b);
  const at = (q: number) => Math.round(quantile(times, q) * 100) / 100;
  return { series, scrapes, p50_ms: at(0.5), p99_ms: at(0.99) };
}
