import { CharterError } from '../shared/errors.js';

/**
 * How the MAPE-K loop runs and what its detectors count as a threat. Every
 * field has a documented default (docs/mapek.md); {@link resolveMapekConfig}
 * checks a partial configuration once and returns it frozen.
 */
export interface MapekConfig {
  /** Time between iterations. */
  readonly intervalMs: number;
  /** How far back Analyze looks; also how long probes are kept. */
  readonly lookbackSeconds: number;
  /** Burst: at least `burstCount` denied attempts of one source within `burstWindowSeconds`. */
  readonly burstCount: number;
  readonly burstWindowSeconds: number;
  /** Frequency: at least `frequencyCount` denied attempts of one source in the lookback. */
  readonly frequencyCount: number;
  /** Cluster: at least `clusterMinTotal` denials in the lookback, `clusterShare` of them on one node. */
  readonly clusterMinTotal: number;
  readonly clusterShare: number;
  /**
   * Reconnaissance: at least `reconDistinctNames` distinct forbidden or
   * unlisted names probed by one source in the lookback, however few times each.
   */
  readonly reconDistinctNames: number;
  /** After an action, probing later than this proves it ineffective. */
  readonly graceSeconds: number;
  /** An action with no probing for this long after it is judged effective. */
  readonly effectiveAfterSeconds: number;
  /** Plans waiting for Execute; beyond it the oldest is dropped and counted. */
  readonly queueCapacity: number;
  /** Attempts per step for retryable failures (1 = no retry). */
  readonly maxAttempts: number;
  /** First retry delay; doubled per retry, capped by `backoffMaxMs`. */
  readonly backoffBaseMs: number;
  readonly backoffMaxMs: number;
}

/** The defaults, as docs/mapek.md lists them. */
export const MAPEK_DEFAULTS: MapekConfig = Object.freeze({
  intervalMs: 15_000,
  lookbackSeconds: 900,
  burstCount: 10,
  burstWindowSeconds: 10,
  frequencyCount: 30,
  clusterMinTotal: 20,
  clusterShare: 0.5,
  reconDistinctNames: 5,
  graceSeconds: 60,
  effectiveAfterSeconds: 900,
  queueCapacity: 64,
  maxAttempts: 3,
  backoffBaseMs: 200,
  backoffMaxMs: 5_000,
});

const INTEGER_BOUNDS: Record<Exclude<keyof MapekConfig, 'clusterShare'>, [number, number]> = {
  intervalMs: [100, 3_600_000],
  lookbackSeconds: [10, 86_400],
  burstCount: [2, 1_000_000],
  burstWindowSeconds: [1, 3_600],
  frequencyCount: [2, 1_000_000],
  clusterMinTotal: [2, 1_000_000],
  reconDistinctNames: [2, 10_000],
  graceSeconds: [0, 86_400],
  effectiveAfterSeconds: [1, 604_800],
  queueCapacity: [1, 100_000],
  maxAttempts: [1, 10],
  backoffBaseMs: [0, 60_000],
  backoffMaxMs: [0, 600_000],
};

/**
 * Applies the defaults to `partial`, checks every value and returns the
 * result frozen. Throws CharterError `mapek_config_invalid` naming the field,
 * the value found and the accepted range; unknown keys are refused too.
 */
export function resolveMapekConfig(partial: Partial<MapekConfig> = {}): MapekConfig {
  for (const key of Object.keys(partial)) {
    if (!(key in MAPEK_DEFAULTS)) {
      throw invalid(
        `unknown key "${key}"`,
        `Known keys: ${Object.keys(MAPEK_DEFAULTS).join(', ')}`,
      );
    }
  }
  const config: MapekConfig = { ...MAPEK_DEFAULTS, ...partial };
  for (const [key, [min, max]] of Object.entries(INTEGER_BOUNDS)) {
    const value = config[key as keyof MapekConfig];
    if (!Number.isSafeInteger(value) || value < min || value > max) {
      throw invalid(`${key} is ${String(value)}`, `expected an integer from ${min} to ${max}`);
    }
  }
  const share = config.clusterShare;
  if (typeof share !== 'number' || !(share > 0 && share <= 1)) {
    throw invalid(`clusterShare is ${String(share)}`, 'expected a number above 0, at most 1');
  }
  if (config.backoffMaxMs < config.backoffBaseMs) {
    throw invalid(
      `backoffMaxMs is ${config.backoffMaxMs}, below backoffBaseMs ${config.backoffBaseMs}`,
      'expected backoffMaxMs >= backoffBaseMs',
    );
  }
  if (config.burstWindowSeconds > config.lookbackSeconds) {
    throw invalid(
      `burstWindowSeconds is ${config.burstWindowSeconds}, longer than lookbackSeconds ${config.lookbackSeconds}`,
      'expected a burst window within the lookback',
    );
  }
  return Object.freeze(config);
}

function invalid(detail: string, hint: string): CharterError {
  return new CharterError('mapek_config_invalid', `Invalid MAPE-K configuration: ${detail}`, hint);
}
