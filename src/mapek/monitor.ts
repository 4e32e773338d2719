import { createHash } from 'node:crypto';

import {
  canonicalName,
  decide,
  type CompiledCharter,
  type Decision,
  type DecisionContext,
  type MetricInput,
} from '../charter/index.js';
import { UNREGISTERED } from '../metrics/index.js';
import type { Clock } from '../shared/clock.js';
import type {
  MapekObservationRecord,
  MapekProbeReason,
  MapekProbeRecord,
} from '../store/records.js';
import type { PrometheusClient, PromSample } from './prometheus.js';

/** What one Monitor pass saw: admitted observations, and denied attempts counted. */
export interface MonitorSnapshot {
  readonly observations: MapekObservationRecord[];
  readonly probes: MapekProbeRecord[];
  /** Samples and events by what the charter said: `allowed`, or the deny reason. */
  readonly decisions: Readonly<Record<string, number>>;
  /** Service events dropped because the buffer was full, since the last pass. */
  readonly droppedEvents: number;
}

export interface MonitorOptions {
  readonly clock: Clock;
  /** The charter in force, read per sample so a reload applies at once. */
  readonly charter: () => CompiledCharter;
  readonly prometheus?: PrometheusClient;
  /** Instant queries whose samples are collected (each sample through the charter). */
  readonly queries?: readonly string[];
  /**
   * An instant query over the service's own attempt counter, one sample per
   * (`metric_name`, `node_or_service`) holding the attempts since the last
   * pass: the standalone loop's view of the service's denials.
   */
  readonly attemptsQuery?: string;
  /** Labels naming a sample's source, first present wins (default node, instance). */
  readonly sourceLabels?: readonly string[];
  /** Service events kept between passes; beyond it the oldest are dropped. */
  readonly eventCapacity?: number;
}

/** The Monitor stage: the loop's only way in, and it goes through the charter. */
export interface Monitor {
  /**
   * Feeds one of the service's own decisions (engine `onDecision`). Cheap:
   * an allowed decision returns at once, a denial is counted into a bounded
   * buffer with the hash of its name, never its value.
   */
  observeDecision(decision: Decision, input: MetricInput): void;
  /** Queries Prometheus, gates every sample, drains the events. Throws what the client throws. */
  collect(nowMs: number): Promise<MonitorSnapshot>;
}

/** Labels Prometheus adds when it scrapes; the collector never chose them. */
const TARGET_LABELS = new Set(['__name__', 'job', 'instance']);

const PROBE_REASONS: ReadonlySet<string> = new Set<MapekProbeReason>([
  'forbidden_metric',
  'forbidden_label',
  'not_allowed',
  'source_suspended',
]);

/** A context with no suspensions, revocations or overrides: the Monitor's own gate. */
const STRICT: DecisionContext = {
  nowMs: 0,
  isSuspended: () => false,
  isRevoked: () => false,
  hasOverride: () => false,
  activeOverride: () => undefined,
};

/**
 * Creates the Monitor. Every sample goes through the charter's `decide()`
 * before anything is kept, and only reason `allowed` is admitted: a dry-run
 * allow, an override or any deny becomes a counted probe (source, hash of
 * the canonical name, reason), so Knowledge never holds a forbidden metric's
 * value, whatever Prometheus returns. The gate ignores overrides on purpose:
 * an emergency override lets a collector collect, not this loop keep it.
 */
export function createMonitor(options: MonitorOptions): Monitor {
  const capacity = options.eventCapacity ?? 10_000;
  const sourceLabels = options.sourceLabels ?? ['node', 'instance'];
  let events: MapekProbeRecord[] = [];
  let dropped = 0;

  const gate = (sample: PromSample, out: Collector): void => {
    const { __name__: name = '', ...all } = sample.labels;
    const source = sourceLabels.map((l) => sample.labels[l]).find((v) => v) ?? 'unknown';
    const labels: Record<string, string> = {};
    for (const [k, v] of Object.entries(all)) if (!TARGET_LABELS.has(k)) labels[k] = v;
    const input: MetricInput = { name, source, labels, value: sample.value };
    const decision = decide(options.charter(), input, STRICT);
    out.count(decision.reason);
    if (decision.reason === 'allowed' && decision.effect === 'allow') {
      out.observations.push({
        source,
        metric: canonicalName(name),
        value: sample.value,
        atMs: sample.atMs,
      });
    } else if (PROBE_REASONS.has(decision.reason)) {
      out.probe(source, name, decision.reason as MapekProbeReason, 1, sample.atMs);
    }
  };

  return {
    observeDecision(decision, input) {
      if (!PROBE_REASONS.has(decision.reason)) return;
      if (events.length >= capacity) {
        events.shift();
        dropped += 1;
      }
      events.push({
        source: String(input.source),
        nameHash: hashName(String(input.name)),
        reason: decision.reason as MapekProbeReason,
        count: 1,
        atMs: options.clock.nowMs(),
      });
    },

    async collect(nowMs) {
      const out = new Collector();
      for (const e of events) {
        out.count(e.reason);
        out.add(e);
      }
      const droppedEvents = dropped;
      events = [];
      dropped = 0;

      const prom = options.prometheus;
      if (prom !== undefined) {
        for (const expr of options.queries ?? []) {
          for (const sample of await prom.query(expr, nowMs)) gate(sample, out);
        }
        if (options.attemptsQuery !== undefined) {
          for (const s of await prom.query(options.attemptsQuery, nowMs)) {
            const count = Math.round(s.value);
            const name = s.labels.metric_name ?? 'unlisted';
            const source = s.labels.node_or_service ?? UNREGISTERED;
            const reason = name === 'unlisted' ? 'not_allowed' : 'forbidden_metric';
            // `unregistered` lumps every unknown source together: no one to act on.
            if (count > 0 && source !== UNREGISTERED) out.probe(source, name, reason, count, nowMs);
          }
        }
      }
      return { ...out.result(), droppedEvents };
    },
  };
}

/** A short SHA-256 of the canonical name: enough to tell names apart, nothing to read. */
export function hashName(name: string): string {
  return createHash('sha256').update(canonicalName(name)).digest('hex').slice(0, 16);
}

/** Gathers one pass, merging probes of one source, name and reason within a second. */
class Collector {
  readonly observations: MapekObservationRecord[] = [];
  readonly #probes = new Map<string, MapekProbeRecord>();
  readonly #decisions: Record<string, number> = {};

  count(reason: string): void {
    this.#decisions[reason] = (this.#decisions[reason] ?? 0) + 1;
  }

  probe(source: string, name: string, reason: MapekProbeReason, count: number, atMs: number) {
    this.add({ source, nameHash: hashName(name), reason, count, atMs });
  }

  add(p: MapekProbeRecord): void {
    const second = Math.floor(p.atMs / 1000) * 1000;
    const key = `${p.source}\u0000${p.nameHash}\u0000${p.reason}\u0000${second}`;
    const seen = this.#probes.get(key);
    if (seen === undefined) this.#probes.set(key, { ...p, atMs: second });
    else this.#probes.set(key, { ...seen, count: seen.count + p.count });
  }

  result() {
    return {
      observations: this.observations,
      probes: [...this.#probes.values()],
      decisions: { ...this.#decisions },
    };
  }
}
