/** Latency quantiles of one measured series, in nanoseconds. */
export interface LatencySummary {
  samples: number;
  p50_ns: number;
  p99_ns: number;
  p999_ns: number;
}

/** Quantile of an ascending-sorted array (nearest rank). */
export function quantile(sorted: Float64Array | number[], q: number): number {
  if (sorted.length === 0) return Number.NaN;
  const rank = Math.min(sorted.length - 1, Math.max(0, Math.ceil(q * sorted.length) - 1));
  return sorted[rank] ?? Number.NaN;
}

/**
 * Times `op` one call at a time with the monotonic clock and subtracts the
 * clock's own cost, measured the same way in the same run (`overheadNs`),
 * so that sub-microsecond operations are not drowned by the timer.
 */
export function timeEach(
  op: (i: number) => void,
  samples: number,
  overheadNs: number,
): LatencySummary {
  const out = new Float64Array(samples);
  for (let i = 0; i < samples; i++) {
    const start = process.hrtime.bigint();
    op(i);
    out[i] = Number(process.hrtime.bigint() - start);
  }
  out.sort();
  const net = (q: number) => Math.max(0, Math.round(quantile(out, q) - overheadNs));
  return { samples, p50_ns: net(0.5), p99_ns: net(0.99), p999_ns: net(0.999) };
}

/** Median cost of reading the clock twice around nothing, in ns. */
export function measureTimerOverheadNs(samples = 200_000): number {
  let sink = 0;
  const summary = timeEach((i) => (sink += i), samples, 0);
  return sink === -1 ? 0 : summary.p50_ns;
}

/** Calls per second of `op` in a tight loop for about `durationMs`. */
export function throughput(op: (i: number) => void, durationMs: number): number {
  const deadline = performance.now() + durationMs;
  let calls = 0;
  const start = performance.now();
  while (performance.now() < deadline) {
    // Check the clock every 1,024 calls: reading it costs as much as a decision.
    for (let j = 0; j < 1024; j++) op(calls++);
  }
  return Math.round(calls / ((performance.now() - start) / 1000));
}
