import { canonicalName } from './canonical.js';

/** A compiled glob: true when the canonical name matches. */
export type GlobMatcher = (canonicalName: string) => boolean;

/**
 * Compiles a metric-name glob once into a predicate over canonical names.
 * `*` matches any run of characters (including none), `?` exactly one; every
 * other character is literal. The pattern is canonicalised first (see
 * {@link canonicalName}), so `Node-CPU-*` and `node_cpu_*` are the same glob;
 * the predicate expects a name that is already canonical and does not fold it
 * again, because the decision path folds each name once.
 *
 * Common shapes (no wildcard, `prefix*`, `*suffix`, `prefix*suffix`) compile to
 * string comparisons; anything else to an anchored RegExp.
 */
export function compileGlob(pattern: string): GlobMatcher {
  const glob = canonicalName(pattern);
  const stars = glob.split('*');

  if (!glob.includes('?') && stars.length <= 2) {
    const prefix = stars[0] ?? '';
    if (stars.length === 1) return (name) => name === prefix;

    const suffix = stars[1] ?? '';
    const minLength = prefix.length + suffix.length;
    return (name) => name.length >= minLength && name.startsWith(prefix) && name.endsWith(suffix);
  }

  const source = [...glob]
    .map((ch) => (ch === '*' ? '.*' : ch === '?' ? '.' : ch.replace(/[\\^$+.()|{}[\]]/g, '\\$&')))
    .join('');
  const regex = new RegExp(`^${source}$`, 's');
  return (name) => regex.test(name);
}
