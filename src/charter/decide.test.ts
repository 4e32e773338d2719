import { describe, expect, it } from 'vitest';

import { canonicalName } from './canonical.js';
import { compileCharter, type CompiledCharter } from './compile.js';
import { decide, type DecisionContext, type MetricInput, type OverrideGrant } from './decide.js';
import type { Decision } from './decision.js';
import type { CharterDocument } from './schema.js';
import { testCharterDocument } from './test-charter.js';

const NOW = Date.parse('2026-01-01T00:00:00Z');

/** The SPEC §3 charter plus glob rules: node_disk_* allowed, gps_* forbidden over gps_fix_quality. */
function charterDoc(status: 'active' | 'pending' = 'active'): CharterDocument {
  const base = testCharterDocument();
  const purpose = { category: 'infrastructure', access_level: 'node_operator' } as const;
  return testCharterDocument({
    charter: { ...base.charter, status },
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
  });
}

const active = compileCharter(charterDoc('active'));
const pending = compileCharter(charterDoc('pending'));

/**
 * A context whose override index deliberately returns expired grants and
 * grants of other sources: decide() must check expiry and source itself.
 */
function context(
  opts: { suspended?: string[]; revoked?: string[]; overrides?: OverrideGrant[] } = {},
): DecisionContext {
  const subjects = (g: OverrideGrant) => [
    ...g.metrics.map(canonicalName),
    ...g.labels.map((l) => `label:${canonicalName(l)}`),
  ];
  return {
    nowMs: NOW,
    isSuspended: (s) => opts.suspended?.includes(s) ?? false,
    isRevoked: (s) => opts.revoked?.includes(s) ?? false,
    hasOverride: (subject) => (opts.overrides ?? []).some((g) => subjects(g).includes(subject)),
    activeOverride: (subject) => opts.overrides?.find((g) => subjects(g).includes(subject)),
  };
}

const grant = (over: Partial<OverrideGrant>): OverrideGrant => ({
  id: 'ovr-1',
  metrics: [],
  labels: [],
  sources: ['node-1'],
  expiresAtMs: NOW + 60_000,
  ...over,
});

interface Case {
  title: string;
  input: Record<string, unknown>;
  ctx?: DecisionContext;
  table?: CompiledCharter;
  expected: Partial<Decision>;
}

const allow = (rule: string): Partial<Decision> => ({ effect: 'allow', reason: 'allowed', rule });
const deny = (reason: Decision['reason'], rule: string | null = null): Partial<Decision> => ({
  effect: 'deny',
  reason,
  rule,
  overrideId: null,
  dryRun: false,
});
const forbidden = deny('forbidden_metric', 'user_location');
const malformed = deny('malformed');

