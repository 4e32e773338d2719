import { CharterError } from '../shared/errors.js';

/**
 * Serialises `value` as canonical JSON: object keys sorted by UTF-16 code
 * unit at every depth, no whitespace, arrays in order, strings and numbers
 * written as `JSON.stringify` writes them. Equal values always give the same
 * text, so the text can be hashed and the hash recomputed after a round trip
 * through any JSON store.
 *
 * Object properties whose value is `undefined` are left out, as JSON does.
 *
 * @throws CharterError `audit_unserializable` for a value that would not
 *   survive that round trip unchanged: a non-finite number, `undefined` or a
 *   hole in an array, a function, symbol or bigint, an object that is not a
 *   plain object or array (`Date`, `Map`, class instances), a cycle, or a
 *   string holding a lone UTF-16 surrogate. The message names the path.
 */
export function canonicalJson(value: unknown): string {
  const walk: Walk = { path: [], open: [] };
  return write(value, walk);
}

/**
 * Where the writer is. The path is only turned into text on a refusal:
 * building it per value cost a fifth of `sealEntry`'s time.
 */
interface Walk {
  path: (string | number)[];
  open: object[];
}

// Covers every character JSON.stringify escapes (quote, backslash, C0
// controls, lone surrogates) and a few it does not (\p{Cc} adds U+007F–9F).
// Most audit strings (ids, hashes, action names) match none, and quoting
// those directly halves the cost; the rest go through JSON.stringify.
const NEEDS_ESCAPE = /["\\\p{Cc}]|\p{Surrogate}/u;

// A lone surrogate is valid in a JS string but not in UTF-8, so a store
// would replace it with U+FFFD and the recomputed hash would differ.
const LONE_SURROGATE = /\p{Surrogate}/u;

function write(value: unknown, walk: Walk): string {
  switch (typeof value) {
    case 'string':
      return writeString(value, walk);
    case 'boolean':
      return value ? 'true' : 'false';
    case 'number':
      if (!Number.isFinite(value)) refuse(walk, String(value));
      return JSON.stringify(value);
    case 'object':
      if (value === null) return 'null';
      return Array.isArray(value) ? writeArray(value, walk) : writeRecord(value, walk);
    default:
      return refuse(walk, value === undefined ? 'undefined' : `a ${typeof value}`);
  }
}

function writeString(value: string, walk: Walk): string {
  if (!NEEDS_ESCAPE.test(value)) return `"${value}"`;
  if (LONE_SURROGATE.test(value)) refuse(walk, 'a string with a lone UTF-16 surrogate');
  return JSON.stringify(value);
}

function writeArray(items: readonly unknown[], walk: Walk): string {
  enter(items, walk);
  let text = '[';
  for (let i = 0; i < items.length; i++) {
    const item = items[i];
    walk.path.push(i);
    // JSON.stringify would silently turn these into null, changing the data.
    if (item === undefined) refuse(walk, 'undefined');
    text += (i === 0 ? '' : ',') + write(item, walk);
    walk.path.pop();
  }
  walk.open.pop();
  return `${text}]`;
}

function writeRecord(record: object, walk: Walk): string {
  const proto: unknown = Object.getPrototypeOf(record);
  // A Date or Map would hash as `{}` yet be stored as something else.
  if (proto !== Object.prototype && proto !== null) {
    const ctor: unknown = record.constructor;
    const name = typeof ctor === 'function' && ctor.name !== '' ? ctor.name : 'non-plain';
    refuse(walk, `a ${name} object`);
  }
  enter(record, walk);

  // The default sort compares UTF-16 code units: the same on every runtime
  // and locale, unlike localeCompare.
  const keys = Object.keys(record).sort();
  let text = '{';
  for (const key of keys) {
    const item: unknown = (record as Record<string, unknown>)[key];
    if (item === undefined) continue;
    walk.path.push(key);
    text += `${text === '{' ? '' : ','}${write(key, walk)}:${write(item, walk)}`;
    walk.path.pop();
  }

  walk.open.pop();
  return `${text}}`;
}

function enter(value: object, walk: Walk): void {
  // Ancestors only (depth is small), so a value shared by siblings is fine.
  if (walk.open.includes(value)) refuse(walk, 'a circular reference');
  walk.open.push(value);
}

function refuse(walk: Walk, found: string): never {
  const path = walk.path.map((part) => (typeof part === 'number' ? `[${part}]` : `.${part}`));
  throw new CharterError(
    'audit_unserializable',
    `Cannot serialise audit entry: $${path.join('')} is ${found}, expected a string, finite number, boolean, null, array or plain object`,
    'Keep audit payloads to ids, hashes and states; turn dates, bigints and maps into strings or plain objects first',
  );
}
