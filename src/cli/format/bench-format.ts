import type { BenchReport } from '../../bench/run-bench.js';
import { table } from '../io.js';

const n = (v: number) => v.toLocaleString('en-US');

/** The bench report as tables a person reads before the JSON. */
export function formatBench(report: BenchReport): string {
  const parts = [`Westworld Charter benchmark — node ${report.node}, ${report.started_at}`];
  if (report.decide.length > 0) {
    parts.push(
      '',
      'Decisions (in process; per-call latency, timer cost subtracted)',
      table(
        [
          'rules',
          'names',
          'p50 ns',
          'p99 ns',
          'p999 ns',
          'decisions/s',
          'cedar p50 ns',
          'cedar p99 ns',
          'cedar/ours p99',
        ],
        report.decide.map((row) => {
          const peer = report.peer_cedar.find(
            (p) => p.rules === row.rules && p.names === row.names,
          );
          return [
            n(row.rules),
            row.names,
            n(row.p50_ns),
            n(row.p99_ns),
            n(row.p999_ns),
            n(row.ops_per_s),
            peer ? n(peer.p50_ns) : '-',
            peer ? n(peer.p99_ns) : '-',
            peer ? `${peer.ratio_p99}x` : '-',
          ];
        }),
      ),
    );
  }
  if (report.load.length > 0) {
    parts.push(
      '',
      'Charter load (YAML text to decision table)',
      table(
        ['rules', 'median ms', 'max ms', 'runs'],
        report.load.map((r) => [n(r.rules), String(r.ms), String(r.max_ms), String(r.runs)]),
      ),
    );
  }
  if (report.ingest.length > 0) {
    parts.push(
      '',
      'Violation ingest (group commit, each report acknowledged after its commit)',
      table(
        ['store', 'reports', 'stored', 'audited', 'per second', 'p50 ms', 'p99 ms', 'error'],
        report.ingest.map((r) => [
          r.store,
          n(r.reports),
          n(r.stored),
          n(r.audited),
          n(r.per_s),
          String(r.p50_ms),
          String(r.p99_ms),
          r.error ?? '',
        ]),
      ),
    );
  }
  if (report.http !== null) {
    parts.push(
      '',
      'HTTP (charter serve on SQLite, autocannon over loopback)',
      table(
        [
          'endpoint',
          'offered',
          'conns',
          'req/s',
          'items/s',
          'p50 ms',
          'p99 ms',
          'non-2xx',
          'errors',
        ],
        report.http.rows.map((r) => [
          r.endpoint,
          r.offered === 'max' ? 'max' : `${n(r.offered)}/s`,
          String(r.connections),
          n(r.requests_per_s),
          n(r.items_per_s),
          String(r.p50_ms),
          String(r.p99_ms),
          n(r.non_2xx),
          n(r.errors),
        ]),
      ),
      `violations acknowledged ${n(report.http.acknowledged)}, stored ${n(report.http.stored)}`,
      `GET /metrics with ${n(report.http.scrape.series)} series: p50 ${report.http.scrape.p50_ms} ms, p99 ${report.http.scrape.p99_ms} ms over ${report.http.scrape.scrapes} scrapes`,
    );
  }
  if (report.service !== null) {
    const { notification: no, revocation: rv } = report.service;
    parts.push(
      '',
      'Service (in process, SQLite, a local webhook as the committee channel)',
      table(
        ['measured', 'count', 'p50 ms', 'p99 ms'],
        [
          [
            'committee notification, queued to accepted',
            n(no.notifications),
            String(no.p50_ms),
            String(no.p99_ms),
          ],
          [
            'revocation, requested to in force',
            n(rv.revocations),
            String(rv.p50_ms),
            String(rv.p99_ms),
          ],
        ],
      ),
    );
  }
  if (report.targets.length > 0) {
    parts.push(
      '',
      'Targets (SPEC §11)',
      table(
        ['target', 'wanted', 'measured', 'met'],
        report.targets.map((t) => [t.name, t.target, t.measured, t.met ? 'yes' : 'NO']),
      ),
    );
  }
  return parts.join('\n');
}