// One line per case: the table reads as the decision matrix it tests.
// prettier-ignore
const cases: Case[] = [
  // Allowed, exact and glob, with and without a label list.
  { title: 'an allowed exact name', input: { name: 'latency_p50' }, expected: { ...allow('latency_p50'), category: 'network', accessLevel: 'public', severity: null, dryRun: false } },
  { title: 'an allowed name in another spelling', input: { name: 'Latency.P50' }, expected: allow('latency_p50') },
  { title: 'a name an allowed glob matches', input: { name: 'node_disk_read_bytes' }, expected: { ...allow('node_disk_*'), category: 'infrastructure', accessLevel: 'node_operator' } },
  { title: 'labels in the rule list', input: { name: 'latency_p99', labels: { node: 'n1', Peer: 'n2' } }, expected: allow('latency_p99') },
  { title: 'any non-forbidden label on a rule without a list', input: { name: 'packet_loss_percent', labels: { interface: 'eth0' } }, expected: allow('packet_loss_percent') },
  { title: 'a numeric string value and an offset timestamp', input: { name: 'throughput_mbps', value: '-1.5e3', timestamp: '2026-01-01T01:00:00+01:00' }, expected: allow('throughput_mbps') },
  { title: 'a number value and an epoch-ms timestamp', input: { name: 'throughput_mbps', value: 0, timestamp: NOW }, expected: allow('throughput_mbps') },

  // Forbidden metrics: canonical matching, globs, precedence.
  { title: 'a forbidden name', input: { name: 'user_location' }, expected: { ...forbidden, category: 'location', severity: 'permanent_ban', accessLevel: null } },
  { title: 'User-Location as user_location', input: { name: 'User-Location' }, expected: forbidden },
  { title: 'user.location as user_location', input: { name: 'user.location' }, expected: forbidden },
  { title: 'a forbidden name with a ban_1year severity', input: { name: 'device_hardware_id' }, expected: { ...deny('forbidden_metric', 'device_hardware_id'), severity: 'ban_1year', category: 'hardware' } },
  { title: 'a name a forbidden glob matches', input: { name: 'GPS-Latitude' }, expected: { ...deny('forbidden_metric', 'gps_*'), severity: 'permanent_ban' } },
  { title: 'an allowed exact name a forbidden glob covers', input: { name: 'gps_fix_quality' }, expected: deny('forbidden_metric', 'gps_*') },
  { title: 'a forbidden metric before a forbidden label', input: { name: 'user_identity', labels: { email: 'x' } }, expected: deny('forbidden_metric', 'user_identity') },

  // Default deny: renamed and unlisted names.
  { title: 'a renamed forbidden metric (user_location_v2)', input: { name: 'user_location_v2' }, expected: { ...deny('not_allowed'), category: null, severity: null } },
  { title: 'a renamed forbidden metric (userlocation)', input: { name: 'userlocation' }, expected: deny('not_allowed') },
  { title: 'a recording-rule name with colons', input: { name: 'job:latency_p50:rate5m' }, expected: deny('not_allowed') },
  { title: 'a name of exactly 200 characters', input: { name: 'a'.repeat(200) }, expected: deny('not_allowed') },

  // Labels.
  { title: 'a forbidden label on an allowed metric', input: { name: 'packet_loss_percent', labels: { email: 'a@b.c' } }, expected: { ...deny('forbidden_label', 'label:email'), severity: 'ban_1year', category: null } },
  { title: 'a forbidden label in another spelling', input: { name: 'throughput_mbps', labels: { 'IP-Address': '10.0.0.1' } }, expected: deny('forbidden_label', 'label:ip_address') },
  { title: 'a forbidden label on an unlisted metric', input: { name: 'whatever_total', labels: { location: 'x' } }, expected: { ...deny('forbidden_label', 'label:location'), severity: 'permanent_ban' } },
  { title: 'a label outside the rule list', input: { name: 'latency_p50', labels: { node: 'n1', interface: 'eth0' } }, expected: { ...deny('not_allowed', 'latency_p50'), category: 'network', accessLevel: 'public', severity: null } },
  { title: 'a forbidden label before a label outside the list', input: { name: 'cpu_usage_percent', labels: { zone: 'a', user_id: 'u' } }, expected: deny('forbidden_label', 'label:user_id') },

  // Malformed input, before anything else.
  { title: 'an empty name', input: { name: '' }, expected: malformed },
  { title: 'a 201-character name', input: { name: 'a'.repeat(201) }, expected: malformed },
  { title: 'a name with a space', input: { name: 'cpu usage' }, expected: malformed },
  { title: 'a name with a slash', input: { name: 'cpu/usage' }, expected: malformed },
  { title: 'a non-string name', input: { name: 42 }, expected: malformed },
  { title: 'an empty source', input: { name: 'latency_p50', source: '' }, expected: malformed },
  { title: 'a non-numeric value', input: { name: 'latency_p50', value: 'fast' }, expected: malformed },
  { title: 'a NaN value', input: { name: 'latency_p50', value: Number.NaN }, expected: malformed },
  { title: 'an Infinity value', input: { name: 'latency_p50', value: Number.POSITIVE_INFINITY }, expected: malformed },
  { title: 'a boolean value', input: { name: 'latency_p50', value: true }, expected: malformed },
  { title: 'an object value', input: { name: 'latency_p50', value: { v: 1 } }, expected: malformed },
  { title: 'a value string that overflows', input: { name: 'latency_p50', value: '1e400' }, expected: malformed },
  { title: 'a hexadecimal value string', input: { name: 'latency_p50', value: '0x10' }, expected: malformed },
  { title: 'an unparseable timestamp', input: { name: 'latency_p50', timestamp: 'yesterday' }, expected: malformed },
  { title: 'a timestamp without offset', input: { name: 'latency_p50', timestamp: '2026-01-01T00:00:00' }, expected: malformed },
  { title: 'an impossible date', input: { name: 'latency_p50', timestamp: '2026-02-30T00:00:00Z' }, expected: malformed },
  { title: 'labels as an array', input: { name: 'latency_p50', labels: ['node'] }, expected: malformed },
  { title: 'a non-string label value', input: { name: 'packet_loss_percent', labels: { node: 1 } }, expected: malformed },
  { title: 'a malformed label name', input: { name: 'packet_loss_percent', labels: { 'bad key': 'x' } }, expected: malformed },
  { title: 'more than 64 labels', input: { name: 'packet_loss_percent', labels: Object.fromEntries(Array.from({ length: 65 }, (_, i) => [`l${i}`, 'v'])) }, expected: malformed },
  { title: 'malformed before revoked', input: { name: '' }, ctx: context({ revoked: ['node-1'] }), expected: malformed },

  // Source standing.
  { title: 'a revoked source, even for an allowed metric', input: { name: 'latency_p50' }, ctx: context({ revoked: ['node-1'] }), expected: deny('access_revoked') },
  { title: 'revoked before suspended', input: { name: 'latency_p50' }, ctx: context({ revoked: ['node-1'], suspended: ['node-1'] }), expected: deny('access_revoked') },
  { title: 'a suspended source', input: { name: 'latency_p50' }, ctx: context({ suspended: ['node-1'] }), expected: deny('source_suspended') },
  { title: 'suspended before a forbidden metric', input: { name: 'user_location' }, ctx: context({ suspended: ['node-1'] }), expected: deny('source_suspended') },
  { title: 'another source is not suspended', input: { name: 'latency_p50' }, ctx: context({ suspended: ['node-2'] }), expected: allow('latency_p50') },

  // Emergency overrides, checked against nowMs.
  { title: 'an override of the metric and source', input: { name: 'user_location' }, ctx: context({ overrides: [grant({ metrics: ['user_location'] })] }), expected: { effect: 'allow', reason: 'override', rule: 'user_location', severity: 'permanent_ban', overrideId: 'ovr-1' } },
  { title: 'an override expiring one ms from now', input: { name: 'User-Location' }, ctx: context({ overrides: [grant({ metrics: ['user_location'], expiresAtMs: NOW + 1 })] }), expected: { effect: 'allow', reason: 'override', overrideId: 'ovr-1' } },
  { title: 'an override that expired one ms ago', input: { name: 'user_location' }, ctx: context({ overrides: [grant({ metrics: ['user_location'], expiresAtMs: NOW - 1 })] }), expected: forbidden },
  { title: 'an override expiring exactly now', input: { name: 'user_location' }, ctx: context({ overrides: [grant({ metrics: ['user_location'], expiresAtMs: NOW })] }), expected: forbidden },
  { title: 'an override for a different source', input: { name: 'user_location' }, ctx: context({ overrides: [grant({ metrics: ['user_location'], sources: ['node-2'] })] }), expected: forbidden },
  { title: 'an override of a forbidden label', input: { name: 'packet_loss_percent', labels: { email: 'x' } }, ctx: context({ overrides: [grant({ labels: ['email'] })] }), expected: { effect: 'allow', reason: 'override', rule: 'label:email', overrideId: 'ovr-1' } },
  { title: 'an override of one of two forbidden labels', input: { name: 'packet_loss_percent', labels: { email: 'x', ip_address: 'y' } }, ctx: context({ overrides: [grant({ labels: ['email'] })] }), expected: deny('forbidden_label', 'label:ip_address') },
  { title: 'an override of an unlisted metric', input: { name: 'debug_trace' }, ctx: context({ overrides: [grant({ metrics: ['debug_trace'] })] }), expected: { effect: 'allow', reason: 'override', rule: null } },
  { title: 'an override of a label outside the rule list', input: { name: 'latency_p50', labels: { interface: 'eth0' } }, ctx: context({ overrides: [grant({ labels: ['interface'] })] }), expected: { effect: 'allow', reason: 'override', rule: 'latency_p50' } },
  { title: 'an override does not lift a suspension', input: { name: 'user_location' }, ctx: context({ suspended: ['node-1'], overrides: [grant({ metrics: ['user_location'] })] }), expected: deny('source_suspended') },

  // A pending charter is a dry run: rule denies are reported, not enforced.
  { title: 'dry run: a forbidden metric', table: pending, input: { name: 'user_location' }, expected: { effect: 'allow', reason: 'forbidden_metric', rule: 'user_location', severity: 'permanent_ban', dryRun: true } },
  { title: 'dry run: a forbidden label', table: pending, input: { name: 'throughput_mbps', labels: { mac_address: 'm' } }, expected: { effect: 'allow', reason: 'forbidden_label', dryRun: true } },
  { title: 'dry run: an unlisted metric', table: pending, input: { name: 'userlocation' }, expected: { effect: 'allow', reason: 'not_allowed', dryRun: true } },
  { title: 'dry run: an allowed metric', table: pending, input: { name: 'latency_p50' }, expected: { ...allow('latency_p50'), dryRun: false } },
  { title: 'dry run: malformed still denies', table: pending, input: { name: 'a b' }, expected: malformed },
  { title: 'dry run: revoked still denies', table: pending, input: { name: 'user_location' }, ctx: context({ revoked: ['node-1'] }), expected: deny('access_revoked') },
  { title: 'dry run: suspended still denies', table: pending, input: { name: 'latency_p50' }, ctx: context({ suspended: ['node-1'] }), expected: deny('source_suspended') },
];

