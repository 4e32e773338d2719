import { describe, expect, it } from 'vitest';

import {
  compileCharter,
  decide,
  type CharterDocument,
  type DecisionContext,
} from '../charter/index.js';
import { syntheticCharterDocument, testCharterDocument } from '../charter/test-charter.js';
import { cedarPolicies, createCedarPeer } from './cedar-peer.js';
import { namesFor } from './decide-bench.js';

/** A source in good standing, no overrides: the rules alone decide. */
const noStanding: DecisionContext = {
  nowMs: 0,
  isSuspended: () => false,
  isRevoked: () => false,
  hasOverride: () => false,
  activeOverride: () => undefined,
};

/** The SPEC §3 charter with a glob on each side, as the decision tests use it. */
function withGlobs(): CharterDocument {
  const base = testCharterDocument();
  const purpose = { category: 'infrastructure', access_level: 'node_operator' } as const;
  return {
    ...base,
    metrics: {
      allowed: [
        ...base.metrics.allowed,
        { pattern: 'node_disk_*', ...purpose, retention_days: 30, purpose: 'Disk I/O.' },
        { name: 'gps_fix_quality', ...purpose, retention_days: 30, purpose: 'Shadowed.' },
      ],
      forbidden: [
        ...base.metrics.forbidden,
        { pattern: 'gps_*', category: 'location', severity: 'permanent_ban', reason: 'GPS.' },
      ],
    },
  };
}

const LABEL_SETS: string[][] = [
  [],
  ['node'],
  ['node', 'peer'],
  ['node', 'interface'],
  ['Email'],
  ['node', 'IP-Address'],
];

/** Asks the charter and its Cedar translation about every name with every label set. */
function disagreements(doc: CharterDocument, names: readonly string[]): string[] {
  const table = compileCharter(doc);
  const peer = createCedarPeer(doc);
  const found: string[] = [];
  for (const name of names) {
    for (const labelNames of LABEL_SETS) {
      const labels = Object.fromEntries(labelNames.map((l) => [l, 'v']));
      const ours = decide(table, { name, source: 'node-1', labels }, noStanding).effect;
      const cedar = peer(name, labelNames);
      if (ours !== cedar) found.push(`${name} ${JSON.stringify(labelNames)}: ${ours} vs ${cedar}`);
    }
  }
  return found;
}

describe('the Cedar peer decides as the charter does', () => {
  it('on the sample rules: spellings, globs, label lists and forbidden labels', () => {
    const names = [
      'latency_p50',
      'Latency.P95',
      'cpu_usage_percent',
      'service_version',
      'user_location',
      'User-Location',
      'user.location',
      'user_location_v2',
      'device_hardware_id',
      'node_disk_read_bytes',
      'GPS-Latitude',
      'gps_fix_quality',
      'debug_trace',
    ];
    expect(disagreements(withGlobs(), names)).toEqual([]);
  });

  it('on the benchmark charter, for every name set the benchmark times', () => {
    const doc = syntheticCharterDocument(100);
    const sets = namesFor(doc);
    const names = [...sets.allowed, ...sets.forbidden, ...sets.unknown.slice(0, 20)];
    expect(disagreements(doc, names)).toEqual([]);
  });

  it('allows and denies both, so the agreement above is not vacuous', () => {
    const peer = createCedarPeer(withGlobs());
    expect(peer('latency_p50', ['node'])).toBe('allow');
    expect(peer('latency_p50', ['interface'])).toBe('deny');
    expect(peer('gps_fix_quality', [])).toBe('deny');
  });

  it('refuses what Cedar cannot express rather than translate it wrongly', () => {
    const doc = withGlobs();
    const oneChar = {
      ...doc,
      metrics: {
        ...doc.metrics,
        forbidden: [
          ...doc.metrics.forbidden,
          { ...doc.metrics.forbidden[0]!, name: undefined, pattern: 'ip_v?' },
        ],
      },
    } as CharterDocument;
    expect(() => cedarPolicies(oneChar)).toThrow(
      'Cannot translate glob "ip_v?" to Cedar: its like operator has no one-character wildcard',
    );
    const pending = { ...doc, charter: { ...doc.charter, status: 'pending' } } as CharterDocument;
    expect(() => cedarPolicies(pending)).toThrow(/its status is pending, expected active$/);
  });
});
