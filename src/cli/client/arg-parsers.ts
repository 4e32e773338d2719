import { InputError } from '../../shared/errors.js';

/*
 * Parsers for the options of the HTTP commands. They throw InputError with a
 * code and a hint, which runCli prints as `error[code]: …` and exits 2.
 */

/** Collects a repeatable option into an array. */
export function collect(value: string, previous: string[] = []): string[] {
  return [...previous, value];
}

/** Evidence as the API takes it. */
export interface EvidenceArg {
  kind: 'sha256' | 'reference';
  value: string;
}

/** `sha256:<hex>` or `reference:<uri>`: the value is everything after the first colon. */
export function parseEvidence(text: string): EvidenceArg {
  const at = text.indexOf(':');
  const kind = at < 0 ? '' : text.slice(0, at);
  const value = at < 0 ? '' : text.slice(at + 1);
  if ((kind !== 'sha256' && kind !== 'reference') || value === '') {
    throw new InputError(
      'evidence_argument_invalid',
      `--evidence is "${text}", expected sha256:<hex> or reference:<uri>`,
      'For example --evidence sha256:9f86d08… or --evidence reference:ticket:4521',
    );
  }
  return { kind, value };
}

/** `key=value` pairs into an object; a later key wins. */
export function parsePairs(option: string, pairs: string[]): Record<string, string> {
  const out: Record<string, string> = {};
  for (const pair of pairs) {
    const at = pair.indexOf('=');
    if (at <= 0) {
      throw new InputError(
        'pair_argument_invalid',
        `${option} is "${pair}", expected key=value`,
        `For example ${option} node=node-7`,
      );
    }
    out[pair.slice(0, at)] = pair.slice(at + 1);
  }
  return out;
}

/** A whole number ≥ 1 for `option`. */
export function parseCount(option: string): (value: string) => number {
  return (value) => {
    const n = Number(value);
    if (!Number.isSafeInteger(n) || n < 1) {
      throw new InputError(
        'number_argument_invalid',
        `${option} is "${value}", expected a whole number ≥ 1`,
        `For example ${option} 3600`,
      );
    }
    return n;
  };
}

/** A report period as the API's `from`/`to` query: ISO date-times, `to` excluded. */
export type PeriodArg = {
  from: string;
  to: string;
};

/**
 * The period of `--from/--to` (any date Date.parse reads) or `--quarter
 * 2026Q3` (UTC calendar quarter); undefined for neither, which the service
 * reads as the current quarter.
 */
export function parsePeriod(opts: {
  from?: string;
  to?: string;
  quarter?: string;
}): PeriodArg | undefined {
  const { from, to, quarter } = opts;
  if (quarter !== undefined) {
    if (from !== undefined || to !== undefined) {
      throw periodError('--quarter cannot be combined with --from or --to');
    }
    return quarterPeriod(quarter);
  }
  if (from === undefined && to === undefined) return undefined;
  if (from === undefined || to === undefined) {
    throw periodError(`--${from === undefined ? 'from' : 'to'} is missing; give both or neither`);
  }
  return { from: isoOf('--from', from), to: isoOf('--to', to) };
}

function quarterPeriod(text: string): PeriodArg {
  const m = /^(\d{4})-?Q([1-4])$/i.exec(text);
  if (m === null) {
    throw periodError(`--quarter is "${text}", expected YYYYQn such as 2026Q3`);
  }
  const year = Number(m[1]);
  const first = (Number(m[2]) - 1) * 3;
  return {
    from: new Date(Date.UTC(year, first, 1)).toISOString(),
    to: new Date(Date.UTC(year, first + 3, 1)).toISOString(),
  };
}

function isoOf(option: string, text: string): string {
  const ms = Date.parse(text);
  if (Number.isNaN(ms)) throw periodError(`${option} is "${text}", expected a date or date-time`);
  return new Date(ms).toISOString();
}

function periodError(message: string): InputError {
  return new InputError(
    'period_argument_invalid',
    `Cannot pick the report period: ${message}`,
    'Use --from 2026-07-01 --to 2026-10-01, or --quarter 2026Q3; the end is excluded.',
  );
}
