import type { Stack } from '../../scripts/stack/start-stack.js';
import { api, poll, promQuery } from './stack-suite.js';

/** The principals the workload plays, each with a token minted by the real CLI. */
export interface TrafficTokens {
  admin: string;
  monitoring: string;
  nodes: Record<string, string>;
  lead: string;
  sec: string;
  responder: string;
}

/** What the workload did, for the suite's assertions and messages. */
export interface TrafficReport {
  decisions: number;
  forbiddenAttempts: number;
  reportedViolations: number;
  overrideId: string;
  revokedCollector: string;
}

const NODES = ['node-1', 'node-2', 'node-3', 'node-4'];
const ALLOWED = ['cpu_usage_percent', 'latency_p99', 'packet_loss_percent', 'throughput_mbps'];
const SHA = (c: string) => c.repeat(64);
/** The collector whose access the workload revokes; it holds a token, so it is registered. */
export const REVOKED_COLLECTOR = 'collector-9';

/** Mints every token the workload needs (the development charter's committee members). */
export async function mintTrafficTokens(stack: Stack): Promise<TrafficTokens> {
  const node = (id: string) => stack.createToken(id, 'node_operator');
  const [monitoring, lead, sec, responder, ...nodeTokens] = await Promise.all([
    stack.createToken('prometheus', 'monitoring_service'),
    stack.createToken('dev-lead', 'audit_committee_member'),
    stack.createToken('dev-sec', 'audit_committee_member'),
    stack.createToken('responder-1', 'emergency_responder'),
    stack.createToken(REVOKED_COLLECTOR, 'monitoring_service'),
    ...NODES.map(node),
  ]);
  const nodes = Object.fromEntries(NODES.map((id, i) => [id, nodeTokens[i + 1]!]));
  await waitForPrincipals(stack, [...NODES, REVOKED_COLLECTOR]);
  return { admin: stack.tokens.admin, monitoring, nodes, lead, sec, responder };
}

/**
 * Waits until Prometheus holds a zero series for each of `ids`. The service
 * labels a source by name only once it has read its token (every second),
 * and a counter moves visibly in `increase()` only when Prometheus scraped
 * it at zero first; traffic before that would land under `unregistered` or
 * in a first sample that no window sees rise.
 */
async function waitForPrincipals(stack: Stack, ids: string[]): Promise<void> {
  const selector = `westworld_charter_data_revocation_events_total{node_or_service=~"${ids.join('|')}"}`;
  const expr = `count(count by (node_or_service) (${selector}))`;
  const seen = await poll(
    async () => (await promQuery(stack, expr))[0]?.values[0] ?? 0,
    (n) => n === ids.length,
    30_000,
  );
  if (seen !== ids.length) {
    throw new Error(`Prometheus saw ${seen} of the ${ids.length} principals ${ids.join(', ')}`);
  }
}

/** Calls the API and insists on `status`, naming the call when it differs. */
async function expectStatus<T>(
  status: number,
  call: Promise<{ status: number; body: T; text: string }>,
) {
  const reply = await call;
  if (reply.status !== status) {
    throw new Error(`Expected HTTP ${status}, got ${reply.status}: ${reply.text}`);
  }
  return reply.body;
}

/**
 * A mixed workload over HTTP that moves every one of the fifteen metrics:
 * allowed and denied decisions, an escalation to a suspension, reported
 * violations (one critical, so the committee is notified), a committee
 * investigation, an emergency override through its whole life, a
 * collector's revocation and a charter reload.
 */
export async function runMixedWorkload(stack: Stack, t: TrafficTokens): Promise<TrafficReport> {
  const call = <T>(status: number, method: string, path: string, token: string, body?: unknown) =>
    expectStatus(status, api<T>(stack, method, path, token, body));
  let decisions = 0;
  let forbiddenAttempts = 0;

  // Decisions are timed one in 128: a few thousand give the latency panels samples.
  for (const [source, token] of Object.entries(t.nodes)) {
    const metrics = Array.from({ length: 800 }, (_, i) => ({
      name: ALLOWED[i % ALLOWED.length]!,
      source,
      value: i,
    }));
    await call(200, 'POST', '/v1/validate', token, { metrics });
    decisions += metrics.length;
  }

  // A forbidden name and an unlisted one, below the escalation threshold.
  const quiet = [
    { name: 'device_hardware_id', source: 'node-1' },
    { name: 'user.location.v2', source: 'node-1' },
  ];
  await call(200, 'POST', '/v1/validate', t.nodes['node-1']!, { metrics: quiet });
  forbiddenAttempts += quiet.length;

  // One source insisting: a violation at the third attempt, suspended at the fifth.
  for (let i = 0; i < 5; i += 1) {
    const metrics = [{ name: 'browsing_history', source: 'node-2' }];
    await call(200, 'POST', '/v1/validate', t.nodes['node-2']!, { metrics });
    forbiddenAttempts += 1;
  }

  const report = (type: string, source: string, c: string) =>
    call<{ violation: { id: string } }>(201, 'POST', '/v1/violations', t.monitoring, {
      type,
      source,
      evidence: [{ kind: 'sha256', value: SHA(c) }],
    });
  await report('data_extraction', 'node-1', 'a');
  await report('behavioral_prediction', 'node-3', 'b');
  const exploitation = await report('exploitation', 'node-4', 'c');
  await call(201, 'POST', '/v1/investigations', t.lead, {
    violation_id: exploitation.violation.id,
  });

  const overrideId = await overrideLifecycle(call, t);

  await call(201, 'POST', '/v1/revocations', t.lead, {
    collector: REVOKED_COLLECTOR,
    reason: 'consent_withdrawn',
  });
  await call(200, 'POST', '/v1/charter/reload', t.admin);

  // The revocation counts once it is in force; wait for that, not a fixed time.
  await poll(
    () =>
      api<{ revocations: { collector: string; latencyMs?: number | null }[] }>(
        stack,
        'GET',
        '/v1/revocations',
        t.lead,
      ),
    (r) => r.body.revocations.some((x) => x.collector === REVOKED_COLLECTOR && x.latencyMs != null),
    30_000,
  );

  return {
    decisions,
    forbiddenAttempts,
    reportedViolations: 3,
    overrideId,
    revokedCollector: REVOKED_COLLECTOR,
  };
}

type Call = <T>(
  status: number,
  method: string,
  path: string,
  token: string,
  body?: unknown,
) => Promise<T>;

/** Requests, approves by quorum, activates and ends an emergency override. */
async function overrideLifecycle(call: Call, t: TrafficTokens): Promise<string> {
  const requested = await call<{ override: { id: string } }>(
    201,
    'POST',
    '/v1/overrides',
    t.responder,
    {
      reason: 'network_outage_diagnosis',
      justification: 'Diagnosing a partition between two mesh regions.',
      metrics: ['device_hardware_id'],
      sources: ['node-1'],
      duration_seconds: 600,
    },
  );
  const id = requested.override.id;
  for (const token of [t.lead, t.sec]) {
    await call(200, 'POST', `/v1/overrides/${id}/votes`, token, { choice: 'approve' });
  }
  await call(200, 'POST', `/v1/overrides/${id}/activate`, t.responder);
  await call(200, 'POST', `/v1/overrides/${id}/end`, t.lead);
  return id;
}
