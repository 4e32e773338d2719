import { CharterError } from '../shared/errors.js';

/** One series of an instant vector: its labels (`__name__` included) and value. */
export interface PromSample {
  readonly labels: Readonly<Record<string, string>>;
  readonly value: number;
  readonly atMs: number;
}

/** The part of Prometheus's HTTP API the Monitor reads. */
export interface PrometheusClient {
  /**
   * Runs an instant query (`GET /api/v1/query`) at `atMs`. Throws CharterError
   * `prometheus_unavailable` (retryable) on a timeout, a network error or a
   * 5xx, `prometheus_query_failed` on a refused query or an unexpected body.
   */
  query(expr: string, atMs: number): Promise<PromSample[]>;
}

export interface PrometheusClientOptions {
  /** Base URL, e.g. `http://127.0.0.1:9090`. */
  readonly baseUrl: string;
  readonly timeoutMs?: number;
  readonly fetch?: typeof fetch;
}

interface QueryBody {
  status?: string;
  error?: string;
  data?: { resultType?: string; result?: { metric?: unknown; value?: unknown }[] };
}

/** Creates a Prometheus client over fetch; each query is bounded by `timeoutMs` (default 5 s). */
export function createPrometheusClient(options: PrometheusClientOptions): PrometheusClient {
  const base = options.baseUrl.replace(/\/+$/, '');
  const timeoutMs = options.timeoutMs ?? 5_000;
  const doFetch = options.fetch ?? fetch;

  return {
    async query(expr, atMs) {
      const url = `${base}/api/v1/query?query=${encodeURIComponent(expr)}&time=${atMs / 1000}`;
      let response: Response;
      try {
        response = await doFetch(url, { signal: AbortSignal.timeout(timeoutMs) });
      } catch (error) {
        throw unavailable(`${String(error)}`, error);
      }
      if (response.status >= 500) throw unavailable(`HTTP ${response.status}`);

      const body = (await response.json().catch(() => ({}))) as QueryBody;
      if (body.status !== 'success' || body.data?.resultType !== 'vector') {
        throw new CharterError(
          'prometheus_query_failed',
          `Prometheus refused query "${expr}": HTTP ${response.status}, ${body.error ?? `result type ${String(body.data?.resultType)}`}`,
          'Check the PromQL expression returns an instant vector.',
        );
      }
      return (body.data.result ?? []).flatMap((r) => toSample(r.metric, r.value));
    },
  };
}

function toSample(metric: unknown, value: unknown): PromSample[] {
  if (typeof metric !== 'object' || metric === null || !Array.isArray(value)) return [];
  const [at, text] = value as [unknown, unknown];
  const number = Number(text);
  if (typeof at !== 'number' || !Number.isFinite(number)) return [];
  const labels: Record<string, string> = {};
  for (const [k, v] of Object.entries(metric)) if (typeof v === 'string') labels[k] = v;
  return [{ labels, value: number, atMs: Math.round(at * 1000) }];
}

function unavailable(detail: string, cause?: unknown): CharterError {
  const error = new CharterError(
    'prometheus_unavailable',
    `Cannot query Prometheus: ${detail}`,
    'Check the --prometheus URL and that Prometheus is up; the loop retries next iteration.',
    cause === undefined ? undefined : { cause },
  );
  return error;
}
