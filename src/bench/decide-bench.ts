import {
  compileCharter,
  createDecisionEngine,
  type CharterDocument,
  type MetricInput,
} from '../charter/index.js';
import { syntheticCharterDocument } from '../charter/test-charter.js';
import { systemClock } from '../shared/clock.js';
import { createCedarPeer } from './cedar-peer.js';
import { measureTimerOverheadNs, throughput, timeEach } from './stats.js';

/** Which names a decision run asks about. */
export type NameSet = 'allowed' | 'forbidden' | 'unknown' | 'mixed';

export interface DecideRow {
  rules: number;
  names: NameSet;
  samples: number;
  /** Quantiles of the median round (see ROUNDS). */
  p50_ns: number;
  p99_ns: number;
  p999_ns: number;
  /** The highest p99 of any round: how bad a noisy stretch of the run got. */
  p99_worst_round_ns: number;
  ops_per_s: number;
}

export interface PeerRow {
  rules: number;
  names: NameSet;
  samples: number;
  p50_ns: number;
  p99_ns: number;
  ops_per_s: number;
  /** Cedar's latency over the charter's, at the same quantile. */
  ratio_p50: number;
  ratio_p99: number;
}

export interface DecideBenchOptions {
  ruleCounts: number[];
  /** Decisions timed per configuration, split over ROUNDS rounds. */
  samples: number;
  /** Cedar calls timed per configuration at most. */
  peerSamples: number;
  /** Time given to Cedar per configuration; at 10,000 rules a call takes tens of ms. */
  peerBudgetMs: number;
  throughputMs: number;
}

/**
 * Each configuration is timed in rounds, and the round with the median p99
 * is reported (with the worst round beside it): a shared two-core machine has
 * stretches where a neighbour or an interrupt slows everything, and one such
 * stretch should show as a bad round, not decide the whole row.
 */
const ROUNDS = 5;

const NAME_SETS: NameSet[] = ['allowed', 'forbidden', 'unknown', 'mixed'];
/** Distinct inputs cycled through, more than the memo keeps hot per source. */
const INPUTS = 4_096;

/** Names of each set for a charter: exact rules, names its globs match, unknowns. */
export function namesFor(doc: CharterDocument): Record<NameSet, string[]> {
  const concrete = (r: { name?: string; pattern?: string }, i: number) =>
    r.name ?? (r.pattern ?? '').replaceAll('*', `m${i}`).replaceAll('?', 'q');
  const allowed = doc.metrics.allowed.map(concrete);
  const forbidden = doc.metrics.forbidden.map(concrete);
  const unknown = Array.from({ length: 256 }, (_, i) => `unlisted_probe_${i}_total`);
  const mixed = allowed.flatMap((a, i) => [
    a,
    forbidden[i % forbidden.length] ?? a,
    unknown[i % 256] ?? a,
  ]);
  return { allowed, forbidden, unknown, mixed };
}

function inputsOf(names: string[]): MetricInput[] {
  // Sources vary so the attempt tracker sees realistic spread, not one hot key.
  return Array.from({ length: INPUTS }, (_, i) => ({
    name: names[i % names.length] ?? 'latency_p50',
    source: `node-${i % 64}`,
    labels: { region: 'eu-1', interface: 'eth0' },
    value: 12.5,
  }));
}

/**
 * Measures the charter's decisions and, on the same inputs in the same run,
 * Cedar's: per-call latency quantiles and calls per second.
 */
export function runDecideBench(opts: DecideBenchOptions): { decide: DecideRow[]; peer: PeerRow[] } {
  const overheadNs = measureTimerOverheadNs();
  const decideRows: DecideRow[] = [];
  const peerRows: PeerRow[] = [];

  for (const rules of opts.ruleCounts) {
    const doc = syntheticCharterDocument(rules);
    // autoSuspend off: otherwise the measured sources are soon suspended and the
    // run would time the suspended-source shortcut instead of the rules.
    const engine = createDecisionEngine({
      clock: systemClock,
      charter: compileCharter(doc),
      autoSuspend: false,
    });
    const peer = createCedarPeer(doc);
    const sets = namesFor(doc);

    for (const names of NAME_SETS) {
      const inputs = inputsOf(sets[names]);
      const op = (i: number) => void engine.decide(inputs[i % INPUTS]!);
      throughput(op, 200); // warm up the JIT before the measured runs
      const rounds = Array.from({ length: ROUNDS }, () =>
        timeEach(op, Math.ceil(opts.samples / ROUNDS), overheadNs),
      ).sort((a, b) => a.p99_ns - b.p99_ns);
      const median = rounds[Math.floor(ROUNDS / 2)]!;
      const row: DecideRow = {
        rules,
        names,
        samples: median.samples * ROUNDS,
        p50_ns: median.p50_ns,
        p99_ns: median.p99_ns,
        p999_ns: median.p999_ns,
        p99_worst_round_ns: rounds[ROUNDS - 1]!.p99_ns,
        ops_per_s: throughput(op, opts.throughputMs),
      };
      decideRows.push(row);

      const labels = ['region', 'interface'];
      const peerOp = (i: number) => void peer(inputs[i % INPUTS]!.name, labels);
      // Warmed like the charter above, for a fifth of its budget: Cedar's
      // first calls fill its caches and tier up the wasm, and timing them
      // would charge the peer for start-up rather than for deciding.
      const perCallMs = Math.max(0.001, warmUpMs(peerOp, opts.peerBudgetMs / 5));
      const peerSamples = Math.max(
        20,
        Math.min(opts.peerSamples, Math.floor(opts.peerBudgetMs / perCallMs)),
      );
      const peerLatency = timeEach(peerOp, peerSamples, overheadNs);
      peerRows.push({
        rules,
        names,
        samples: peerLatency.samples,
        p50_ns: peerLatency.p50_ns,
        p99_ns: peerLatency.p99_ns,
        ops_per_s: Math.round(1e9 / Math.max(1, peerLatency.p50_ns)),
        ratio_p50: ratio(peerLatency.p50_ns, row.p50_ns),
        ratio_p99: ratio(peerLatency.p99_ns, row.p99_ns),
      });
    }
  }
  return { decide: decideRows, peer: peerRows };
}

/** Calls `op` for about `durationMs` (at least once); the mean ms per call. */
function warmUpMs(op: (i: number) => void, durationMs: number): number {
  const start = performance.now();
  let calls = 0;
  do op(calls++);
  while (performance.now() - start < durationMs);
  return (performance.now() - start) / calls;
}

function ratio(peerNs: number, oursNs: number): number {
  return Math.round((peerNs / Math.max(1, oursNs)) * 10) / 10;
}
