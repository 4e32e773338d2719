import { describe, expect, it } from 'vitest';

import { ConflictError, NotFoundError } from '../../../src/shared/errors.js';
import { T0, aViolation, anInvestigation } from './fixtures.js';
import type { ContractContext } from './fixtures.js';

/** Contract of `ViolationRepo`. */
export function violationContract(ctx: ContractContext): void {
  describe('violations', () => {
    it('get() returns an inserted violation unchanged and undefined for an unknown id', async () => {
      const store = ctx.store();
      const violation = aViolation({ idempotencyKey: 'key-1', rule: null });
      await store.violations.insert(violation);

      expect(await store.violations.get(violation.id)).toEqual(violation);
      expect(await store.violations.get('vio_unknown')).toBeUndefined();
    });

    it('findByIdempotencyKey() finds the violation reported with that key', async () => {
      const store = ctx.store();
      const keyed = aViolation({ idempotencyKey: 'client-42' });
      await store.violations.insert(aViolation());
      await store.violations.insert(keyed);

      expect(await store.violations.findByIdempotencyKey('client-42')).toEqual(keyed);
      expect(await store.violations.findByIdempotencyKey('client-43')).toBeUndefined();
    });

    it('insert() rejects a second violation with the same idempotency key, but not two without', async () => {
      const store = ctx.store();
      await store.violations.insert(aViolation({ idempotencyKey: 'dup' }));
      await store.violations.insert(aViolation());
      await store.violations.insert(aViolation());

      const again = store.violations.insert(aViolation({ idempotencyKey: 'dup' }));
      await expect(again).rejects.toBeInstanceOf(ConflictError);
      await expect(again).rejects.toMatchObject({ code: 'store_conflict' });
      expect(await store.violations.list({}, { limit: 10 })).toHaveLength(3);
    });

    it('insert() rejects a duplicate id', async () => {
      const store = ctx.store();
      const violation = aViolation();
      await store.violations.insert(violation);

      await expect(store.violations.insert(violation)).rejects.toMatchObject({
        code: 'store_conflict',
      });
    });

    it('update() changes only the patched fields', async () => {
      const store = ctx.store();
      const violation = aViolation();
      await store.violations.insert(violation);
      const inv = anInvestigation(violation.id);
      await store.investigations.insert(inv);

      await store.violations.update(violation.id, {
        status: 'confirmed',
        penalty: 'permanent_ban',
        investigationId: inv.id,
        updatedAtMs: T0 + 5,
      });
      expect(await store.violations.get(violation.id)).toEqual({
        ...violation,
        status: 'confirmed',
        penalty: 'permanent_ban',
        investigationId: inv.id,
        updatedAtMs: T0 + 5,
      });

      await store.violations.update(violation.id, { penalty: null });
      expect((await store.violations.get(violation.id))?.penalty).toBeNull();
    });

    it('update() of an unknown id throws store_not_found', async () => {
      const update = ctx.store().violations.update('vio_unknown', { status: 'dismissed' });
      await expect(update).rejects.toBeInstanceOf(NotFoundError);
      await expect(update).rejects.toMatchObject({ code: 'store_not_found' });
    });

    it('list() filters by status, source and period, newest first, in pages', async () => {
      const store = ctx.store();
      const rows = [
        aViolation({ reportedAtMs: T0 + 1, source: 'node-1' }),
        aViolation({ reportedAtMs: T0 + 2, source: 'node-2', status: 'investigating' }),
        aViolation({ reportedAtMs: T0 + 3, source: 'node-1', status: 'investigating' }),
        aViolation({ reportedAtMs: T0 + 4, source: 'node-1' }),
        aViolation({ reportedAtMs: T0 + 5, source: 'node-2' }),
      ];
      for (const row of rows) await store.violations.insert(row);
      const ids = (list: { id: string }[]) => list.map((v) => v.id);
      const [r1, r2, r3, r4, r5] = rows.map((r) => r.id);

      expect(ids(await store.violations.list({}, { limit: 10 }))).toEqual([r5, r4, r3, r2, r1]);
      expect(ids(await store.violations.list({}, { limit: 2 }))).toEqual([r5, r4]);
      expect(ids(await store.violations.list({}, { limit: 2, offset: 2 }))).toEqual([r3, r2]);
      expect(ids(await store.violations.list({}, { limit: 2, offset: 4 }))).toEqual([r1]);
      expect(ids(await store.violations.list({ status: 'investigating' }, { limit: 10 }))).toEqual([
        r3,
        r2,
      ]);
      expect(ids(await store.violations.list({ source: 'node-1' }, { limit: 10 }))).toEqual([
        r4,
        r3,
        r1,
      ]);
      const period = { fromMs: T0 + 2, toMs: T0 + 4 };
      expect(ids(await store.violations.list({ period }, { limit: 10 }))).toEqual([r3, r2]);
      const all = { status: 'reported', source: 'node-1', period } as const;
      expect(ids(await store.violations.list(all, { limit: 10 }))).toEqual([]);
    });

    it('inPeriod() is half-open [fromMs, toMs) and oldest first', async () => {
      const store = ctx.store();
      const before = aViolation({ reportedAtMs: T0 - 1 });
      const atStart = aViolation({ reportedAtMs: T0 });
      const inside = aViolation({ reportedAtMs: T0 + 999 });
      const atEnd = aViolation({ reportedAtMs: T0 + 1000 });
      for (const v of [inside, atEnd, before, atStart]) await store.violations.insert(v);

      const found = await store.violations.inPeriod({ fromMs: T0, toMs: T0 + 1000 });
      expect(found.map((v) => v.id)).toEqual([atStart.id, inside.id]);
      expect(await store.violations.inPeriod({ fromMs: T0, toMs: T0 })).toEqual([]);
    });

    it('countInvestigatingBySeverity() counts only violations under investigation', async () => {
      const store = ctx.store();
      await store.violations.insert(aViolation({ status: 'investigating', severity: 'warning' }));
      await store.violations.insert(aViolation({ status: 'investigating', severity: 'warning' }));
      await store.violations.insert(aViolation({ status: 'investigating', severity: 'ban_1year' }));
      await store.violations.insert(aViolation({ status: 'reported', severity: 'suspension' }));
      await store.violations.insert(aViolation({ status: 'confirmed', severity: 'warning' }));

      expect(await store.violations.countInvestigatingBySeverity()).toEqual({
        warning: 2,
        ban_1year: 1,
      });
    });

    it('countInvestigatingBySeverity() is empty on an empty store', async () => {
      expect(await ctx.store().violations.countInvestigatingBySeverity()).toEqual({});
    });
  });
}
