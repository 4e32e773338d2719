import { existsSync } from 'node:fs';

import { startStack, type Stack, type StackOptions } from '../../scripts/stack/start-stack.js';
import { parseExposition, type Exposition } from '../support/exposition.js';
import { until } from '../support/poll.js';

/**
 * The fifteen metric names of SPEC §7: the contract the dashboards and
 * alerts are written against, so they are stated here, not read back from
 * the service under test.
 */
export const SPEC_METRICS = [
  'westworld_charter_violations_total',
  'westworld_charter_forbidden_metric_attempts_total',
  'westworld_charter_data_revocation_events_total',
  'westworld_charter_audit_committee_notifications_total',
  'westworld_charter_investigation_initiated_total',
  'westworld_charter_emergency_override_total',
  'westworld_charter_metric_validation_latency_ns',
  'westworld_charter_policy_load_duration_ms',
  'westworld_charter_violation_report_latency_ms',
  'westworld_charter_committee_notification_latency_ms',
  'westworld_charter_data_revocation_latency_ms',
  'westworld_charter_violations_under_investigation',
  'westworld_charter_audit_committee_size',
  'westworld_charter_policy_last_load_timestamp',
  'westworld_charter_emergency_override_active_count',
] as const;

/** How long a stack may take to start, and a stack test to run. */
export const START_MS = 120_000;
export const SCENARIO_MS = 180_000;

/**
 * Starts the local stack for a suite. The stack runs the built service
 * (`npm test` builds first), so a missing build is named rather than
 * reported as a service that would not start.
 */
export async function startSuiteStack(options: StackOptions = {}): Promise<Stack> {
  if (!existsSync('dist/src/main.js')) {
    throw new Error('dist/src/main.js is missing: run `npm run build` before the stack suite');
  }
  return startStack({ intervalSeconds: 1, ...options });
}

/** Whether a process with this PID still exists (signal 0 only checks). */
export function isRunning(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/**
 * Stops the stack and returns the PIDs, of every process it ever started
 * (`seen` holds those replaced along the way), that are still running.
 */
export async function stopSuiteStack(stack: Stack | undefined, seen: Set<number>) {
  if (stack === undefined) return [];
  for (const pid of Object.values(stack.pids())) seen.add(pid);
  await stack.stop();
  return [...seen].filter(isRunning);
}

/** Polls `read` every `everyMs` until `done` holds or `timeoutMs` passes; returns the last read. */
export function poll<T>(
  read: () => Promise<T>,
  done: (value: T) => boolean,
  timeoutMs: number,
  everyMs = 200,
): Promise<T> {
  return until(read, done, timeoutMs, everyMs);
}

export interface ApiReply<T> {
  status: number;
  /** The parsed JSON body, typed by the caller; undefined when not JSON. */
  body: T;
  text: string;
}

/** Calls the service's HTTP API with a bearer token and an optional JSON body. */
export async function api<T = unknown>(
  stack: Stack,
  method: string,
  path: string,
  token: string,
  body?: unknown,
): Promise<ApiReply<T>> {
  const headers: Record<string, string> = { authorization: `Bearer ${token}` };
  if (body !== undefined) headers['content-type'] = 'application/json';
  const init: RequestInit = { method, headers };
  if (body !== undefined) init.body = JSON.stringify(body);
  const response = await fetch(`${stack.urls.service}${path}`, init);
  const text = await response.text();
  const json = /^application\/(?:problem\+)?json/.test(response.headers.get('content-type') ?? '');
  const parsed = json && text !== '' ? (JSON.parse(text) as T) : (undefined as T);
  return { status: response.status, body: parsed, text };
}

/** The service's own /metrics, read through the exposition parser. */
export async function scrapeService(stack: Stack): Promise<Exposition> {
  const response = await fetch(`${stack.urls.service}/metrics`);
  if (!response.ok) throw new Error(`GET /metrics answered ${response.status}`);
  return parseExposition(await response.text());
}

/** One series of a Prometheus query result, with its values as numbers. */
export interface PromSeries {
  metric: Record<string, string>;
  values: number[];
}

interface PromAnswer {
  status: string;
  error?: string;
  data: {
    resultType: string;
    result: {
      metric: Record<string, string>;
      value?: [number, string];
      values?: [number, string][];
    }[];
  };
}

/**
 * Runs a PromQL query against the stack's Prometheus: instant at now, or a
 * range over the last `rangeSeconds`. Throws on a query Prometheus refuses.
 */
export async function promQuery(
  stack: Stack,
  expr: string,
  rangeSeconds?: number,
): Promise<PromSeries[]> {
  const params = new URLSearchParams({ query: expr });
  let path = '/api/v1/query';
  if (rangeSeconds !== undefined) {
    const end = Date.now() / 1000;
    params.set('start', String(end - rangeSeconds));
    params.set('end', String(end));
    params.set('step', '1');
    path = '/api/v1/query_range';
  }
  const response = await fetch(`${stack.urls.prometheus}${path}?${params.toString()}`);
  const answer = (await response.json()) as PromAnswer;
  if (answer.status !== 'success') throw new Error(`Prometheus refused "${expr}": ${answer.error}`);
  return answer.data.result.map((r) => ({
    metric: r.metric,
    values: (r.values ?? (r.value ? [r.value] : [])).map(([, v]) => Number(v)),
  }));
}

/** An alert as Prometheus's /api/v1/alerts lists it. */
export interface PromAlert {
  labels: Record<string, string>;
  annotations: Record<string, string>;
  state: 'pending' | 'firing';
}

/** The alerts Prometheus holds now, pending or firing. */
export async function promAlerts(stack: Stack): Promise<PromAlert[]> {
  const response = await fetch(`${stack.urls.prometheus}/api/v1/alerts`);
  const answer = (await response.json()) as { data: { alerts: PromAlert[] } };
  return answer.data.alerts;
}

/** The alerts Alertmanager holds now (API v2). */
export async function alertmanagerAlerts(
  stack: Stack,
): Promise<{ labels: Record<string, string>; annotations: Record<string, string> }[]> {
  const response = await fetch(`${stack.urls.alertmanager}/api/v2/alerts`);
  if (!response.ok) throw new Error(`Alertmanager answered ${response.status}`);
  return (await response.json()) as {
    labels: Record<string, string>;
    annotations: Record<string, string>;
  }[];
}
