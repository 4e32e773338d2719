import { afterEach, beforeEach, describe, expect, it } from 'vitest';

import { openTestGovernance, type TestGovernance } from './test-deps.js';
import { createViolationService, type ViolationReport } from './violations.js';

const HASH = 'a'.repeat(64);
const report = (over: Partial<ViolationReport> = {}): ViolationReport => ({
  type: 'data_extraction',
  source: 'node-7',
  reporter: 'monitor-1',
  evidence: [{ kind: 'sha256', value: HASH }],
  ...over,
});

describe('violation reports', () => {
  let t: TestGovernance;
  beforeEach(async () => {
    t = await openTestGovernance();
  });
  afterEach(async () => t.close());

  it('stores a report as reported, with the charter severity and no penalty, and audits it', async () => {
    const service = createViolationService(t.deps);
    const { violation, created } = await service.report(report());
    expect(created).toBe(true);
    expect(violation).toMatchObject({
      status: 'reported',
      severity: 'suspension',
      penalty: null,
      policy: t.deps.charter().id,
      reportedAtMs: t.clock.nowMs(),
    });
    // A random (version 4) UUID: a time-ordered one (v1, v7) would fail here.
    expect(violation.id).toMatch(
      /^vio_[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/,
    );
    const entry = await t.store.audit.last();
    expect(entry).toMatchObject({
      action: 'violation.reported',
      subjectId: violation.id,
      actor: 'monitor-1',
    });
    expect(t.events.map((e) => e[0])).toEqual(['violationRecorded']);
  });

  it('records once for a repeated idempotency key and says it found it', async () => {
    const service = createViolationService(t.deps);
    const first = await service.report(report({ idempotencyKey: 'key-00000001' }));
    const again = await service.report(report({ idempotencyKey: 'key-00000001' }));
    expect(again).toEqual({ violation: first.violation, created: false });
    expect(await t.store.audit.count()).toBe(1);
  });

  it('refuses an idempotency key reused for a different report', async () => {
    const service = createViolationService(t.deps);
    await service.report(report({ idempotencyKey: 'key-00000002' }));
    await expect(
      service.report(report({ idempotencyKey: 'key-00000002', source: 'node-8' })),
    ).rejects.toMatchObject({
      code: 'idempotency_key_reused',
    });
  });

  it('refuses evidence that is not a hash or a reference, storing nothing', async () => {
    const service = createViolationService(t.deps);
    const bad = report({ evidence: [{ kind: 'reference', value: 'Jane Doe lives at 4 Elm St' }] });
    await expect(service.report(bad)).rejects.toMatchObject({ code: 'evidence_invalid' });
    expect(await t.store.audit.count()).toBe(0);
  });

  it('gives ids that are random, not ordered by time', async () => {
    const service = createViolationService(t.deps);
    const ids = [];
    for (let i = 0; i < 20; i++) ids.push((await service.report(report())).violation.id);
    expect(new Set(ids).size).toBe(20);
    expect([...ids].sort()).not.toEqual(ids);
  });
});
