import type { Severity, ViolationType } from '../charter/index.js';
import type {
  InvestigationRecord,
  OverrideRecord,
  RevocationRecord,
  ViolationRecord,
} from '../store/records.js';
import type { StoreTx } from '../store/store.js';

/*
 * A seeded first quarter of 2026 for the report tests: records on both
 * boundaries and just outside them, written straight to the store so each
 * time is exact. Person-like ids (reporter-ford, resp-arnold, bernard, …)
 * let the tests prove the transparency report carries none of them.
 */

/** Q1 2026 as a half-open period. */
export const Q1 = {
  fromMs: Date.parse('2026-01-01T00:00:00Z'),
  toMs: Date.parse('2026-04-01T00:00:00Z'),
};
const DAY = 86_400_000;

/** `days` days after the start of Q1 (negative: before it). */
export const at = (days: number): number => Q1.fromMs + days * DAY;

function violation(
  id: string,
  source: string,
  type: ViolationType,
  severity: Severity,
  status: ViolationRecord['status'],
  reportedAtMs: number,
): ViolationRecord {
  const evidence = [{ kind: 'reference' as const, value: 'ticket:SECRET-EVIDENCE' }];
  return {
    id,
    idempotencyKey: null,
    type,
    severity,
    source,
    reporter: 'reporter-ford',
    evidence,
    status,
    penalty: null,
    policy: 'anti-delos-test',
    rule: null,
    properties: {},
    investigationId: null,
    reportedAtMs,
    updatedAtMs: reportedAtMs,
  };
}

function investigation(
  id: string,
  violationId: string,
  openedAtMs: number,
  deadlineAtMs: number,
  closed?: { atMs: number; outcome: 'confirmed' | 'dismissed'; penalty?: Severity },
): InvestigationRecord {
  return {
    id,
    violationId,
    initiatedBy: 'committee',
    openedBy: 'alice',
    assignee: 'bernard',
    deadlineAtMs,
    status: closed ? 'closed' : 'open',
    outcome: closed?.outcome ?? null,
    penalty: closed?.penalty ?? null,
    openedAtMs,
    closedAtMs: closed?.atMs ?? null,
  };
}

function override(
  id: string,
  status: OverrideRecord['status'],
  requestedAtMs: number,
  durationSeconds: number,
  more: Partial<OverrideRecord> = {},
): OverrideRecord {
  return {
    id,
    status,
    reason: 'security_incident',
    justification: 'j',
    metrics: ['user_location'],
    labels: [],
    sources: ['node-a'],
    durationSeconds,
    requestedBy: 'resp-arnold',
    requestedAtMs,
    decidedAtMs: null,
    activatedAtMs: null,
    expiresAtMs: null,
    endedAtMs: null,
    renewsId: null,
    ...more,
  };
}

function revocation(id: string, requestedAtMs: number, latencyMs: number | null): RevocationRecord {
  const inForceAtMs = latencyMs === null ? null : requestedAtMs + latencyMs;
  return {
    id,
    collector: `collector-${id}`,
    reason: 'consent_withdrawn',
    requestedBy: 'admin-1',
    requestedAtMs,
    inForceAtMs,
    latencyMs,
  };
}

/** A first quarter of 2026 with records on and just outside both boundaries. */
export async function seedQuarter(tx: StoreTx, nowMs: number): Promise<void> {
  for (const v of [
    violation('v1', 'node-a', 'silent_collection', 'ban_1year', 'confirmed', Q1.fromMs),
    violation('v2', 'node-a', 'data_extraction', 'suspension', 'dismissed', at(10)),
    violation('v3', 'node-a', 'exploitation', 'suspension', 'reported', at(20)),
    violation(
      'v4',
      'node-b',
      'behavioral_prediction',
      'permanent_ban',
      'investigating',
      Q1.toMs - 1,
    ),
    violation('v5', 'node-c', 'silent_collection', 'ban_1year', 'reported', Q1.toMs),
    violation('v6', 'node-c', 'exploitation', 'permanent_ban', 'confirmed', Q1.fromMs - 1),
  ]) {
    await tx.violations.insert(v);
  }
  for (const i of [
    investigation('i1', 'v1', at(1), at(15), {
      atMs: at(5),
      outcome: 'confirmed',
      penalty: 'ban_1year',
    }),
    investigation('i2', 'v2', at(11), at(12), { atMs: at(13), outcome: 'dismissed' }),
    investigation('i4', 'v4', at(40), at(50)),
    // Opened before the quarter, decided in it: a closure and a penalty of Q1.
    investigation('i6', 'v6', Q1.fromMs - DAY, at(3), {
      atMs: at(2),
      outcome: 'confirmed',
      penalty: 'permanent_ban',
    }),
  ]) {
    await tx.investigations.insert(i);
  }
  for (const o of [
    override('o1', 'expired', at(1), 7200, { expiresAtMs: at(1) + 7_200_000 }),
    // Still `active` in the store but past its expiry: reported as expired.
    override('o2', 'active', at(2), 600, { expiresAtMs: nowMs - 1 }),
    override('o3', 'rejected', at(3), 600),
    override('o4', 'ended', at(4), 600, { renewsId: 'o1' }),
    override('o5', 'expired', Q1.toMs, 7200),
  ]) {
    await tx.overrides.insert(o);
  }
  for (const r of [
    revocation('r1', at(5), 1_000),
    revocation('r2', at(6), 6_000),
    revocation('r3', at(7), null),
    revocation('r4', nowMs - 1_000, null),
  ]) {
    await tx.revocations.insert(r);
  }
  const erasure = {
    pseudonym: 'p',
    subjectId: null,
    reason: 'account_closure' as const,
    exportUntilMs: at(40),
    erasedAtMs: null,
    recordsErased: 0,
  };
  await tx.subjects.insertErasure({
    ...erasure,
    id: 'e1',
    status: 'erased',
    requestedAtMs: at(8),
    erasedAtMs: at(38),
    recordsErased: 3,
  });
  await tx.subjects.insertErasure({
    ...erasure,
    id: 'e2',
    status: 'export_window',
    requestedAtMs: at(50),
    subjectId: 'subject-lawrence',
  });
}
