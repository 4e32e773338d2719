import { createRequire } from 'node:module';
import { setFlagsFromString } from 'node:v8';

import { canonicalName, type CharterDocument } from '../charter/index.js';

type CedarModule = typeof import('@cedar-policy/cedar-wasm/nodejs');

/** A decision function with the same inputs and meaning as the charter's. */
export type PeerDecide = (name: string, labels: readonly string[]) => 'allow' | 'deny';

/**
 * Translates a charter into an equivalent Cedar policy set: each allowed rule a
 * `permit` (limited to its label list when it has one), each forbidden rule
 * and label a `forbid` (Cedar's forbid overrides permit, as the charter's
 * forbidden list overrides its allowed list), with default deny on both sides.
 * Globs become `like` over the canonical name.
 *
 * @throws Error for a glob with `?` (Cedar's `like` has no one-character
 *   wildcard) or a charter that is not `active` (a dry run blocks nothing, a
 *   Cedar deny would): no policy set would be equivalent. The peer is a
 *   benchmark's instrument, so this is a programming error, not an input one.
 */
export function cedarPolicies(doc: CharterDocument): string {
  if (doc.charter.status !== 'active') {
    throw new Error(
      `Cannot translate charter "${doc.charter.id}" to Cedar: its status is ${doc.charter.status}, expected active`,
    );
  }
  const quote = (s: string) => JSON.stringify(s);
  const policies: string[] = [];
  const rule = (effect: 'permit' | 'forbid', r: RuleKey, labels?: readonly string[]) => {
    const conditions: string[] = [];
    let resource = 'resource';
    if (r.name !== undefined) resource = `resource == Metric::${quote(canonicalName(r.name))}`;
    else conditions.push(`context.name like ${quote(likePattern(r.pattern ?? ''))}`);
    if (labels !== undefined) {
      const listed = labels.map((l) => quote(canonicalName(l))).join(', ');
      conditions.push(`[${listed}].containsAll(context.labels)`);
    }
    const when = conditions.length > 0 ? ` when { ${conditions.join(' && ')} }` : '';
    return `${effect}(principal, action == Action::"collect", ${resource})${when};`;
  };

  for (const r of doc.metrics.allowed) policies.push(rule('permit', r, r.labels));
  for (const r of doc.metrics.forbidden) policies.push(rule('forbid', r));
  const labels = doc.labels.forbidden.map((l) => quote(canonicalName(l.name)));
  if (labels.length > 0) {
    policies.push(
      `forbid(principal, action, resource) when { context.labels.containsAny([${labels.join(', ')}]) };`,
    );
  }
  return policies.join('\n');
}

type RuleKey = { name?: string; pattern?: string };

/** A charter glob as a Cedar `like` pattern over canonical names. */
function likePattern(glob: string): string {
  if (glob.includes('?')) {
    throw new Error(
      `Cannot translate glob "${glob}" to Cedar: its like operator has no one-character wildcard`,
    );
  }
  return canonicalName(glob);
}

let policySetCounter = 0;

/**
 * Loads Cedar's WebAssembly build and prepares the charter's policy set once
 * (Cedar's own cache), so each call pays only for authorization.
 */
export function createCedarPeer(doc: CharterDocument): PeerDecide {
  // Node 20's V8 aborts the process (a fatal deoptimizer error) when a JS
  // function that inlined a call into Cedar's wasm is deoptimized, which a
  // second and third policy set trigger. Not inlining JS-to-wasm calls avoids
  // it; it touches wasm calls only, so the charter's own code is unaffected.
  setFlagsFromString('--no-turbo-inline-js-wasm-calls');
  const cedar = createRequire(import.meta.url)('@cedar-policy/cedar-wasm/nodejs') as CedarModule;
  const id = `charter-${policySetCounter++}`;
  const parsed = cedar.preparsePolicySet(id, { staticPolicies: cedarPolicies(doc) });
  if (parsed.type !== 'success') {
    throw new Error(`Cedar refused the translated policy set: ${JSON.stringify(parsed.errors)}`);
  }
  const principal = { type: 'Source', id: 'bench-node' };
  const action = { type: 'Action', id: 'collect' };

  return (name, labels) => {
    const canonical = canonicalName(name);
    const folded: string[] = [];
    for (const label of labels) folded.push(canonicalName(label));
    const answer = cedar.statefulIsAuthorized({
      principal,
      action,
      resource: { type: 'Metric', id: canonical },
      context: { name: canonical, labels: folded },
      preparsedPolicySetId: id,
      entities: [],
    });
    if (answer.type !== 'success') throw new Error('Cedar failed to authorize');
    return answer.response.decision;
  };
}
