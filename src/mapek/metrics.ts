import { Counter, Histogram, type Registry } from 'prom-client';

import type { MapekActionOutcome } from '../store/records.js';

/** The loop's stages, as the stage duration histogram labels them. */
export const MAPEK_STAGES = ['monitor', 'analyze', 'plan', 'execute'] as const;
export type MapekStage = (typeof MAPEK_STAGES)[number];

const OUTCOMES: readonly MapekActionOutcome[] = ['succeeded', 'failed', 'rolled_back', 'dropped'];

/** The `westworld_mapek_*` metrics (SPEC §7 allows them beside the fifteen). */
export interface MapekMetrics {
  readonly iterations: Counter<'outcome'>;
  readonly skippedTicks: Counter;
  readonly stageDuration: Histogram<'stage'>;
  readonly actions: Counter<'outcome'>;
  readonly observations: Counter<'decision'>;
  readonly droppedEvents: Counter;
}

/**
 * Registers the MAPE-K metrics on `registry` and returns them. Every
 * labelled series exists from start-up at zero. Call once per registry.
 */
export function registerMapekMetrics(registry: Registry): MapekMetrics {
  const registers = [registry];
  const iterations = new Counter({
    name: 'westworld_mapek_iterations_total',
    help: 'MAPE-K loop iterations run, by outcome (completed, or failed in a stage).',
    labelNames: ['outcome'],
    registers,
  });
  const skippedTicks = new Counter({
    name: 'westworld_mapek_skipped_ticks_total',
    help: 'Ticks not run because the previous iteration was still running or the process fell behind.',
    registers,
  });
  const stageDuration = new Histogram({
    name: 'westworld_mapek_stage_duration_ms',
    help: 'Time each stage of a MAPE-K iteration took, in milliseconds.',
    labelNames: ['stage'],
    buckets: [1, 5, 10, 25, 50, 100, 250, 500, 1_000, 2_500, 5_000, 10_000],
    registers,
  });
  const actions = new Counter({
    name: 'westworld_mapek_actions_total',
    help: 'Plans the MAPE-K loop executed, by outcome (succeeded, failed, rolled_back, dropped).',
    labelNames: ['outcome'],
    registers,
  });
  const observations = new Counter({
    name: 'westworld_mapek_observations_total',
    help: 'Samples and service events the Monitor put through the charter, by decision (allowed, or the deny reason).',
    labelNames: ['decision'],
    registers,
  });
  const droppedEvents = new Counter({
    name: 'westworld_mapek_dropped_events_total',
    help: 'Service events the Monitor dropped because its buffer was full.',
    registers,
  });

  for (const outcome of ['completed', 'failed']) iterations.inc({ outcome }, 0);
  for (const stage of MAPEK_STAGES) stageDuration.zero({ stage });
  for (const outcome of OUTCOMES) actions.inc({ outcome }, 0);
  for (const decision of [
    'allowed',
    'forbidden_metric',
    'forbidden_label',
    'not_allowed',
    'source_suspended',
    'malformed',
  ]) {
    observations.inc({ decision }, 0);
  }
  return { iterations, skippedTicks, stageDuration, actions, observations, droppedEvents };
}
