import type { OverrideRecord, OverrideStatus } from '../store/records.js';

/**
 * An override as the public, unauthenticated endpoint shows it (SPEC §5:
 * every override is published while and after it runs). Times are Unix ms;
 * `requestedBy` is the requesting principal's id.
 */
export interface PublicOverride {
  readonly id: string;
  /** The status with expiry applied: an active override past its end shows `expired`. */
  readonly status: OverrideStatus;
  readonly reason: string;
  readonly justification: string;
  readonly scope: {
    readonly metrics: readonly string[];
    readonly labels: readonly string[];
    readonly sources: readonly string[];
  };
  readonly durationSeconds: number;
  readonly requestedBy: string;
  readonly renewsId: string | null;
  readonly times: {
    readonly requestedAtMs: number;
    readonly decidedAtMs: number | null;
    readonly activatedAtMs: number | null;
    readonly expiresAtMs: number | null;
    readonly endedAtMs: number | null;
  };
}

/**
 * Projects a stored override onto its public shape at `nowMs`. Fields are
 * copied one by one, never spread, so a field added to OverrideRecord later
 * is not published until someone decides it may be.
 */
export function toPublicOverride(record: OverrideRecord, nowMs: number): PublicOverride {
  // The sweeper may not have run yet; the public must never see an override
  // as active after its expiry (SPEC §4: expiry is checked on every path).
  const lapsed =
    record.status === 'active' && (record.expiresAtMs === null || record.expiresAtMs <= nowMs);

  return {
    id: record.id,
    status: lapsed ? 'expired' : record.status,
    reason: record.reason,
    justification: record.justification,
    scope: {
      metrics: [...record.metrics],
      labels: [...record.labels],
      sources: [...record.sources],
    },
    durationSeconds: record.durationSeconds,
    requestedBy: record.requestedBy,
    renewsId: record.renewsId,
    times: {
      requestedAtMs: record.requestedAtMs,
      decidedAtMs: record.decidedAtMs,
      activatedAtMs: record.activatedAtMs,
      expiresAtMs: record.expiresAtMs,
      endedAtMs: lapsed ? record.expiresAtMs : record.endedAtMs,
    },
  };
}
