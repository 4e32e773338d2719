import { describe, expect, it } from 'vitest';

import { createAttemptTracker, type AttemptTrackerOptions } from './attempt-tracker.js';

const T0 = Date.parse('2026-01-01T00:00:00Z');
const SAMPLE: AttemptTrackerOptions = {
  windowSeconds: 60,
  violationAfter: 3,
  suspendAfter: 5,
  capacity: 16,
};

/** Records one attempt per `[offsetMs, metric]` and returns the event kinds, '-' for none. */
function run(steps: [number, string][], options = SAMPLE, source = 'node-1'): string[] {
  const tracker = createAttemptTracker(options);
  return steps.map(([at, metric]) => tracker.record(source, metric, T0 + at)?.kind ?? '-');
}

describe('createAttemptTracker()', () => {
  it.each<{ title: string; steps: [number, string][]; kinds: string[] }>([
    {
      title: 'a violation at 3 attempts and a suspension at 5 in the window',
      steps: [
        [0, 'a'],
        [1, 'a'],
        [2, 'b'],
        [3, 'a'],
        [4, 'c'],
        [5, 'a'],
      ],
      kinds: ['-', '-', 'violation', '-', 'suspend', '-'],
    },
    {
      title: 'nothing when attempts are spread wider than the window',
      steps: [
        [0, 'a'],
        [30_000, 'a'],
        [60_000, 'a'],
        [90_000, 'a'],
        [120_000, 'a'],
      ],
      kinds: ['-', '-', '-', '-', '-'],
    },
    {
      title: 'one event while the count stays above the threshold',
      steps: [
        [0, 'a'],
        [20_000, 'a'],
        [40_000, 'a'],
        [59_000, 'a'],
        [70_000, 'a'],
        [95_000, 'a'],
      ],
      kinds: ['-', '-', 'violation', '-', '-', '-'],
    },
    {
      title: 'a new event after the window let the count fall below and it crosses again',
      steps: [
        [0, 'a'],
        [1, 'a'],
        [2, 'a'],
        [70_000, 'a'],
        [70_001, 'a'],
        [70_002, 'a'],
      ],
      kinds: ['-', '-', 'violation', '-', '-', 'violation'],
    },
  ])('emits $title', ({ steps, kinds }) => {
    expect(run(steps)).toEqual(kinds);
  });

  it('returns the suspend event when one attempt crosses both thresholds', () => {
    const options = { ...SAMPLE, violationAfter: 2, suspendAfter: 2 };
    expect(
      run(
        [
          [0, 'a'],
          [1, 'a'],
          [2, 'a'],
        ],
        options,
      ),
    ).toEqual(['-', 'suspend', '-']);
  });

  it('reports the count and the distinct recent metrics, most recent first', () => {
    const tracker = createAttemptTracker(SAMPLE);
    tracker.record('node-1', 'user_location', T0);
    tracker.record('node-1', 'gps_lat', T0 + 1);
    expect(tracker.record('node-1', 'user_location', T0 + 2)).toEqual({
      kind: 'violation',
      source: 'node-1',
      count: 3,
      metrics: ['user_location', 'gps_lat'],
    });
  });

  it('slides the window with the injected time', () => {
    const tracker = createAttemptTracker(SAMPLE);
    for (const at of [0, 10_000, 20_000]) tracker.record('node-1', 'a', T0 + at);
    expect(tracker.count('node-1', T0 + 59_999)).toBe(3);
    expect(tracker.count('node-1', T0 + 60_000)).toBe(2);
    expect(tracker.count('node-1', T0 + 80_000)).toBe(0);
    expect(tracker.count('node-2', T0)).toBe(0);
  });

  it('keeps sources apart', () => {
    const tracker = createAttemptTracker(SAMPLE);
    const kinds = [0, 1, 2].flatMap((i) => [
      tracker.record('node-1', 'a', T0 + i)?.kind,
      tracker.record('node-2', 'a', T0 + i)?.kind,
    ]);
    expect(kinds).toEqual([undefined, undefined, undefined, undefined, 'violation', 'violation']);
  });

  it('keeps counting correctly when the clock steps back', () => {
    const tracker = createAttemptTracker(SAMPLE);
    tracker.record('node-1', 'a', T0 + 10_000);
    tracker.record('node-1', 'a', T0);
    expect(tracker.record('node-1', 'a', T0 + 5_000)?.kind).toBe('violation');
  });

  it('keeps at most the larger threshold of attempts per source', () => {
    const tracker = createAttemptTracker(SAMPLE);
    for (let i = 0; i < 1_000; i++) tracker.record('node-1', `m${i}`, T0 + i);
    expect(tracker.count('node-1', T0 + 1_000)).toBe(SAMPLE.suspendAfter);
  });

  it('evicts the least recently seen source at capacity and counts it', () => {
    const tracker = createAttemptTracker(SAMPLE);
    for (let i = 0; i < 16; i++) tracker.record(`node-${i}`, 'a', T0 + i);
    tracker.record('node-0', 'a', T0 + 100); // node-0 is now the most recent
    tracker.record('node-new', 'a', T0 + 101);

    expect(tracker.size()).toBe(16);
    expect(tracker.evicted()).toBe(1);
    expect(tracker.count('node-1', T0 + 102)).toBe(0);
    expect(tracker.count('node-0', T0 + 102)).toBe(2);
  });

  it('stays bounded under 100k distinct sources', () => {
    const tracker = createAttemptTracker({ ...SAMPLE, capacity: 1_000 });
    for (let i = 0; i < 100_000; i++) tracker.record(`probe-${i}`, 'user_location', T0 + i);
    expect(tracker.size()).toBe(1_000);
    expect(tracker.evicted()).toBe(99_000);
    expect(tracker.count('probe-99999', T0 + 100_000)).toBe(1);
    expect(tracker.count('probe-0', T0 + 100_000)).toBe(0);
  });

  it('forgets a source on reset', () => {
    const tracker = createAttemptTracker(SAMPLE);
    tracker.record('node-1', 'a', T0);
    tracker.reset('node-1');
    expect(tracker.count('node-1', T0)).toBe(0);
    expect(tracker.size()).toBe(0);
  });

  it.each(['windowSeconds', 'violationAfter', 'suspendAfter', 'capacity'] as const)(
    'refuses a %s that is not a positive integer',
    (key) => {
      expect(() => createAttemptTracker({ ...SAMPLE, [key]: 0 })).toThrow(/positive integer/);
      expect(() => createAttemptTracker({ ...SAMPLE, [key]: 1.5 })).toThrow(/positive integer/);
    },
  );
});

describe('createAttemptTracker() recency', () => {
  it('evicts in least-recently-seen order across touches, resets and reuse', () => {
    const tracker = createAttemptTracker({ ...SAMPLE, capacity: 16 });
    for (let i = 0; i < 16; i++) tracker.record(`s${i}`, 'a', T0 + i);
    tracker.reset('s0');
    tracker.record('s1', 'a', T0 + 20); // s1 becomes the most recent
    tracker.record('s5', 'a', T0 + 21);
    for (let i = 0; i < 4; i++) tracker.record(`new${i}`, 'a', T0 + 30 + i);

    // new0 took the slot reset freed; new1..new3 evicted s2, s3, s4.
    expect(tracker.size()).toBe(16);
    expect(tracker.evicted()).toBe(3);
    const alive = (s: string) => tracker.count(s, T0 + 40) > 0;
    expect(['s0', 's2', 's3', 's4'].filter(alive)).toEqual([]);
    expect(['s1', 's5', 's6', 's15', 'new0', 'new3'].every(alive)).toBe(true);
  });
});
