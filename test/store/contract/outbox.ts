import { describe, expect, it } from 'vitest';

import type { OutboxRecord } from '../../../src/store/records.js';
import { T0, uid } from './fixtures.js';
import type { ContractContext } from './fixtures.js';

/** An undelivered row, due at T0, for channel `alertmanager`. */
export function anOutboxRow(patch: Partial<OutboxRecord> = {}): OutboxRecord {
  return {
    id: uid('ntd'),
    notificationId: uid('critical_violation:vio'),
    channel: 'alertmanager',
    kind: 'critical_violation',
    severity: 'critical',
    summary: 'Critical violation',
    description: 'behavioral_prediction by node-1, proposed permanent_ban',
    labels: { violation_type: 'behavioral_prediction', node_or_service: 'node-1' },
    subjectType: 'violation',
    subjectId: uid('vio'),
    createdAtMs: T0,
    attempts: 0,
    nextAttemptAtMs: T0,
    leaseOwner: null,
    leaseUntilMs: null,
    lastError: null,
    deliveredAtMs: null,
    ...patch,
  };
}

const claimOf = (owner: string, nowMs: number, limit = 10) => ({
  channels: ['alertmanager', 'webhook'],
  nowMs,
  limit,
  owner,
  leaseMs: 30_000,
});

