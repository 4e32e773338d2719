import { describe, expect, it } from 'vitest';

import type { MapekProbeRecord } from '../store/records.js';
import { MAPEK_DEFAULTS } from './config.js';
import { runDetectors, type DetectorName } from './detectors.js';

const T0 = Date.parse('2026-03-01T12:00:00Z');
const s = (n: number) => n * 1000;

function probes(source: string, times: number[], name = (i: number) => `h${i % 1}`) {
  return times.map((t, i): MapekProbeRecord => ({
    source,
    nameHash: name(i),
    reason: 'forbidden_metric',
    count: 1,
    atMs: T0 + t,
  }));
}

const cases: {
  name: string;
  input: MapekProbeRecord[];
  fired: [DetectorName, string, number][];
}[] = [
  { name: 'nothing when there are no probes', input: [], fired: [] },
  {
    name: 'a burst: 10 attempts within 10 s',
    input: probes(
      'node-1',
      Array.from({ length: 10 }, (_, i) => s(i)),
    ),
    fired: [['burst', 'node-1', 10]],
  },
  {
    name: 'no burst: 10 attempts spread over 20 s',
    input: probes(
      'node-1',
      Array.from({ length: 10 }, (_, i) => s(2 * i)),
    ),
    fired: [],
  },
  {
    name: 'frequency: 30 attempts over 15 min, never a burst',
    input: probes(
      'node-2',
      Array.from({ length: 30 }, (_, i) => s(30 * i)),
    ),
    fired: [
      ['cluster', 'node-2', 30],
      ['frequency', 'node-2', 30],
    ],
  },
  {
    name: 'cluster: 20 denials, three quarters on one node',
    input: [
      ...probes(
        'node-3',
        Array.from({ length: 15 }, (_, i) => s(60 * i)),
      ),
      ...probes(
        'node-4',
        Array.from({ length: 5 }, (_, i) => s(60 * i)),
      ),
    ],
    fired: [['cluster', 'node-3', 15]],
  },
  {
    name: 'no cluster: 20 denials spread evenly over four nodes',
    input: ['a', 'b', 'c', 'd'].flatMap((n) => probes(n, [0, s(60), s(120), s(180), s(240)])),
    fired: [],
  },
  {
    name: 'reconnaissance: six distinct names, one attempt each, a minute apart',
    input: probes(
      'node-7',
      [0, 1, 2, 3, 4, 5].map((m) => s(60 * m)),
      (i) => `name-${i}`,
    ),
    fired: [['reconnaissance', 'node-7', 6]],
  },
  {
    name: 'no reconnaissance: four distinct names',
    input: probes(
      'node-7',
      [0, 1, 2, 3].map((m) => s(60 * m)),
      (i) => `name-${i}`,
    ),
    fired: [],
  },
  {
    name: "a suspended source's attempts do not count as distinct names probed",
    input: probes(
      'node-7',
      [0, 1, 2, 3, 4, 5].map((m) => s(m)),
      (i) => `name-${i}`,
    ).map((p) => ({
      ...p,
      reason: 'source_suspended' as const,
    })),
    fired: [],
  },
];

describe('detectors', () => {
  it.each(cases)('$name', ({ input, fired }) => {
    const found = runDetectors(input, MAPEK_DEFAULTS).map((f) => [
      f.detector,
      f.source,
      f.observed,
    ]);
    expect(found).toEqual(fired);
  });

  it('counts merged probes by their count, not as one attempt', () => {
    const merged: MapekProbeRecord = {
      source: 'node-9',
      nameHash: 'h',
      reason: 'not_allowed',
      count: 12,
      atMs: T0,
    };
    expect(runDetectors([merged], MAPEK_DEFAULTS).map((f) => f.detector)).toEqual(['burst']);
  });
});
