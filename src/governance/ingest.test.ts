import { afterEach, beforeEach, describe, expect, it } from 'vitest';

import { createViolationIngest } from './ingest.js';
import { openTestGovernance, type TestGovernance } from './test-deps.js';
import type { ViolationReport } from './violations.js';

const report = (i: number, over: Partial<ViolationReport> = {}): ViolationReport => ({
  type: 'data_extraction',
  source: `node-${i % 10}`,
  reporter: 'monitor-1',
  evidence: [{ kind: 'reference', value: `ticket:INC-${i}` }],
  idempotencyKey: `report-${String(i).padStart(6, '0')}`,
  ...over,
});

describe('group-committed violation intake', () => {
  let t: TestGovernance;
  let transactions = 0;
  beforeEach(async () => {
    t = await openTestGovernance();
    transactions = 0;
    const original = t.store.transaction.bind(t.store);
    t.store.transaction = (work) => {
      transactions += 1;
      return original(work);
    };
  });
  afterEach(async () => t.close());

  it('acknowledges every report after commit, in fewer transactions than reports', async () => {
    const ingest = createViolationIngest(t.deps, { maxBatch: 100 });
    const outcomes = await Promise.all(
      Array.from({ length: 1000 }, (_, i) => ingest.submit(report(i))),
    );
    expect(outcomes.every((o) => o.created)).toBe(true);
    expect(new Set(outcomes.map((o) => o.violation.id)).size).toBe(1000);
    expect(await t.store.audit.count()).toBe(1000);
    expect(transactions).toBeLessThanOrEqual(20);
    expect(transactions).toBeGreaterThanOrEqual(10);
  });

  it('acknowledges no report whose transaction did not commit', async () => {
    // Every write of the batch runs, then the commit fails, as on a full disk.
    const original = t.store.transaction.bind(t.store);
    t.store.transaction = (work) =>
      original(async (tx) => {
        await work(tx);
        throw new Error('disk I/O error');
      });
    const ingest = createViolationIngest(t.deps, { maxBatch: 10 });
    const results = await Promise.allSettled(
      Array.from({ length: 25 }, (_, i) => ingest.submit(report(i))),
    );
    expect(results.map((r) => r.status)).toEqual(Array(25).fill('rejected'));
    expect(await t.store.audit.count()).toBe(0);
    expect(await t.store.violations.findByIdempotencyKey('report-000000')).toBeUndefined();
  });

  it('stores the good reports of a batch when one of them is refused', async () => {
    const ingest = createViolationIngest(t.deps);
    await ingest.submit(report(1));
    const results = await Promise.allSettled([
      ingest.submit(report(2)),
      ingest.submit(report(1, { source: 'another-node' })), // key reused for another report
      ingest.submit(report(3)),
    ]);
    expect(results.map((r) => r.status)).toEqual(['fulfilled', 'rejected', 'fulfilled']);
    expect((results[1] as PromiseRejectedResult).reason).toMatchObject({
      code: 'idempotency_key_reused',
    });
    expect(await t.store.audit.count()).toBe(3);
  });

  it('treats the same key twice in one batch as one report', async () => {
    const ingest = createViolationIngest(t.deps);
    const [a, b] = await Promise.all([ingest.submit(report(5)), ingest.submit(report(5))]);
    expect(a?.violation.id).toBe(b?.violation.id);
    expect([a?.created, b?.created]).toEqual([true, false]);
  });

  it('refuses new reports once closed, after storing what was queued', async () => {
    const ingest = createViolationIngest(t.deps);
    const queued = ingest.submit(report(7));
    await ingest.close();
    await expect(queued).resolves.toMatchObject({ created: true });
    await expect(ingest.submit(report(8))).rejects.toMatchObject({ code: 'ingest_closed' });
  });
});
