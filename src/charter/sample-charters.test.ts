import { readFileSync } from 'node:fs';

import { describe, expect, it } from 'vitest';

import { canonicalName } from './canonical.js';
import { charterJsonSchema } from './json-schema.js';
import { parseCharter } from './load.js';

const read = (file: string): string =>
  readFileSync(new URL(`../../${file}`, import.meta.url), 'utf8');

describe('parseCharter() on the sample charters', () => {
  const ALLOWED = [
    'latency_p50',
    'latency_p95',
    'latency_p99',
    'packet_loss_percent',
    'throughput_mbps',
    'connection_uptime_percent',
    'cpu_usage_percent',
    'memory_usage_percent',
    'disk_usage_percent',
    'network_interface_status',
    'api_requests_per_second',
    'error_rate_percent',
    'service_version',
  ];
  const FORBIDDEN = {
    user_location: 'permanent_ban',
    user_identity: 'permanent_ban',
    browsing_history: 'permanent_ban',
    device_hardware_id: 'ban_1year',
    user_communication_metadata: 'ban_1year',
    system_logs_with_user_data: 'ban_1year',
  };
  const samples = ['reference', 'development', 'staging', 'production'] as const;

  it.each(samples)('loads %s with the thirteen allowed and six forbidden metrics', (name) => {
    const doc = parseCharter(read(`charters/${name}.yaml`), `charters/${name}.yaml`);
    const named = <T extends { name?: string }>(rules: readonly T[]) =>
      rules.flatMap((r) => (r.name === undefined ? [] : [r]));

    expect(named(doc.metrics.allowed).map((r) => r.name)).toEqual(ALLOWED);
    const forbidden = named(doc.metrics.forbidden).map((r) => [r.name, r.severity]);
    expect(Object.fromEntries(forbidden)).toEqual(FORBIDDEN);
    expect(doc.labels.forbidden.map((l) => canonicalName(l.name))).toEqual(
      expect.arrayContaining(['user_id', 'email', 'ip_address', 'mac_address', 'location']),
    );
    expect(doc.violations.escalation).toMatchObject({
      window_seconds: 60,
      violation_after: 3,
      suspend_after: 5,
    });
    expect(doc.violations.response_levels.map((r) => r.requires)).toEqual([
      'none',
      'none',
      'committee_vote',
      'board_approval',
    ]);
    expect(Object.keys(doc.access).sort()).toEqual([
      'admin',
      'audit_committee_member',
      'emergency_responder',
      'monitoring_service',
      'node_operator',
      'public',
    ]);
    expect(doc.committee.quorum_percent).toBe(66);
    expect(doc.committee.members.length).toBeGreaterThanOrEqual(3);
    expect(doc.committee.members.every((m) => m.contact.endsWith('@example.org'))).toBe(true);
    expect(doc.emergency_override).toMatchObject({ enabled: true, max_duration_seconds: 7200 });
    expect(doc.revocation).toEqual({ deadline_seconds: 5, export_window_days: 30 });
    expect(doc.audit).toEqual({ signing_algorithm: 'ed25519', retention_years: 7 });
    expect(doc.charter.principles).toHaveLength(8);
  });

  it('gives each sample its own id and environment, production pending', () => {
    const docs = samples.map((name) => parseCharter(read(`charters/${name}.yaml`), name));
    expect(new Set(docs.map((d) => d.charter.id)).size).toBe(samples.length);
    expect(docs.map((d) => d.charter.environment)).toEqual([
      'production',
      'development',
      'staging',
      'production',
    ]);
    expect(docs.map((d) => d.charter.status)).toEqual(['active', 'active', 'active', 'pending']);
  });

  it('shows pattern rules in the reference charter', () => {
    const doc = parseCharter(read('charters/reference.yaml'), 'reference.yaml');
    expect(doc.metrics.allowed.map((r) => r.pattern).filter(Boolean)).toEqual(['node_cpu_*']);
    expect(doc.metrics.forbidden.map((r) => r.pattern).filter(Boolean)).toEqual(['gps_*']);
  });

  it('uses every key the schema defines in the reference charter', () => {
    const doc = parseCharter(read('charters/reference.yaml'), 'reference.yaml');
    const used = new Set(keyPaths(doc));
    const declared = schemaKeyPaths(charterJsonSchema());
    expect(declared.filter((path) => !used.has(path))).toEqual([]);
    // The walk reaches nested sections and list items, not just the top.
    expect(declared).toEqual(
      expect.arrayContaining(['metrics.allowed[].labels', 'access.public.rate_limit_per_minute']),
    );
  });

  it('returns a deeply frozen document', () => {
    const doc = parseCharter(read('test/fixtures/charters/minimal.yaml'), 'minimal.yaml');
    expect(Object.isFrozen(doc)).toBe(true);
    expect(Object.isFrozen(doc.metrics.allowed[0]?.labels)).toBe(true);
  });
});

/** Every key path in a JSON value, list items as `[]`: `metrics.allowed[].labels`. */
function keyPaths(value: unknown, prefix = ''): string[] {
  if (Array.isArray(value)) return value.flatMap((item) => keyPaths(item, `${prefix}[]`));
  if (typeof value !== 'object' || value === null) return [];
  return Object.entries(value).flatMap(([key, inner]) => {
    const path = prefix === '' ? key : `${prefix}.${key}`;
    return [path, ...keyPaths(inner, path)];
  });
}

/** Every property path a JSON Schema declares, in the notation of keyPaths(). */
function schemaKeyPaths(schema: unknown, prefix = ''): string[] {
  if (typeof schema !== 'object' || schema === null) return [];
  const node = schema as {
    properties?: Record<string, unknown>;
    items?: unknown;
    anyOf?: unknown[];
  };
  const paths = Object.entries(node.properties ?? {}).flatMap(([key, inner]) => {
    const path = prefix === '' ? key : `${prefix}.${key}`;
    return [path, ...schemaKeyPaths(inner, path)];
  });
  paths.push(...schemaKeyPaths(node.items, `${prefix}[]`));
  for (const branch of node.anyOf ?? []) paths.push(...schemaKeyPaths(branch, prefix));
  return [...new Set(paths)];
}
