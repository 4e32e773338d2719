import { afterEach, beforeEach, describe, expect, it } from 'vitest';

import { at, Q1, seedQuarter } from './report-fixture.js';
import { quarterOf } from './report-period.js';
import { createReportService, type ReportService } from './reports.js';
import { openTestGovernance, type TestGovernance } from './test-deps.js';

describe('reports', () => {
  let t: TestGovernance;
  let reports: ReportService;

  beforeEach(async () => {
    t = await openTestGovernance();
    // The test clock starts on 2026-03-01, inside Q1.
    await t.store.transaction((tx) => seedQuarter(tx, t.clock.nowMs()));
    reports = createReportService(t.deps);
  });
  afterEach(async () => t.close());

  it('auditReport() defaults to the UTC quarter containing now', async () => {
    const report = await reports.auditReport();
    expect(report).toMatchObject({ kind: 'audit', period: Q1, generatedAtMs: t.clock.nowMs() });
    expect(report.charter).toEqual({ id: 'anti-delos-test', version: '1.0.0' });
  });

  it.each([
    ['2026-01-01T00:00:00.000Z', '2026-01-01', '2026-04-01'],
    ['2026-03-31T23:59:59.999Z', '2026-01-01', '2026-04-01'],
    ['2026-04-01T00:00:00.000Z', '2026-04-01', '2026-07-01'],
    ['2026-12-31T23:59:59.999Z', '2026-10-01', '2027-01-01'],
  ])('quarterOf(%s) is [%s, %s)', (now, from, to) => {
    expect(quarterOf(Date.parse(now))).toEqual({ fromMs: Date.parse(from), toMs: Date.parse(to) });
  });

  it('auditReport() counts the seeded quarter, boundaries half-open', async () => {
    const r = await reports.auditReport(Q1);
    expect(r.violations).toEqual({
      total: 4,
      byType: {
        silent_collection: 1,
        behavioral_prediction: 1,
        data_extraction: 1,
        unauthorized_override: 0,
        algorithm_manipulation: 0,
        exploitation: 1,
      },
      bySeverity: {
        warning: 0,
        suspension: 2,
        ban_1year: 1,
        permanent_ban: 1,
        criminal_referral: 0,
      },
      byOutcome: { reported: 1, investigating: 1, confirmed: 1, dismissed: 1 },
    });
    expect(r.investigations).toEqual({
      opened: 3,
      closed: 3,
      confirmed: 2,
      dismissed: 1,
      pastDeadline: 2,
    });
    expect(r.overrides).toEqual({
      total: 4,
      byStatus: {
        requested: 0,
        approved: 0,
        rejected: 1,
        active: 0,
        renewed: 0,
        ended: 1,
        expired: 2,
      },
      renewals: 1,
      ranToMaximum: 1,
    });
    expect(r.revocations).toEqual({
      total: 4,
      byReason: {
        account_closure: 0,
        consent_withdrawn: 4,
        policy_violation: 0,
        security_incident: 0,
      },
      inForce: 2,
      missedDeadline: 2,
      maxLatencyMs: 6_000,
    });
    expect(r.erasures).toMatchObject({ total: 2, erased: 1, inExportWindow: 1, recordsErased: 3 });
    expect(r.nodesPenalised).toEqual({
      count: 2,
      nodes: [
        { source: 'node-a', penalties: ['ban_1year'] },
        { source: 'node-c', penalties: ['permanent_ban'] },
      ],
    });
  });

  it('auditReport() derives recommendations and names who is involved in its details', async () => {
    const r = await reports.auditReport(Q1);
    expect(r.recommendations).toEqual([
      expect.stringMatching(/^2 investigations ran past their deadline/),
      expect.stringMatching(/^1 violation reported in the period awaits investigation/),
      expect.stringMatching(/^Source "node-a" had 3 violations/),
      expect.stringMatching(/^1 emergency override ran to the charter's maximum of 7200 s/),
      expect.stringMatching(/^2 revocations were not in force within the 5 s deadline/),
    ]);
    expect(r.details.investigationsPastDeadline.map((i) => [i.id, i.assignee])).toEqual([
      ['i2', 'bernard'],
      ['i4', 'bernard'],
    ]);
    expect(r.details.overridesAtMaximum).toEqual([
      { id: 'o1', requestedBy: 'resp-arnold', reason: 'security_incident', durationSeconds: 7200 },
    ]);
    expect(r.details.lateRevocations.map((x) => x.id)).toEqual(['r2', 'r3']);
  });

  it('transparencyReport() carries the same counts and nothing about persons', async () => {
    const audit = await reports.auditReport(Q1);
    const open = await reports.transparencyReport(Q1);
    const { kind: _a, details: _d, ...counts } = audit;
    const { kind, ...publicCounts } = open;
    expect(kind).toBe('transparency');
    expect(publicCounts).toEqual(counts);

    const text = JSON.stringify(open);
    for (const person of [
      'reporter-ford',
      'bernard',
      'alice',
      'resp-arnold',
      'admin-1',
      'subject-lawrence',
      'SECRET-EVIDENCE',
    ]) {
      expect(text).not.toContain(person);
    }
    expect(text).toContain('node-a');
  });

  it('an empty period yields zeros and no recommendations', async () => {
    // Before anything was seeded: i4's overdue backlog belongs to later periods.
    const r = await reports.transparencyReport({ fromMs: at(-100), toMs: at(-50) });
    expect(r.violations.total).toBe(0);
    expect(r.nodesPenalised).toEqual({ count: 0, nodes: [] });
    expect(r.recommendations).toEqual([]);
  });

  it('refuses an empty or reversed period', async () => {
    await expect(reports.auditReport({ fromMs: Q1.toMs, toMs: Q1.fromMs })).rejects.toMatchObject({
      code: 'report_period_invalid',
    });
    await expect(reports.transparencyReport({ fromMs: 5, toMs: 5 })).rejects.toMatchObject({
      code: 'report_period_invalid',
    });
  });
});
