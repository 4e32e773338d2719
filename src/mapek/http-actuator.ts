import type { Actuator } from './actuator.js';
import { ActuatorError } from './actuator.js';
import { toReport } from './governance-actuator.js';

export interface HttpActuatorOptions {
  /** The service's base URL, e.g. `http://127.0.0.1:8000`. */
  readonly baseUrl: string;
  /** A bearer token of an `admin` principal (reports, investigations, reinstatement, alerts). */
  readonly token: string;
  readonly timeoutMs?: number;
  readonly fetch?: typeof fetch;
}

/**
 * The actuator of the standalone loop (`charter mapek`): the service's HTTP
 * API. Timeouts, network errors, 429 and 5xx are retryable; other 4xx are
 * not. Known limit (#6): the API has no route to suspend a source, so
 * `suspendSource` reports the violation with `requested: suspend_source`
 * and says `suspended: false`; the investigation and the notice follow.
 */
export function createHttpActuator(options: HttpActuatorOptions): Actuator {
  const base = options.baseUrl.replace(/\/+$/, '');
  const timeoutMs = options.timeoutMs ?? 5_000;
  const doFetch = options.fetch ?? fetch;

  const call = async (
    method: string,
    path: string,
    body: unknown,
  ): Promise<Record<string, unknown>> => {
    let response: Response;
    try {
      response = await doFetch(`${base}${path}`, {
        method,
        headers: { authorization: `Bearer ${options.token}`, 'content-type': 'application/json' },
        body: JSON.stringify(body),
        signal: AbortSignal.timeout(timeoutMs),
      });
    } catch (error) {
      throw new ActuatorError(
        'service_unavailable',
        `Cannot reach the service: ${String(error)}`,
        true,
        { cause: error },
      );
    }
    const json = (await response.json().catch(() => ({}))) as Record<string, unknown>;
    if (!response.ok) {
      const retryable = response.status === 429 || response.status >= 500;
      const code = typeof json.code === 'string' ? json.code : `http_${response.status}`;
      throw new ActuatorError(
        code,
        `${method} ${path} failed: HTTP ${response.status} ${typeof json.detail === 'string' ? json.detail : ''}`,
        retryable,
      );
    }
    return json;
  };

  const report = async (body: Record<string, unknown>) => {
    const json = await call('POST', '/v1/violations', body);
    return { violationId: String((json.violation as { id: string }).id) };
  };

  return {
    reportViolation: (request) => report(wire(toReport(request))),

    async suspendSource({ basis }) {
      const path = `/v1/sources/${encodeURIComponent(basis.source)}/suspend`;
      const json = await call('POST', path, { attempts: basis.observed });
      return {
        violationId: String(json.violation_id),
        investigationId: typeof json.investigation_id === 'string' ? json.investigation_id : null,
        suspended: json.suspended === true,
      };
    },

    async openInvestigation(violationId) {
      const json = await call('POST', '/v1/investigations', { violation_id: violationId });
      return { investigationId: String((json.investigation as { id: string }).id) };
    },

    async liftSuspension(source, reason) {
      await call('POST', `/v1/sources/${encodeURIComponent(source)}/reinstate`, { reason });
    },

    async notifyCommittee(notice) {
      await call('POST', '/v1/committee/requests', {
        source: notice.source,
        level: notice.level,
        request: notice.request,
        response_name: notice.responseName,
        violation_id: notice.violationId,
        investigation_id: notice.investigationId,
        detectors: [...notice.detectors],
      });
    },
  };
}

/** A ViolationReport as the HTTP body spells it. */
function wire(r: ReturnType<typeof toReport> & { properties: Record<string, unknown> }) {
  return {
    type: r.type,
    source: r.source,
    evidence: r.evidence,
    idempotency_key: r.idempotencyKey,
    properties: r.properties,
  };
}
