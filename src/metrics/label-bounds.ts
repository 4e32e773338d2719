import { canonicalName, type CompiledCharter } from '../charter/index.js';

/** `node_or_service` of anything that is not a registered principal. */
export const UNREGISTERED = 'unregistered';

/** `metric_name` of a name no charter rule matches, and `reason` of a reason the charter lacks. */
export const UNLISTED = 'unlisted';

/**
 * The registered principals `node_or_service` may carry: grow-only (a
 * counter's series never disappears) and capped, so a flood of tokens
 * cannot grow the registry without limit. Past the cap, newcomers are
 * `unregistered`.
 */
export interface PrincipalSet {
  has(id: string): boolean;
  /** Adds what is new; returns the ids added by this call. */
  add(ids: Iterable<string>): string[];
  /** The label value for `id`: itself when registered, else `unregistered`. */
  label(id: string): string;
  values(): string[];
}

/** Creates an empty principal set holding at most `max` ids. */
export function createPrincipalSet(max: number): PrincipalSet {
  const ids = new Set<string>();
  return {
    has: (id) => ids.has(id),
    add(candidates) {
      const added: string[] = [];
      for (const id of candidates) {
        if (ids.size >= max) break;
        if (id === UNREGISTERED || ids.has(id)) continue;
        ids.add(id);
        added.push(id);
      }
      return added;
    },
    label: (id) => (ids.has(id) ? id : UNREGISTERED),
    values: () => [...ids],
  };
}

/**
 * The `metric_name` label of each rule of a charter, keyed by the rule as
 * the decision reports it (`name` or `pattern` as written): an exact name
 * in canonical form, a pattern by its pattern text.
 */
export interface RuleLabels {
  /** Label of a rule text; `unlisted` for null or a text no rule has. */
  of(rule: string | null): string;
  /** Labels of the forbidden rules, in charter order. */
  readonly forbidden: readonly string[];
}

/** Builds the rule labels of a compiled charter. */
export function ruleLabelsOf(table: CompiledCharter): RuleLabels {
  const byRule = new Map<string, string>();
  const forbidden: string[] = [];
  const add = (entry: { name?: string; pattern?: string }, into?: string[]) => {
    const label = entry.name !== undefined ? canonicalName(entry.name) : entry.pattern;
    if (label === undefined) return;
    byRule.set(entry.name ?? label, label);
    into?.push(label);
  };
  for (const entry of table.document.metrics.forbidden) add(entry, forbidden);
  for (const entry of table.document.metrics.allowed) add(entry);

  return {
    of: (rule) => (rule === null ? UNLISTED : (byRule.get(rule) ?? UNLISTED)),
    forbidden,
  };
}
