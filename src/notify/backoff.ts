/** How retries of a failed delivery spread out. */
export interface BackoffOptions {
  /** Delay before the first retry, before jitter; default 1 000 ms. */
  readonly baseMs: number;
  /** Upper bound of any delay; default 300 000 ms (5 min). */
  readonly maxMs: number;
}

export const DEFAULT_BACKOFF: BackoffOptions = Object.freeze({ baseMs: 1_000, maxMs: 300_000 });

/**
 * The delay in ms before retrying a delivery that has failed `attempts`
 * times (1 after the first failure): the base doubled per earlier failure,
 * capped at `maxMs`, then jittered into its upper half. The jitter keeps
 * instances and rows that failed together (a receiver outage) from retrying
 * in lockstep when it returns; the floor of half the step keeps the growth.
 * `random` returns [0, 1), injected so tests are exact.
 */
export function retryDelayMs(
  attempts: number,
  options: BackoffOptions = DEFAULT_BACKOFF,
  random: () => number = Math.random,
): number {
  const exponent = Math.min(Math.max(attempts, 1) - 1, 30);
  const step = Math.min(options.maxMs, options.baseMs * 2 ** exponent);
  return Math.round(step / 2 + (step / 2) * random());
}
