import { describe, expect, it } from 'vitest';

import { canonicalName } from './canonical.js';

describe('canonicalName()', () => {
  it.each([
    ['user_location', 'user_location'],
    ['User-Location', 'user_location'],
    ['USER.LOCATION', 'user_location'],
    ['node-cpu.*', 'node_cpu_*'],
    ['a--b..c', 'a__b__c'],
    ['', ''],
  ])('folds %j to %j', (input, expected) => {
    expect(canonicalName(input)).toBe(expected);
  });

  it('is idempotent', () => {
    const once = canonicalName('Latency-P99.Ms');
    expect(canonicalName(once)).toBe(once);
  });
});
