import { randomBytes } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import pg from 'pg';

import { generateAuditKeyPair, loadAuditSigner } from '../audit/signer.js';
import { compileCharter } from '../charter/index.js';
import { testCharterDocument } from '../charter/test-charter.js';
import { createViolationIngest } from '../governance/ingest.js';
import type { ViolationReport } from '../governance/violations.js';
import { systemClock } from '../shared/clock.js';
import { createPostgresStore } from '../store/postgres/create-postgres-store.js';
import { createSqliteStore } from '../store/sqlite/create-sqlite-store.js';
import type { Store } from '../store/store.js';
import { quantile } from './stats.js';

export interface IngestRow {
  store: 'sqlite' | 'postgres';
  reports: number;
  /** Violations stored (with their audit entries) per second, acknowledged after commit. */
  per_s: number;
  /** Submit to acknowledgement, per report. */
  p50_ms: number;
  p99_ms: number;
  /** Acknowledged reports found in the store afterwards, by key; must equal `reports`. */
  stored: number;
  /** Audit entries in the store afterwards: one per stored report. */
  audited: number;
  error?: string;
}

/** The PostgreSQL the bench uses: CHARTER_BENCH_PG_URL, else the local test database. */
export const BENCH_PG_URL =
  process.env.CHARTER_BENCH_PG_URL ?? 'postgres://postgres@127.0.0.1:5432/test';

/** Keys per lookup when counting what was stored: well under SQLite's parameter limit. */
const LOOKUP_CHUNK = 500;

const report = (i: number): ViolationReport => ({
  type: 'data_extraction',
  source: `node-${i % 50}`,
  reporter: 'bench',
  evidence: [{ kind: 'reference', value: `ticket:BENCH-${i}` }],
  idempotencyKey: `bench-${String(i).padStart(9, '0')}`,
});

/** Submits `reports` reports as fast as the intake takes them and times the acknowledgements. */
async function measure(
  store: Store,
  kind: IngestRow['store'],
  reports: number,
): Promise<IngestRow> {
  const charter = compileCharter(testCharterDocument());
  const ingest = createViolationIngest(
    { store, clock: systemClock, charter: () => charter },
    { maxBatch: 1_000 },
  );
  const latencies = new Float64Array(reports);
  const start = performance.now();
  const acks: Promise<unknown>[] = [];
  for (let i = 0; i < reports; i++) {
    const submitted = performance.now();
    acks.push(ingest.submit(report(i)).then(() => (latencies[i] = performance.now() - submitted)));
    // Like a client pool with a bounded number of requests in flight.
    if (ingest.pending() >= 5_000) await ingest.flush();
  }
  await Promise.all(acks);
  const seconds = (performance.now() - start) / 1000;
  await ingest.close();
  latencies.sort();
  const round = (ms: number) => Math.round(ms * 100) / 100;
  return {
    store: kind,
    reports,
    per_s: Math.round(reports / seconds),
    p50_ms: round(quantile(latencies, 0.5)),
    p99_ms: round(quantile(latencies, 0.99)),
    stored: await countStored(store, reports),
    audited: await store.audit.count(),
  };
}

/** How many of the `reports` bench reports the store holds, looked up by key. */
async function countStored(store: Store, reports: number): Promise<number> {
  let found = 0;
  for (let from = 0; from < reports; from += LOOKUP_CHUNK) {
    const to = Math.min(reports, from + LOOKUP_CHUNK);
    const keys = Array.from({ length: to - from }, (_, i) => report(from + i).idempotencyKey!);
    found += (await store.violations.findByIdempotencyKeys(keys)).length;
  }
  return found;
}

/** Violation intake on a fresh SQLite file and a fresh PostgreSQL schema. */
export async function runIngestBench(reports: number): Promise<IngestRow[]> {
  const signer = loadAuditSigner(generateAuditKeyPair().privateKeyPem);
  const rows: IngestRow[] = [];

  const dir = await mkdtemp(join(tmpdir(), 'charter-bench-'));
  try {
    const store = await createSqliteStore({ file: join(dir, 'bench.db'), signer });
    try {
      rows.push(await measure(store, 'sqlite', reports));
    } finally {
      await store.close();
    }
  } finally {
    await rm(dir, { recursive: true, force: true });
  }

  const schema = `charter_bench_${randomBytes(4).toString('hex')}`;
  try {
    const store = await createPostgresStore({ connectionString: BENCH_PG_URL, schema, signer });
    try {
      rows.push(await measure(store, 'postgres', reports));
    } finally {
      await store.close();
    }
  } catch (error) {
    rows.push({
      store: 'postgres',
      reports,
      per_s: 0,
      p50_ms: 0,
      p99_ms: 0,
      stored: 0,
      audited: 0,
      error: (error as Error).message,
    });
  } finally {
    const client = new pg.Client({ connectionString: BENCH_PG_URL });
    await client
      .connect()
      .then(() => client.query(`DROP SCHEMA IF EXISTS ${schema} CASCADE`))
      .catch(() => undefined)
      .finally(() => client.end().catch(() => undefined));
  }
  return rows;
}
