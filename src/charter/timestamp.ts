/*
 * A hand-written parser rather than Date.parse: Date.parse accepts local-time
 * strings without an offset (their meaning depends on the host's zone), maps
 * two-digit years to 19xx and rolls 2026-02-30 over to March. A timestamp that
 * decides whether an attempt counts must mean one instant everywhere, and this
 * runs on the decision path, so it reads character codes and allocates nothing.
 */

const MS_PER_DAY = 86_400_000;
// Character codes of '-', ':', '.', '+', 'T' and 'Z'; lowercase 't' and 'z'
// (code + LOWER) are accepted too, as RFC 3339 allows.
const DASH = 45;
const COLON = 58;
const DOT = 46;
const PLUS = 43;
const T = 84;
const Z = 90;
const LOWER = 32;

/** Value of the two decimal digits at `at`, or -1 if either is not a digit. */
function twoDigits(text: string, at: number): number {
  const a = text.charCodeAt(at) - 48;
  const b = text.charCodeAt(at + 1) - 48;
  return a >= 0 && a <= 9 && b >= 0 && b <= 9 ? a * 10 + b : -1;
}

/** Days from 1970-01-01 to a proleptic Gregorian date (month 1-12). */
function daysFromCivil(year: number, month: number, day: number): number {
  // Shift the year to start in March so the leap day is the last day of it.
  const y = month <= 2 ? year - 1 : year;
  const era = Math.floor(y / 400);
  const yearOfEra = y - era * 400;
  const dayOfYear = Math.floor((153 * (month + (month > 2 ? -3 : 9)) + 2) / 5) + day - 1;
  const dayOfEra = yearOfEra * 365 + Math.floor(yearOfEra / 4) - Math.floor(yearOfEra / 100);
  return era * 146_097 + dayOfEra + dayOfYear - 719_468;
}

function daysInMonth(year: number, month: number): number {
  if (month === 2) return year % 4 === 0 && (year % 100 !== 0 || year % 400 === 0) ? 29 : 28;
  return month === 4 || month === 6 || month === 9 || month === 11 ? 30 : 31;
}

/** Parses `YYYY-MM-DDTHH:MM:SS[.fraction](Z|±HH:MM)` into epoch milliseconds. */
function parseIso(text: string): number | undefined {
  // 20 is the shortest accepted form: 2026-01-01T00:00:00Z.
  const end = text.length;
  if (end < 20 || end > 40) return undefined;
  const at = (i: number) => text.charCodeAt(i);
  if (at(4) !== DASH || at(7) !== DASH || at(13) !== COLON || at(16) !== COLON) return undefined;
  if (at(10) !== T && at(10) !== T + LOWER) return undefined;

  const century = twoDigits(text, 0);
  const yy = twoDigits(text, 2);
  const year = century * 100 + yy;
  const month = twoDigits(text, 5);
  const day = twoDigits(text, 8);
  if (century < 0 || yy < 0 || month < 1 || month > 12) return undefined;
  if (day < 1 || day > daysInMonth(year, month)) return undefined;
  const hour = twoDigits(text, 11);
  const minute = twoDigits(text, 14);
  const second = twoDigits(text, 17);
  if (hour < 0 || hour > 23 || minute < 0 || minute > 59 || second < 0 || second > 59) {
    return undefined;
  }

  // Fraction of a second: any number of digits, kept to millisecond precision.
  let i = 19;
  let ms = 0;
  if (at(i) === DOT) {
    const start = ++i;
    for (let d = at(i) - 48; d >= 0 && d <= 9; d = at(++i) - 48) {
      if (i - start < 3) ms = ms * 10 + d;
    }
    if (i === start) return undefined;
    for (let n = i - start; n < 3; n++) ms *= 10;
  }

  // The offset is mandatory: a time without one names no single instant.
  let offsetMinutes = 0;
  const zone = at(i);
  if (zone === Z || zone === Z + LOWER) {
    if (i + 1 !== end) return undefined;
  } else if (zone === PLUS || zone === DASH) {
    if (i + 6 !== end || at(i + 3) !== COLON) return undefined;
    const oh = twoDigits(text, i + 1);
    const om = twoDigits(text, i + 4);
    if (oh < 0 || oh > 23 || om < 0 || om > 59) return undefined;
    offsetMinutes = (zone === PLUS ? 1 : -1) * (oh * 60 + om);
  } else {
    return undefined;
  }

  const days = daysFromCivil(year, month, day);
  const local = days * MS_PER_DAY + ((hour * 60 + minute) * 60 + second) * 1000 + ms;
  // 10:00+01:00 is 09:00Z: subtract the offset to reach UTC.
  return local - offsetMinutes * 60_000;
}

/**
 * Epoch milliseconds of a metric timestamp, or `undefined` when it is not one.
 *
 * Accepted: a finite number (epoch milliseconds), or an RFC 3339 / ISO 8601
 * date-time string with seconds and an explicit offset, `Z` or `±HH:MM`
 * (`2026-01-01T01:00:00+01:00` and `2026-01-01T00:00:00Z` are the same
 * instant). Rejected: offset-less local times, date-only strings, impossible
 * dates (`2026-02-30`), leap seconds, and every other type.
 */
export function parseTimestampMs(ts: unknown): number | undefined {
  if (typeof ts === 'number') return Number.isFinite(ts) ? ts : undefined;
  if (typeof ts === 'string') return parseIso(ts);
  return undefined;
}
