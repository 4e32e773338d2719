import { canonicalName } from './canonical.js';
import { compileGlob, type GlobMatcher } from './glob.js';

/** One glob rule to index: its pattern as written and what it stands for. */
export interface IndexedPattern<T> {
  readonly pattern: string;
  readonly value: T;
}

/** Finds the first (in charter order) glob matching a canonical name. */
export type PatternLookup<T> = (canonical: string) => T | undefined;

interface Entry<T> {
  readonly order: number;
  readonly matches: GlobMatcher;
  readonly value: T;
}

interface PrefixLength<T> {
  readonly length: number;
  readonly byPrefix: ReadonlyMap<string, readonly Entry<T>[]>;
}

/**
 * Indexes globs by their literal prefix (the text before the first `*` or
 * `?`), so a lookup costs one Map probe per distinct prefix length plus the
 * few globs sharing the name's prefix, instead of a scan of every glob. That
 * matters on a memo miss, which a source spraying invented names can force
 * at will: with 1,000 globs a scan would cost microseconds per name.
 *
 * When several globs match, the first in charter order wins, as a plain scan
 * would decide. Globs starting with a wildcard have the empty prefix and are
 * always tried.
 */
export function createPatternIndex<T>(patterns: readonly IndexedPattern<T>[]): PatternLookup<T> {
  const groups = new Map<number, Map<string, Entry<T>[]>>();
  patterns.forEach(({ pattern, value }, order) => {
    const glob = canonicalName(pattern);
    const wildcard = glob.search(/[*?]/);
    const prefix = wildcard < 0 ? glob : glob.slice(0, wildcard);

    const byPrefix = groups.get(prefix.length) ?? new Map<string, Entry<T>[]>();
    groups.set(prefix.length, byPrefix);
    const bucket = byPrefix.get(prefix) ?? [];
    byPrefix.set(prefix, bucket);
    // Buckets fill in charter order, so each is sorted by `order`.
    bucket.push({ order, matches: compileGlob(glob), value });
  });
  const lengths: PrefixLength<T>[] = [...groups].map(([length, byPrefix]) => ({
    length,
    byPrefix,
  }));

  return (canonical) => {
    let best: Entry<T> | undefined;
    for (const { length, byPrefix } of lengths) {
      if (canonical.length < length) continue;
      const bucket = byPrefix.get(length === 0 ? '' : canonical.slice(0, length));
      if (bucket === undefined) continue;
      for (const entry of bucket) {
        if (best !== undefined && entry.order > best.order) break;
        if (entry.matches(canonical)) {
          best = entry;
          break;
        }
      }
    }
    return best?.value;
  };
}
