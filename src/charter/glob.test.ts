import { describe, expect, it } from 'vitest';

import { compileGlob } from './glob.js';

describe('compileGlob()', () => {
  it.each([
    ['node_cpu_*', 'node_cpu_seconds', true],
    ['node_cpu_*', 'node_cpu_', true],
    ['node_cpu_*', 'node_mem_bytes', false],
    ['*_percent', 'error_rate_percent', true],
    ['*_percent', 'error_rate_ratio', false],
    ['gps_*_raw', 'gps_lat_raw', true],
    ['gps_*_raw', 'gps_raw', false],
    ['latency_p??', 'latency_p99', true],
    ['latency_p??', 'latency_p9', false],
    ['*user*', 'device_user_id', true],
    ['*user*', 'device_id', false],
    ['user_location', 'user_location', true],
    ['user_location', 'user_locations', false],
    ['Node-CPU-*', 'node_cpu_total', true],
    ['a?c*', 'abcdef', true],
    ['a?c*', 'acdef', false],
  ])('%j against %j is %s', (pattern, name, expected) => {
    expect(compileGlob(pattern)(name)).toBe(expected);
  });

  it('treats regex metacharacters in a pattern literally', () => {
    const match = compileGlob('a+b?');
    expect(match('a+bc')).toBe(true);
    expect(match('aabc')).toBe(false);
  });
});
