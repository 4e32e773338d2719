import type { Decision, DecisionEngine } from '../charter/index.js';
import type { DecisionRecorder } from './decision-recorder.js';

/** One decision in this many is timed by default: under 1 % carry the timer, so p99 does not. */
export const DEFAULT_LATENCY_SAMPLE_EVERY = 128;

/**
 * Wraps a decision engine so its decisions move metrics 2 and 7: every
 * denied forbidden or unlisted metric is counted, and one decision in
 * `sampleEvery` is timed with `performance.now()`. The untimed path costs a
 * countdown and one comparison on an allow; recording never throws into the
 * decision (SPEC §7: a failure to record never fails the operation).
 */
export function instrumentEngine(
  engine: DecisionEngine,
  recorder: DecisionRecorder,
  sampleEvery = DEFAULT_LATENCY_SAMPLE_EVERY,
): DecisionEngine {
  let countdown = sampleEvery;

  const timed = (input: Parameters<DecisionEngine['decide']>[0]): Decision => {
    countdown = sampleEvery;
    const startedMs = performance.now();
    const decision = engine.decide(input);
    const ns = (performance.now() - startedMs) * 1e6;
    try {
      recorder.latencyNs(ns);
    } catch {
      // Losing one sample is better than failing the decision.
    }
    return decision;
  };

  return {
    decide(input) {
      const decision = --countdown === 0 ? timed(input) : engine.decide(input);
      if (decision.reason === 'allowed') return decision;
      try {
        recorder.decided(decision, input);
      } catch {
        // The decision stands whatever happens to its metric.
      }
      return decision;
    },
    current: () => engine.current(),
    get generation() {
      return engine.generation;
    },
    get tracker() {
      return engine.tracker;
    },
    reload: (next) => engine.reload(next),
    setSuspended: (sources) => engine.setSuspended(sources),
    setRevoked: (sources) => engine.setRevoked(sources),
    setOverrides: (grants) => engine.setOverrides(grants),
  };
}
