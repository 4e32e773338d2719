import type { AllowedMetric, CharterDocument, ForbiddenMetric } from './schema.js';

/*
 * In-code charters for tests and benchmarks: no file I/O and no loader, so
 * they exercise compile and decide alone. Each call returns a fresh document
 * that the caller may edit.
 */

type Allowed = Omit<AllowedMetric, 'name'>;

const network = (purpose: string, labels?: string[]): Allowed => ({
  category: 'network',
  access_level: 'public',
  retention_days: 90,
  purpose,
  ...(labels ? { labels } : {}),
});
const infra = (purpose: string, labels?: string[]): Allowed => ({
  ...network(purpose, labels),
  category: 'infrastructure',
  access_level: 'node_operator',
  retention_days: 30,
});
const service = (purpose: string): Allowed => ({ ...infra(purpose), category: 'service' });

/** The thirteen allowed metrics of SPEC §3; latency and CPU list their labels. */
function allowedMetrics(): AllowedMetric[] {
  const latency = ['node', 'peer', 'region'];
  return [
    { name: 'latency_p50', ...network('Median round-trip time between peers.', latency) },
    { name: 'latency_p95', ...network('95th percentile round-trip time.', latency) },
    { name: 'latency_p99', ...network('99th percentile round-trip time.', latency) },
    { name: 'packet_loss_percent', ...network('Share of packets lost on a link.') },
    { name: 'throughput_mbps', ...network('Link throughput.') },
    { name: 'connection_uptime_percent', ...network('Share of time a link is up.') },
    {
      name: 'cpu_usage_percent',
      ...infra('Node CPU load, for capacity planning.', ['node', 'core']),
    },
    { name: 'memory_usage_percent', ...infra('Node memory use.') },
    { name: 'disk_usage_percent', ...infra('Node disk use.') },
    { name: 'network_interface_status', ...infra('Whether an interface is up.') },
    { name: 'api_requests_per_second', ...service('Request rate of a service.') },
    { name: 'error_rate_percent', ...service('Share of requests that fail.') },
    { name: 'service_version', ...service('Deployed version, for rollouts.') },
  ];
}

/** The six forbidden metrics of SPEC §3. */
function forbiddenMetrics(): ForbiddenMetric[] {
  return [
    {
      name: 'user_location',
      category: 'location',
      severity: 'permanent_ban',
      reason: 'Reveals where a person is.',
    },
    {
      name: 'user_identity',
      category: 'identity',
      severity: 'permanent_ban',
      reason: 'Identifies a person.',
    },
    {
      name: 'browsing_history',
      category: 'behavior',
      severity: 'permanent_ban',
      reason: 'Profiles behaviour.',
    },
    {
      name: 'device_hardware_id',
      category: 'hardware',
      severity: 'ban_1year',
      reason: 'Tracks a device across networks.',
    },
    {
      name: 'user_communication_metadata',
      category: 'communication',
      severity: 'ban_1year',
      reason: 'Maps who talks to whom.',
    },
    {
      name: 'system_logs_with_user_data',
      category: 'logs',
      severity: 'ban_1year',
      reason: 'Carries personal data.',
    },
  ];
}

/**
 * A complete, valid `active` charter with the metrics of SPEC §3 and the
 * forbidden labels user_id, email, ip_address, mac_address and location.
 * `overrides` replace top-level sections whole (spread the base to edit one).
 */
