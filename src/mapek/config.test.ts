import { describe, expect, it } from 'vitest';

import { MAPEK_DEFAULTS, resolveMapekConfig } from './config.js';

describe('resolveMapekConfig()', () => {
  it('applies the documented defaults and freezes the result', () => {
    const config = resolveMapekConfig({ reconDistinctNames: 4 });
    expect(config).toEqual({ ...MAPEK_DEFAULTS, reconDistinctNames: 4 });
    expect(Object.isFrozen(config)).toBe(true);
  });

  it.each([
    [{ intervalMs: 0 }, 'intervalMs is 0'],
    [{ burstCount: 2.5 }, 'burstCount is 2.5'],
    [{ clusterShare: 1.5 }, 'clusterShare is 1.5'],
    [{ backoffBaseMs: 500, backoffMaxMs: 100 }, 'backoffMaxMs is 100'],
    [{ burstWindowSeconds: 120, lookbackSeconds: 60 }, 'burstWindowSeconds is 120'],
    [{ tresholds: 1 } as never, 'unknown key "tresholds"'],
  ])('refuses %o', (partial, message) => {
    expect(() => resolveMapekConfig(partial)).toThrow(message);
    expect(() => resolveMapekConfig(partial)).toThrow(
      expect.objectContaining({ code: 'mapek_config_invalid' }),
    );
  });
});
