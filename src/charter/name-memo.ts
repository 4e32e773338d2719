import { canonicalName } from './canonical.js';

/** Longest metric or label name accepted, in characters. */
export const MAX_NAME_LENGTH = 200;

/** Entries a memo holds before it starts over. */
export const NAME_MEMO_CAPACITY = 8_192;

// Wider than the charter file's name syntax on purpose: `:` appears in
// Prometheus recording-rule names, and such a name must be judged (denied as
// not_allowed), not rejected as malformed.
const NAME_SYNTAX = /^[A-Za-z0-9_.:-]+$/;

/** True for a non-empty name of at most 200 characters from `[A-Za-z0-9_.:-]`. */
export function isValidName(name: string): boolean {
  return name.length > 0 && name.length <= MAX_NAME_LENGTH && NAME_SYNTAX.test(name);
}

/**
 * Wraps `resolve` (canonical name → answer) in a bounded memo keyed by the raw
 * name, so a name seen before skips validation, canonical folding and the glob
 * scan: one Map lookup. Malformed names return `undefined` and are not stored.
 *
 * The memo holds at most NAME_MEMO_CAPACITY entries and is cleared when full:
 * cheaper than LRU bookkeeping on every hit, and a source spraying random names
 * can cost at most one refill, never unbounded memory. Answers must depend
 * only on the name, which holds because a compiled charter never changes.
 */
export function createNameMemo<T>(
  resolve: (canonical: string) => T,
): (name: string) => T | undefined {
  const memo = new Map<string, T>();
  return (name) => {
    const hit = memo.get(name);
    if (hit !== undefined) return hit;
    if (!isValidName(name)) return undefined;

    const answer = resolve(canonicalName(name));
    if (memo.size >= NAME_MEMO_CAPACITY) memo.clear();
    memo.set(name, answer);
    return answer;
  };
}