export function testCharterDocument(overrides: Partial<CharterDocument> = {}): CharterDocument {
  const base: CharterDocument = {
    schema_version: 1,
    charter: {
      id: 'anti-delos-test',
      name: 'Anti-Delos Charter (test)',
      version: '1.0.0',
      environment: 'development',
      status: 'active',
      effective_date: '2026-01-01',
      organization: 'Westworld Mesh',
      approved_by: ['audit-committee'],
      principles: [{ id: 'no-hidden-collection', text: 'Nothing is collected in secret.' }],
    },
    metrics: { allowed: allowedMetrics(), forbidden: forbiddenMetrics() },
    labels: {
      forbidden: ['user_id', 'email', 'ip_address', 'mac_address', 'location'].map((name) => ({
        name,
        severity: name === 'location' ? 'permanent_ban' : 'ban_1year',
        reason: 'Identifies or locates a person.',
      })),
    },
    violations: {
      escalation: { window_seconds: 60, violation_after: 3, suspend_after: 5 },
      response_levels: [
        { level: 1, name: 'log and alert', actions: ['log', 'alert'], requires: 'none' },
        { level: 2, name: 'block and suspend', actions: ['block', 'suspend'], requires: 'none' },
        { level: 3, name: 'node quarantine', actions: ['quarantine'], requires: 'committee_vote' },
        { level: 4, name: 'legal escalation', actions: ['refer'], requires: 'board_approval' },
      ],
    },
    access: {
      public: { read: ['public'], write: false, rate_limit_per_minute: 60 },
      node_operator: { read: ['public', 'node_operator'], write: true, rate_limit_per_minute: 600 },
      monitoring_service: {
        read: ['public', 'node_operator'],
        write: true,
        rate_limit_per_minute: 6000,
      },
      audit_committee_member: {
        read: ['public', 'node_operator', 'audit_only'],
        write: false,
        rate_limit_per_minute: 600,
      },
      emergency_responder: {
        read: ['public', 'node_operator', 'emergency'],
        write: false,
        rate_limit_per_minute: 600,
      },
      admin: {
        read: ['public', 'node_operator', 'audit_only', 'emergency'],
        write: true,
        rate_limit_per_minute: 600,
      },
    },
    committee: {
      quorum_percent: 66,
      members: ['alice', 'bernard', 'dolores'].map((id) => ({
        id,
        name: id[0]?.toUpperCase() + id.slice(1),
        contact: `${id}@committee.example`,
      })),
    },
    emergency_override: {
      enabled: true,
      max_duration_seconds: 7200,
      renewal_requires_approval: true,
      quorum_percent: 66,
      requester_roles: ['audit_committee_member', 'emergency_responder'],
      allowed_reasons: ['security_incident', 'life_safety'],
    },
    revocation: { deadline_seconds: 5, export_window_days: 30 },
    audit: { signing_algorithm: 'ed25519', retention_years: 7 },
  };
  return { ...base, ...overrides };
}

/**
 * A valid charter with exactly `ruleCount` metric rules, for benchmarks: about
 * 90 % exact names and 10 % globs, half allowed and half forbidden, none
 * overlapping (exact names start `synthetic_`, globs `syn_a_`/`syn_f_` plus a
 * fixed-width number and `_`). Allowed rules list no labels, so any label that
 * is not forbidden passes. The rest of the document is testCharterDocument().
 */
export function syntheticCharterDocument(ruleCount: number): CharterDocument {
  const globs = Math.round(ruleCount * 0.1);
  const exacts = ruleCount - globs;
  const id = (i: number) => String(i).padStart(6, '0');
  const allowed: AllowedMetric[] = [];
  const forbidden: ForbiddenMetric[] = [];

  for (let i = 0; i < exacts; i++) {
    if (i % 2 === 0) allowed.push({ name: `synthetic_allowed_${id(i)}`, ...network('Synthetic.') });
    else forbidden.push(forbiddenRule({ name: `synthetic_forbidden_${id(i)}` }));
  }
  for (let i = 0; i < globs; i++) {
    if (i % 2 === 0) allowed.push({ pattern: `syn_a_${id(i)}_*`, ...network('Synthetic.') });
    else forbidden.push(forbiddenRule({ pattern: `syn_f_${id(i)}_*` }));
  }

  const base = testCharterDocument();
  return {
    ...base,
    charter: { ...base.charter, id: `synthetic-${ruleCount}` },
    metrics: { allowed, forbidden },
  };
}

function forbiddenRule(key: { name: string } | { pattern: string }): ForbiddenMetric {
  return { ...key, category: 'other', severity: 'ban_1year', reason: 'Synthetic.' };
}
