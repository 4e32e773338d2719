import { describe, expect, it } from 'vitest';

import { aDraft, aViolation, expectIntactChain } from './fixtures.js';
import type { ContractContext } from './fixtures.js';

/** Contract of `Store.transaction` and `Store.migrate`: atomicity, serialised appends. */
export function transactionContract(ctx: ContractContext): void {
  describe('transactions', () => {
    it('transaction() commits every write and returns what work returned', async () => {
      const store = ctx.store();
      const violation = aViolation();
      const result = await store.transaction(async (tx) => {
        await tx.violations.insert(violation);
        await tx.audit.append(aDraft({ subjectId: violation.id }));
        return 'done';
      });

      expect(result).toBe('done');
      expect(await store.violations.get(violation.id)).toEqual(violation);
      expect(await store.audit.count()).toBe(1);
    });

    it('a throw inside transaction() leaves no row and no audit entry', async () => {
      const store = ctx.store();
      await store.audit.append(aDraft());
      const violation = aViolation();
      const failing = store.transaction(async (tx) => {
        await tx.violations.insert(violation);
        await tx.audit.append(aDraft({ subjectId: violation.id }));
        expect(await tx.violations.get(violation.id)).toEqual(violation);
        throw new Error('governance refused');
      });

      await expect(failing).rejects.toThrow('governance refused');
      expect(await store.violations.get(violation.id)).toBeUndefined();
      expect(await store.audit.count()).toBe(1);
    });

    it('the chain stays consistent after a rolled-back append', async () => {
      const store = ctx.store();
      await store.audit.append(aDraft());
      await store
        .transaction(async (tx) => {
          await tx.audit.append(aDraft());
          await tx.audit.append(aDraft());
          throw new Error('rollback');
        })
        .catch(() => undefined);
      await store.audit.append(aDraft());

      const entries = await store.audit.range(1, 10);
      expect(entries.map((e) => e.seq)).toEqual([1, 2]);
      expectIntactChain(entries);
    });

    it('a failed statement (duplicate key) rolls the whole transaction back', async () => {
      const store = ctx.store();
      const existing = aViolation({ idempotencyKey: 'k' });
      await store.violations.insert(existing);
      const other = aViolation();
      const failing = store.transaction(async (tx) => {
        await tx.violations.insert(other);
        await tx.audit.append(aDraft());
        await tx.violations.insert(aViolation({ idempotencyKey: 'k' }));
      });

      await expect(failing).rejects.toMatchObject({ code: 'store_conflict' });
      expect(await store.violations.get(other.id)).toBeUndefined();
      expect(await store.audit.count()).toBe(0);
    });

    it('50 concurrent transactions each appending an entry yield seq 1..50, one chain', async () => {
      const store = ctx.store();
      const appended = await Promise.all(
        Array.from({ length: 50 }, (_, i) =>
          store.transaction(async (tx) => {
            await tx.violations.insert(aViolation({ id: `vio-${i}` }));
            return tx.audit.append(aDraft({ subjectId: `vio-${i}`, payload: { i } }));
          }),
        ),
      );

      expect(appended.map((e) => e.seq).sort((a, b) => a - b)).toEqual(
        Array.from({ length: 50 }, (_, i) => i + 1),
      );
      const entries = await store.audit.range(1, 100);
      expect(entries).toHaveLength(50);
      expectIntactChain(entries);
    });

    it('50 concurrent appends outside transactions also form one chain', async () => {
      const store = ctx.store();
      await Promise.all(Array.from({ length: 50 }, () => store.audit.append(aDraft())));
      const entries = await store.audit.range(1, 100);
      expect(entries).toHaveLength(50);
      expectIntactChain(entries);
    });
  });

  describe('lifecycle', () => {
    it('migrate() on a migrated store applies nothing', async () => {
      expect(await ctx.store().migrate()).toEqual([]);
    });

    it('ping() resolves', async () => {
      await expect(ctx.store().ping()).resolves.toBeUndefined();
    });
  });
}
