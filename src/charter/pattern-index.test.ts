import { describe, expect, it } from 'vitest';

import { createPatternIndex } from './pattern-index.js';

const lookup = createPatternIndex(
  ['node_cpu_*', 'node_*', '*_bytes', 'gps_?', 'Disk-IO.*', 'node_cpu_temp_*', 'exact_name'].map(
    (pattern, i) => ({ pattern, value: `${i}:${pattern}` }),
  ),
);

describe('createPatternIndex()', () => {
  it.each([
    ['node_cpu_seconds', '0:node_cpu_*'],
    // Two globs match; the earlier in charter order wins, whatever its prefix length.
    ['node_cpu_temp_celsius', '0:node_cpu_*'],
    ['node_memory_free', '1:node_*'],
    ['node_disk_bytes', '1:node_*'],
    ['net_rx_bytes', '2:*_bytes'],
    ['gps_x', '3:gps_?'],
    ['disk_io_reads', '4:Disk-IO.*'],
    ['exact_name', '6:exact_name'],
  ])('finds the first glob matching %s', (name, expected) => {
    expect(lookup(name)).toBe(expected);
  });

  it.each(['gps_xy', 'nod', 'exact_name_2', 'cpu_node', ''])('finds nothing for %j', (name) => {
    expect(lookup(name)).toBeUndefined();
  });

  it('matches a single trailing-wildcard glob among thousands by its prefix', () => {
    const many = createPatternIndex(
      Array.from({ length: 5_000 }, (_, i) => ({ pattern: `syn_${i}_*`, value: i })),
    );
    expect(many('syn_4321_anything')).toBe(4321);
    expect(many('syn_x')).toBeUndefined();
  });
});
