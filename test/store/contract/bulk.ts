import { describe, expect, it } from 'vitest';

import { aDraft, aViolation, expectIntactChain } from './fixtures.js';
import type { ContractContext } from './fixtures.js';

/** Contract of the bulk paths the group-committed intake uses. */
export function bulkContract(ctx: ContractContext): void {
  describe('bulk writes', () => {
    it('insertMany() stores more rows than one statement may bind, all readable', async () => {
      const store = ctx.store();
      const many = Array.from({ length: 1_203 }, (_, i) =>
        aViolation({ idempotencyKey: `bulk-${i}` }),
      );
      await store.transaction((tx) => tx.violations.insertMany(many));

      const found = await store.violations.findByIdempotencyKeys(
        many.map((v) => v.idempotencyKey!),
      );
      expect(found).toHaveLength(1_203);
      expect(await store.violations.get(many[1_100]!.id)).toEqual(many[1_100]);
      expect(await store.violations.findByIdempotencyKeys(['none-such'])).toEqual([]);
      expect(await store.violations.findByIdempotencyKeys([])).toEqual([]);
    });

    it('insertMany() of an empty list writes nothing', async () => {
      const store = ctx.store();
      await store.violations.insertMany([]);
      expect(await store.violations.list({}, { limit: 10 })).toEqual([]);
    });

    it('appendMany() chains like append() one by one, across statement chunks', async () => {
      const store = ctx.store();
      const first = await store.audit.append(aDraft());
      const drafts = Array.from({ length: 1_001 }, (_, i) => aDraft({ payload: { i } }));
      const entries = await store.transaction((tx) => tx.audit.appendMany(drafts));
      const next = await store.audit.append(aDraft());

      expect(entries[0]).toMatchObject({ seq: 2, prevHash: first.hash });
      expect(next).toMatchObject({ seq: 1_003, prevHash: entries.at(-1)!.hash });
      const all = await store.audit.range(1, 2_000);
      expect(all).toHaveLength(1_003);
      expectIntactChain(all);
    });

    it('a failed bulk transaction leaves neither rows nor audit entries', async () => {
      const store = ctx.store();
      const dup = aViolation({ idempotencyKey: 'same-key' });
      await expect(
        store.transaction(async (tx) => {
          await tx.audit.appendMany([aDraft(), aDraft()]);
          await tx.violations.insertMany([dup, aViolation({ idempotencyKey: 'same-key' })]);
        }),
      ).rejects.toThrow();
      expect(await store.audit.count()).toBe(0);
      expect(await store.violations.findByIdempotencyKeys(['same-key'])).toEqual([]);
    });
  });
}
