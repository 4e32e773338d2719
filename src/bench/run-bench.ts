import { runDecideBench, type DecideRow, type PeerRow } from './decide-bench.js';
import { runHttpBench, type HttpReport } from './http-bench.js';
import { runIngestBench, type IngestRow } from './ingest-bench.js';
import { runLoadBench, type LoadRow } from './load-bench.js';
import { runServiceBench, type ServiceReport } from './service-bench.js';

/** The suites `charter bench` knows. */
export const BENCH_SUITES = ['decide', 'load', 'ingest', 'http', 'service'] as const;
export type BenchSuite = (typeof BENCH_SUITES)[number];

/** Everything one bench run measured, in the published JSON shape. */
export interface BenchReport {
  node: string;
  started_at: string;
  decide: DecideRow[];
  peer_cedar: PeerRow[];
  load: LoadRow[];
  ingest: IngestRow[];
  http: HttpReport | null;
  service: ServiceReport | null;
  targets: { name: string; target: string; measured: string; met: boolean }[];
}

export interface BenchOptions {
  suites: readonly BenchSuite[];
  /** Shorter runs, for a quick look; the targets are judged on full runs. */
  quick: boolean;
  /** Charter sizes to measure; the targets need 1,000 and 10,000. */
  ruleCounts?: readonly number[];
}

/** The charter sizes SPEC §11 and the issue ask for. */
export const DEFAULT_RULE_COUNTS: readonly number[] = [10, 1_000, 10_000];

/** Runs the chosen suites and judges the results against SPEC §11's targets. */
export async function runBench(opts: BenchOptions): Promise<BenchReport> {
  const report: BenchReport = {
    node: process.version,
    started_at: new Date().toISOString(),
    decide: [],
    peer_cedar: [],
    load: [],
    ingest: [],
    http: null,
    service: null,
    targets: [],
  };
  const ruleCounts = [...(opts.ruleCounts ?? DEFAULT_RULE_COUNTS)];

  if (opts.suites.includes('decide')) {
    const { decide, peer } = runDecideBench({
      ruleCounts,
      samples: opts.quick ? 20_000 : 200_000,
      peerSamples: opts.quick ? 200 : 2_000,
      peerBudgetMs: opts.quick ? 500 : 2_500,
      throughputMs: opts.quick ? 200 : 1_000,
    });
    report.decide = decide;
    report.peer_cedar = peer;
    const at1k = decide.filter((r) => r.rules === 1_000);
    if (at1k.length > 0) {
      const worst = Math.max(...at1k.map((r) => r.p99_ns));
      report.targets.push({
        name: 'decision p99, 1,000 rules (every name set)',
        target: '<= 1000 ns',
        measured: `${worst} ns`,
        met: worst <= 1_000,
      });
    }
  }

  if (opts.suites.includes('load')) {
    report.load = runLoadBench(ruleCounts, opts.quick ? 3 : 10);
    const at10k = report.load.find((r) => r.rules === 10_000);
    if (at10k) {
      report.targets.push({
        name: 'charter load, 10,000 rules (median)',
        target: '<= 100 ms',
        measured: `${at10k.ms} ms`,
        met: at10k.ms <= 100,
      });
    }
  }
  if (opts.suites.includes('ingest')) {
    report.ingest = await runIngestBench(opts.quick ? 5_000 : 30_000);
    const sqlite = report.ingest.find((r) => r.store === 'sqlite');
    if (sqlite) {
      report.targets.push({
        name: 'violation ingest, SQLite, acknowledged after commit',
        target: '>= 5000/s, nothing lost',
        measured: `${sqlite.per_s}/s, ${sqlite.stored} of ${sqlite.reports} stored, ${sqlite.audited} audited`,
        met:
          sqlite.per_s >= 5_000 &&
          sqlite.stored === sqlite.reports &&
          sqlite.audited === sqlite.reports,
      });
    }
  }
  if (opts.suites.includes('http')) {
    report.http = await runHttpBench(opts.quick);
    judgeHttp(report);
  }
  if (opts.suites.includes('service')) {
    report.service = await runServiceBench(opts.quick);
    judgeService(report);
  }
  return report;
}

/** SPEC §11's latencies of the running service: notifications, revocations, scrapes. */
function judgeService(report: BenchReport): void {
  const s = report.service;
  if (s === null) return;
  report.targets.push(
    {
      name: 'committee notification p99 (queued to accepted)',
      target: '<= 100 ms',
      measured: `${s.notification.p99_ms} ms over ${s.notification.notifications}`,
      met: s.notification.p99_ms <= 100,
    },
    {
      name: 'revocation in force p99 (request to denied)',
      target: '<= 1000 ms',
      measured: `${s.revocation.p99_ms} ms over ${s.revocation.revocations}`,
      met: s.revocation.p99_ms <= 1_000,
    },
  );
}

/** SPEC §11's HTTP targets: sustained ingest, p99 at 1,000/s, nothing lost. */
function judgeHttp(report: BenchReport): void {
  const http = report.http;
  if (http === null) return;
  const sustained = http.rows.find((r) => r.endpoint === 'violations' && r.offered === 'max');
  const paced = http.rows.find((r) => r.endpoint === 'violations' && r.offered === 1_000);
  if (sustained) {
    report.targets.push({
      name: 'violation ingest over HTTP, SQLite, sustained',
      target: '>= 5000/s',
      measured: `${sustained.items_per_s}/s`,
      met: sustained.items_per_s >= 5_000,
    });
  }
  if (paced) {
    report.targets.push({
      name: 'violation report over HTTP at 1,000/s, p99',
      target: '<= 50 ms',
      measured: `${paced.p99_ms} ms`,
      met: paced.p99_ms <= 50,
    });
  }
  report.targets.push({
    name: 'GET /metrics with 10,000 series, median',
    target: '<= 20 ms',
    measured: `${http.scrape.p50_ms} ms (p99 ${http.scrape.p99_ms} ms) for ${http.scrape.series} series`,
    met: http.scrape.p50_ms <= 20 && http.scrape.series >= 10_000,
  });
  report.targets.push({
    name: 'store holds exactly the acknowledged violations',
    target: 'stored = acknowledged',
    measured: `${http.stored} stored, ${http.acknowledged} acknowledged`,
    met: http.stored === http.acknowledged,
  });
}
