import { InputError } from '../shared/errors.js';
import type { Period } from '../store/store.js';

/** Every error code thrown here. */
export const REPORT_PERIOD_ERROR_CODES = ['report_period_invalid'] as const;

/**
 * The calendar quarter (UTC) containing `nowMs`, as the half-open period
 * [first ms of the quarter, first ms of the next one).
 */
export function quarterOf(nowMs: number): Period {
  const now = new Date(nowMs);
  const year = now.getUTCFullYear();
  const firstMonth = Math.floor(now.getUTCMonth() / 3) * 3;
  // Date.UTC rolls month 12 over into January of the next year.
  return { fromMs: Date.UTC(year, firstMonth, 1), toMs: Date.UTC(year, firstMonth + 3, 1) };
}

/**
 * The period a report covers: `period` when given, else the quarter
 * containing `nowMs`. Both ends are Unix ms; `fromMs` is included, `toMs`
 * is not.
 *
 * @throws InputError `report_period_invalid` for non-integer ends or an
 *   empty or reversed period.
 */
export function resolvePeriod(period: Period | undefined, nowMs: number): Period {
  if (period === undefined) return quarterOf(nowMs);
  const { fromMs, toMs } = period;
  if (!Number.isSafeInteger(fromMs) || !Number.isSafeInteger(toMs) || fromMs >= toMs) {
    throw new InputError(
      'report_period_invalid',
      `Cannot build report: period [${fromMs}, ${toMs}) is not a period`,
      'Send fromMs < toMs as whole Unix milliseconds; toMs is excluded.',
    );
  }
  return { fromMs, toMs };
}

/** True when `ms` falls in the half-open `period`. */
export function inPeriod(ms: number | null, period: Period): boolean {
  return ms !== null && ms >= period.fromMs && ms < period.toMs;
}
