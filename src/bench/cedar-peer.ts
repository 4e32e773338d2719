import { createRequire } from 'node:module';
import { setFlagsFromString } from 'node:v8';

import { canonicalName, type CharterDocument } from '../charter/index.js';

type CedarModule = typeof import('@cedar-policy/cedar-wasm/nodejs');

/** A decision function with the same inputs and meaning as the charter's. */
export type PeerDecide = (name: string, labels: readonly string[]) => 'allow' | 'deny';

/**
 * Translates a charter into an equivalent Cedar policy set: each allowed rule a
 * `permit`, each forbidden rule and label a `forbid` (Cedar's forbid overrides
 * permit, as the charter's forbidden list overrides its allowed list), with
 * default deny on both sides. Globs become `like` over the canonical name.
 */
export function cedarPolicies(doc: CharterDocument): string {
  const quote = (s: string) => JSON.stringify(s);
  const policies: string[] = [];
  const rule = (effect: 'permit' | 'forbid', r: { name?: string; pattern?: string }) =>
    r.name !== undefined
      ? `${effect}(principal, action == Action::"collect", resource == Metric::${quote(canonicalName(r.name))});`
      : `${effect}(principal, action == Action::"collect", resource) when { context.name like ${quote(canonicalName(r.pattern ?? ''))} };`;

  for (const r of doc.metrics.allowed) policies.push(rule('permit', r));
  for (const r of doc.metrics.forbidden) policies.push(rule('forbid', r));
  const labels = doc.labels.forbidden.map((l) => quote(canonicalName(l.name)));
  if (labels.length > 0) {
    policies.push(
      `forbid(principal, action, resource) when { context.labels.containsAny([${labels.join(', ')}]) };`,
    );
  }
  return policies.join('\n');
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
