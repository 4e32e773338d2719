import { describe, expect, it } from 'vitest';

import { parseTimestampMs } from './timestamp.js';

const MIDNIGHT = Date.UTC(2026, 0, 1);

describe('parseTimestampMs()', () => {
  it.each([
    ['2026-01-01T00:00:00Z', MIDNIGHT],
    ['2026-01-01T01:00:00+01:00', MIDNIGHT],
    ['2025-12-31T18:30:00-05:30', MIDNIGHT],
    ['2026-01-01t00:00:00z', MIDNIGHT],
    ['2026-01-01T00:00:00.5Z', MIDNIGHT + 500],
    ['2026-01-01T00:00:00.123456789Z', MIDNIGHT + 123],
    ['2024-02-29T12:00:00Z', Date.UTC(2024, 1, 29, 12)],
    ['2000-02-29T00:00:00Z', Date.UTC(2000, 1, 29)],
    ['1969-12-31T23:59:59Z', -1000],
    ['0001-01-01T00:00:00Z', Date.parse('0001-01-01T00:00:00Z')],
    [MIDNIGHT, MIDNIGHT],
    [1.5, 1.5],
  ])('reads %s as %d', (input, expected) => {
    expect(parseTimestampMs(input)).toBe(expected);
  });

  it.each([
    '2026-01-01T00:00:00', // no offset: no single instant
    '2026-01-01',
    '2026-01-01 00:00:00Z',
    '2026-13-01T00:00:00Z',
    '2026-02-29T00:00:00Z',
    '1900-02-29T00:00:00Z',
    '2026-04-31T00:00:00Z',
    '2026-01-01T24:00:00Z',
    '2026-01-01T00:60:00Z',
    '2026-01-01T00:00:60Z',
    '2026-01-01T00:00:00+0100',
    '2026-01-01T00:00:00+24:00',
    '2026-01-01T00:00:00.Z',
    '2026-01-01T00:00:00Zjunk',
    '+2026-01-01T00:00:00Z',
    'yesterday',
    '',
    Number.NaN,
    Number.POSITIVE_INFINITY,
    true,
    null,
    {},
  ])('refuses %s', (input) => {
    expect(parseTimestampMs(input)).toBeUndefined();
  });

  it('agrees with Date.parse on a sweep of valid offset timestamps', () => {
    for (let day = 0; day < 3000; day += 7) {
      const base = new Date(Date.UTC(1999, 0, 1) + day * 86_400_000 + day * 1_234);
      const iso = base.toISOString();
      const shifted = iso.replace('Z', '+02:30');
      expect(parseTimestampMs(iso)).toBe(base.getTime());
      expect(parseTimestampMs(shifted)).toBe(Date.parse(shifted));
    }
  });
});
