import { CharterError } from '../shared/errors.js';

/** A source crossed an escalation threshold of the charter (SPEC §3 `violations.escalation`). */
export interface EscalationEvent {
  /** `violation`: record a silent_collection violation; `suspend`: suspend the source. */
  readonly kind: 'violation' | 'suspend';
  readonly source: string;
  /** Attempts in the window when the threshold was crossed. */
  readonly count: number;
  /** Distinct metric names (as sent) of the attempts in the window, most recent first. */
  readonly metrics: readonly string[];
}

/** Sizing of an attempt tracker; all positive integers. */
export interface AttemptTrackerOptions {
  readonly windowSeconds: number;
  readonly violationAfter: number;
  readonly suspendAfter: number;
  /** Sources tracked at once; the least recently seen is evicted beyond it. */
  readonly capacity: number;
}

/** Counts forbidden attempts per source in a sliding window, in bounded memory. */
export interface AttemptTracker {
  readonly options: Readonly<AttemptTrackerOptions>;
  /** Records one denied attempt; returns the event when this attempt crosses a threshold. */
  record(source: string, metric: string, nowMs: number): EscalationEvent | undefined;
  /** Attempts of `source` still in the window at `nowMs` (at most the larger threshold). */
  count(source: string, nowMs: number): number;
  /** Sources tracked now. */
  size(): number;
  /** Sources dropped to stay within `capacity`, since creation. */
  evicted(): number;
  /** Forgets a source, for example once an investigation has cleared it. */
  reset(source: string): void;
}

/**
 * The recent attempts of one source: a ring of times and the metric of each,
 * plus its place in the recency list (newer/older neighbours).
 */
interface SourceWindow {
  source: string;
  readonly times: Float64Array;
  readonly metrics: string[];
  oldest: number;
  length: number;
  violationSent: boolean;
  suspendSent: boolean;
  newer: SourceWindow | undefined;
  older: SourceWindow | undefined;
}

/**
 * Creates a tracker. An attempt counts for `windowSeconds` after it happens
 * (it leaves the window when `nowMs - t >= windowSeconds * 1000`).
 *
 * Memory is bounded twice over, so a hostile source, or a flood of invented
 * ones, cannot grow it: each source keeps a ring of at most
 * max(violationAfter, suspendAfter) attempts (more in the window add nothing,
 * the thresholds are already reached), and at most `capacity` sources are
 * kept, the least recently seen evicted first and counted in `evicted()`.
 *
 * Each event is sent once per crossing: a source that stays above a threshold
 * is not reported again until the window lets it fall below and it crosses
 * anew. When one attempt crosses both thresholds, the `suspend` event is
 * returned (it implies the violation). Throws a CharterError for options that
 * are not positive integers.
 */
export function createAttemptTracker(options: AttemptTrackerOptions): AttemptTracker {
  for (const [key, value] of Object.entries(options)) {
    if (!Number.isSafeInteger(value) || (value as number) < 1) {
      throw new CharterError(
        'invalid_options',
        `Cannot create attempt tracker: ${key} is ${String(value)}, expected a positive integer`,
      );
    }
  }
  const { windowSeconds, violationAfter, suspendAfter, capacity } = options;
  const windowMs = windowSeconds * 1000;
  const ring = Math.max(violationAfter, suspendAfter);
  const sources = new Map<string, SourceWindow>();
  // Recency list threaded through the windows themselves: moving a source to
  // the front is pointer work, with no Map churn or allocation per attempt.
  let newest: SourceWindow | undefined;
  let leastRecent: SourceWindow | undefined;
  let evictions = 0;

  const unlink = (w: SourceWindow): void => {
    if (w.newer) w.newer.older = w.older;
    else newest = w.older;
    if (w.older) w.older.newer = w.newer;
    else leastRecent = w.newer;
    w.newer = w.older = undefined;
  };
  const pushNewest = (w: SourceWindow): void => {
    w.older = newest;
    if (newest) newest.newer = w;
    newest = w;
    leastRecent ??= w;
  };

  const expire = (w: SourceWindow, nowMs: number): void => {
    while (w.length > 0 && nowMs - (w.times[w.oldest] ?? 0) >= windowMs) {
      w.oldest = (w.oldest + 1) % ring;
      w.length--;
    }
  };

  const admit = (source: string): SourceWindow => {
    let w = sources.get(source);
    if (w !== undefined) {
      if (w !== newest) {
        unlink(w);
        pushNewest(w);
      }
      return w;
    }
    if (sources.size >= capacity && leastRecent !== undefined) {
      // Reuse the evicted ring: a flood of new sources then allocates nothing.
      w = leastRecent;
      unlink(w);
      sources.delete(w.source);
      evictions++;
      w.source = source;
      w.oldest = w.length = 0;
      w.violationSent = w.suspendSent = false;
    }
    w ??= {
      source,
      times: new Float64Array(ring),
      metrics: new Array<string>(ring).fill(''),
      oldest: 0,
      length: 0,
      violationSent: false,
      suspendSent: false,
      newer: undefined,
      older: undefined,
    };
    sources.set(source, w);
    pushNewest(w);
    return w;
  };

  const record = (source: string, metric: string, nowMs: number): EscalationEvent | undefined => {
    const w = admit(source);
    // A clock that steps back must not reorder the ring (expiry reads it oldest first).
    const latestMs = w.length > 0 ? (w.times[(w.oldest + w.length - 1) % ring] ?? nowMs) : nowMs;
    const at = Math.max(nowMs, latestMs);
    expire(w, at);
    // Falling below a threshold re-arms its event.
    if (w.length < violationAfter) w.violationSent = false;
    if (w.length < suspendAfter) w.suspendSent = false;

    const slot = (w.oldest + w.length) % ring;
    w.times[slot] = at;
    w.metrics[slot] = metric;
    if (w.length < ring) w.length++;
    else w.oldest = (w.oldest + 1) % ring; // full: the oldest attempt makes room

    const suspend = !w.suspendSent && w.length >= suspendAfter;
    const violation = !w.violationSent && w.length >= violationAfter;
    if (suspend) w.suspendSent = true;
    if (violation) w.violationSent = true;
    if (!suspend && !violation) return undefined;

    return { kind: suspend ? 'suspend' : 'violation', source, count: w.length, metrics: recent(w) };
  };

  const recent = (w: SourceWindow): string[] => {
    const names = new Set<string>();
    for (let i = w.length - 1; i >= 0; i--) names.add(w.metrics[(w.oldest + i) % ring] ?? '');
    return [...names];
  };

  return Object.freeze({
    options: Object.freeze({ ...options }),
    record,
    count(source: string, nowMs: number): number {
      const w = sources.get(source);
      if (!w) return 0;
      let n = 0;
      for (let i = 0; i < w.length; i++) {
        if (nowMs - (w.times[(w.oldest + i) % ring] ?? 0) < windowMs) n++;
      }
      return n;
    },
    size: () => sources.size,
    evicted: () => evictions,
    reset(source: string): void {
      const w = sources.get(source);
      if (w === undefined) return;
      unlink(w);
      sources.delete(source);
    },
  });
}