/** Contract of `OutboxRepo`. */
export function outboxContract(ctx: ContractContext): void {
  describe('outbox', () => {
    it('enqueue() stores each (notification, channel) once and get() returns it', async () => {
      const store = ctx.store();
      const row = anOutboxRow();
      const other = anOutboxRow({ notificationId: row.notificationId, channel: 'webhook' });
      expect(await store.outbox.enqueue([row, other])).toBe(2);
      expect(await store.outbox.get(row.id)).toEqual(row);

      const again = anOutboxRow({ notificationId: row.notificationId, summary: 'again' });
      expect(await store.outbox.enqueue([again])).toBe(0);
      expect(await store.outbox.forNotification(row.notificationId)).toEqual([row, other]);
      expect(await store.outbox.enqueue([])).toBe(0);
    });

    it('enqueue() inside a rolled-back transaction leaves nothing', async () => {
      const store = ctx.store();
      const row = anOutboxRow();
      const failing = store.transaction(async (tx) => {
        await tx.outbox.enqueue([row]);
        throw new Error('rolled back');
      });
      await expect(failing).rejects.toThrow('rolled back');
      expect(await store.outbox.get(row.id)).toBeUndefined();
    });

    it('claim() leases due rows of its channels, soonest due first, and no one else gets them', async () => {
      const store = ctx.store();
      const late = anOutboxRow({ nextAttemptAtMs: T0 + 500 });
      const early = anOutboxRow({ nextAttemptAtMs: T0 + 100 });
      const future = anOutboxRow({ nextAttemptAtMs: T0 + 5_000 });
      const elsewhere = anOutboxRow({ channel: 'webhook-9' });
      await store.outbox.enqueue([late, early, future, elsewhere]);

      const claimed = await store.outbox.claim(claimOf('a', T0 + 1_000));
      expect(claimed.map((r) => r.id)).toEqual([early.id, late.id]);
      expect(claimed[0]).toMatchObject({ leaseOwner: 'a', leaseUntilMs: T0 + 31_000 });
      expect(await store.outbox.claim(claimOf('b', T0 + 1_000))).toEqual([]);

      // A lease that ran out (its holder crashed) is claimed again.
      const after = await store.outbox.claim(claimOf('b', T0 + 31_000));
      expect(after.map((r) => r.id)).toEqual([early.id, late.id, future.id]);
      expect(await store.outbox.claim({ ...claimOf('c', T0), channels: [] })).toEqual([]);
    });

    it('claim() honours its limit', async () => {
      const store = ctx.store();
      const rows = [0, 1, 2].map((i) => anOutboxRow({ nextAttemptAtMs: T0 + i }));
      await store.outbox.enqueue(rows);
      const first = await store.outbox.claim(claimOf('a', T0 + 10, 2));
      expect(first.map((r) => r.id)).toEqual([rows[0]!.id, rows[1]!.id]);
      const rest = await store.outbox.claim(claimOf('b', T0 + 10, 2));
      expect(rest.map((r) => r.id)).toEqual([rows[2]!.id]);
    });

    it('concurrent claims never return the same row', async () => {
      const store = ctx.store();
      const rows = Array.from({ length: 40 }, (_, i) => anOutboxRow({ nextAttemptAtMs: T0 + i }));
      await store.outbox.enqueue(rows);

      const claims = await Promise.all(
        ['a', 'b', 'c', 'd', 'e'].map((owner) => store.outbox.claim(claimOf(owner, T0 + 100, 10))),
      );
      const ids = claims.flat().map((r) => r.id);
      expect(new Set(ids).size).toBe(ids.length);
      expect(ids.sort()).toEqual(rows.map((r) => r.id).sort());
    });

    it('markDelivered() by the lease holder records the delivery; nothing claims it again', async () => {
      const store = ctx.store();
      const row = anOutboxRow();
      await store.outbox.enqueue([row]);
      await store.outbox.claim(claimOf('a', T0));

      expect(await store.outbox.markDelivered(row.id, 'b', T0 + 5)).toBe(false);
      expect(await store.outbox.markDelivered(row.id, 'a', T0 + 7)).toBe(true);
      expect(await store.outbox.markDelivered(row.id, 'a', T0 + 9)).toBe(false);
      expect(await store.outbox.get(row.id)).toEqual({
        ...row,
        attempts: 1,
        deliveredAtMs: T0 + 7,
      });
      expect(await store.outbox.claim(claimOf('c', T0 + 60_000))).toEqual([]);
    });

    it('markFailed() counts the attempt, keeps the error and is due again only at its retry time', async () => {
      const store = ctx.store();
      const row = anOutboxRow();
      await store.outbox.enqueue([row]);
      await store.outbox.claim(claimOf('a', T0));

      expect(await store.outbox.markFailed(row.id, 'b', { error: 'x', nextAttemptAtMs: 0 })).toBe(
        false,
      );
      const error = `connect ECONNREFUSED ${'x'.repeat(1_000)}`;
      expect(
        await store.outbox.markFailed(row.id, 'a', { error, nextAttemptAtMs: T0 + 2_000 }),
      ).toBe(true);
      const failed = await store.outbox.get(row.id);
      expect(failed).toEqual({
        ...row,
        attempts: 1,
        nextAttemptAtMs: T0 + 2_000,
        lastError: error.slice(0, 500),
      });

      expect(await store.outbox.claim(claimOf('a', T0 + 1_999))).toEqual([]);
      const retried = await store.outbox.claim(claimOf('a', T0 + 2_000));
      expect(retried.map((r) => [r.id, r.attempts])).toEqual([[row.id, 1]]);
    });

    it('list() filters pending or delivered rows, oldest first; backlog() counts the undelivered', async () => {
      const store = ctx.store();
      expect(await store.outbox.backlog()).toEqual({ count: 0, oldestCreatedAtMs: null });
      const rows = [0, 1, 2].map((i) => anOutboxRow({ createdAtMs: T0 + i }));
      await store.outbox.enqueue(rows);
      await store.outbox.claim(claimOf('a', T0 + 10));
      await store.outbox.markDelivered(rows[0]!.id, 'a', T0 + 20);

      const ids = (list: { id: string }[]) => list.map((r) => r.id);
      expect(ids(await store.outbox.list({}, { limit: 10 }))).toEqual(ids(rows));
      expect(ids(await store.outbox.list({ pending: true }, { limit: 10 }))).toEqual(
        ids(rows.slice(1)),
      );
      expect(ids(await store.outbox.list({ pending: false }, { limit: 10 }))).toEqual([
        rows[0]!.id,
      ]);
      expect(ids(await store.outbox.list({}, { limit: 1, offset: 2 }))).toEqual([rows[2]!.id]);
      expect(await store.outbox.backlog()).toEqual({ count: 2, oldestCreatedAtMs: T0 + 1 });
    });
  });
}
