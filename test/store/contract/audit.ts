import { describe, expect, it } from 'vitest';

import { GENESIS_HASH } from '../../../src/audit/entry.js';
import { aDraft, expectIntactChain, expectSignedHead } from './fixtures.js';
import type { ContractContext } from './fixtures.js';

/** Contract of `AuditRepo`, inside and outside transactions. */
export function auditContract(ctx: ContractContext): void {
  describe('audit', () => {
    it('an empty trail has no entries, count 0 and no last entry', async () => {
      const store = ctx.store();
      expect(await store.audit.count()).toBe(0);
      expect(await store.audit.last()).toBeUndefined();
      expect(await store.audit.range(1, 10)).toEqual([]);
    });

    it('append() seals the draft as the next link of the chain', async () => {
      const store = ctx.store();
      const draft = aDraft({ payload: { ids: ['a', 'b'], n: 2 } });
      const first = await store.audit.append(draft);
      const second = await store.audit.append(aDraft());

      expect(first).toMatchObject({ ...draft, seq: 1, prevHash: GENESIS_HASH });
      expect(first.hash).toMatch(/^[0-9a-f]{64}$/);
      expect(first.signature).toMatch(/^[0-9a-f]{128}$/);
      expect(second).toMatchObject({ seq: 2, prevHash: first.hash });
      expectIntactChain([first, second]);
    });

    it('range(), count() and last() read back exactly what append() returned', async () => {
      const store = ctx.store();
      const appended = [];
      for (let i = 0; i < 5; i++)
        appended.push(await store.audit.append(aDraft({ payload: { i } })));

      expect(await store.audit.count()).toBe(5);
      expect(await store.audit.last()).toEqual(appended[4]);
      expect(await store.audit.range(1, 100)).toEqual(appended);
      expect(await store.audit.range(2, 2)).toEqual(appended.slice(1, 3));
      expect(await store.audit.range(5, 2)).toEqual(appended.slice(4));
      expect(await store.audit.range(6, 2)).toEqual([]);
    });

    it('appends within one transaction chain onto each other, then onto later transactions', async () => {
      const store = ctx.store();
      const inTx = await store.transaction(async (tx) => {
        const a = await tx.audit.append(aDraft());
        const b = await tx.audit.append(aDraft());
        expect(await tx.audit.count()).toBe(2);
        expect(await tx.audit.last()).toEqual(b);
        return [a, b];
      });
      const after = await store.audit.append(aDraft());

      expectIntactChain([...inTx, after]);
      expect(await store.audit.range(1, 10)).toEqual([...inTx, after]);
    });

    it('appends started together in one transaction still form one chain', async () => {
      const store = ctx.store();
      await store.transaction((tx) =>
        Promise.all(
          Array.from({ length: 8 }, (_, i) => tx.audit.append(aDraft({ payload: { i } }))),
        ),
      );
      const entries = await store.audit.range(1, 100);
      expect(entries).toHaveLength(8);
      expectIntactChain(entries);
    });

    it('head() is the signed genesis head on a new store', async () => {
      expectSignedHead(await ctx.store().audit.head(), 0, GENESIS_HASH);
    });

    it('head() moves to the last entry, signed, with every committed append', async () => {
      const store = ctx.store();
      const first = await store.audit.append(aDraft());
      expectSignedHead(await store.audit.head(), 1, first.hash);

      const batch = await store.transaction(async (tx) => {
        const entries = await tx.audit.appendMany([aDraft(), aDraft(), aDraft()]);
        await tx.audit.append(aDraft());
        return entries;
      });
      const last = await store.audit.last();
      expect(last?.seq).toBe(5);
      expect(batch.map((e) => e.seq)).toEqual([2, 3, 4]);
      expectSignedHead(await store.audit.head(), 5, last!.hash);
    });

    it('head() stays where it was when a transaction that appended rolls back', async () => {
      const store = ctx.store();
      const kept = await store.audit.append(aDraft());
      const failing = store.transaction(async (tx) => {
        await tx.audit.append(aDraft());
        throw new Error('work failed after the append');
      });
      await expect(failing).rejects.toThrow('work failed after the append');
      expectSignedHead(await store.audit.head(), 1, kept.hash);
    });

    it('append() refuses a payload canonical JSON cannot carry and writes nothing', async () => {
      const store = ctx.store();
      await expect(
        store.audit.append(aDraft({ payload: { n: Number.NaN } })),
      ).rejects.toMatchObject({
        code: 'audit_unserializable',
      });
      expect(await store.audit.count()).toBe(0);
      expectIntactChain([await store.audit.append(aDraft())]);
    });
  });
}