describe('decide()', () => {
  it.each(cases)('decides $title', ({ input, ctx, table, expected }) => {
    const full = { source: 'node-1', ...input } as unknown as MetricInput;
    expect(decide(table ?? active, full, ctx ?? context())).toMatchObject(expected);
  });

  it('covers every reason code', () => {
    const reasons = new Set(cases.map((c) => c.expected.reason));
    expect([...reasons].sort()).toEqual([
      'access_revoked',
      'allowed',
      'forbidden_label',
      'forbidden_metric',
      'malformed',
      'not_allowed',
      'override',
      'source_suspended',
    ]);
  });

  it('returns the same frozen object for repeated rule decisions', () => {
    const a = decide(active, { name: 'latency_p50', source: 'n' }, context());
    const b = decide(active, { name: 'LATENCY-P50', source: 'm' }, context());
    expect(a).toBe(b);
    expect(Object.isFrozen(a)).toBe(true);
  });

  it('keeps deciding correctly after the name memo has been cleared by a flood of names', () => {
    const ctx = context();
    for (let i = 0; i < 20_000; i++) decide(active, { name: `probe_${i}`, source: 'n' }, ctx);
    expect(decide(active, { name: 'User-Location', source: 'n' }, ctx).reason).toBe(
      'forbidden_metric',
    );
    expect(decide(active, { name: 'probe_1', source: 'n' }, ctx).reason).toBe('not_allowed');
  });

  it('never throws on input that ignores its type', () => {
    const junk: unknown[] = [null, undefined, 7, 'name', [], { name: 'x' }, { source: 'n' }];
    for (const input of junk) {
      expect(decide(active, input as MetricInput, context()).reason).toBe('malformed');
    }
  });
});
