import { describe, expect, it } from 'vitest';

import { T0, aRevocation, aSubjectRecord, anErasure } from './fixtures.js';
import type { ContractContext } from './fixtures.js';

/** Contract of `RevocationRepo` and `SubjectRepo`. */
export function revocationSubjectContract(ctx: ContractContext): void {
  describe('revocations', () => {
    it('get() returns an inserted revocation; markInForce() sets when and how fast', async () => {
      const store = ctx.store();
      const rev = aRevocation();
      await store.revocations.insert(rev);
      expect(await store.revocations.get(rev.id)).toEqual(rev);

      await store.revocations.markInForce(rev.id, T0 + 1250, 1250);
      expect(await store.revocations.get(rev.id)).toEqual({
        ...rev,
        inForceAtMs: T0 + 1250,
        latencyMs: 1250,
      });
      await expect(store.revocations.markInForce('rev_x', T0, 0)).rejects.toMatchObject({
        code: 'store_not_found',
      });
    });

    it('collectors() lists each revoked collector once, sorted', async () => {
      const store = ctx.store();
      expect(await store.revocations.collectors()).toEqual([]);
      for (const collector of ['collector-b', 'collector-a', 'collector-b']) {
        await store.revocations.insert(aRevocation({ collector }));
      }
      expect(await store.revocations.collectors()).toEqual(['collector-a', 'collector-b']);
    });

    it('list() pages newest first; inPeriod() is half-open, oldest first', async () => {
      const store = ctx.store();
      const revs = [0, 1, 2, 3].map((i) => aRevocation({ requestedAtMs: T0 + i }));
      for (const rev of revs) await store.revocations.insert(rev);
      const ids = (list: { id: string }[]) => list.map((r) => r.id);
      const [r0, r1, r2, r3] = ids(revs);

      expect(ids(await store.revocations.list({ limit: 3 }))).toEqual([r3, r2, r1]);
      expect(ids(await store.revocations.list({ limit: 3, offset: 3 }))).toEqual([r0]);
      const inPeriod = await store.revocations.inPeriod({ fromMs: T0 + 1, toMs: T0 + 3 });
      expect(ids(inPeriod)).toEqual([r1, r2]);
    });
  });

  describe('subjects', () => {
    it('eraseRecords() deletes every record of the subject and returns the count', async () => {
      const store = ctx.store();
      const mine = [aSubjectRecord('subj-1'), aSubjectRecord('subj-1', { createdAtMs: T0 + 1 })];
      const theirs = aSubjectRecord('subj-2', { data: { nested: { list: [1, 'two', null] } } });
      for (const record of [...mine, theirs]) await store.subjects.insertRecord(record);
      expect(await store.subjects.records('subj-1')).toEqual(mine);

      expect(await store.subjects.eraseRecords('subj-1')).toBe(2);
      expect(await store.subjects.records('subj-1')).toEqual([]);
      expect(await store.subjects.eraseRecords('subj-1')).toBe(0);
      expect(await store.subjects.records('subj-2')).toEqual([theirs]);
    });

    it('getErasure() returns an inserted erasure; updateErasure() changes only the patch', async () => {
      const store = ctx.store();
      const erasure = anErasure();
      await store.subjects.insertErasure(erasure);
      expect(await store.subjects.getErasure(erasure.id)).toEqual(erasure);
      expect(await store.subjects.getErasure('era_x')).toBeUndefined();

      const patch = {
        status: 'erased',
        subjectId: null,
        erasedAtMs: T0 + 9,
        recordsErased: 4,
      } as const;
      await store.subjects.updateErasure(erasure.id, patch);
      expect(await store.subjects.getErasure(erasure.id)).toEqual({ ...erasure, ...patch });
      await expect(store.subjects.updateErasure('era_x', patch)).rejects.toMatchObject({
        code: 'store_not_found',
      });
    });

    it('dueErasures() returns erasures in their window whose window closed at or before now', async () => {
      const store = ctx.store();
      const closedEarlier = anErasure({ exportUntilMs: T0 - 5 });
      const closingNow = anErasure({ exportUntilMs: T0 });
      const stillOpen = anErasure({ exportUntilMs: T0 + 1 });
      const done = anErasure({ exportUntilMs: T0 - 10, status: 'erased', subjectId: null });
      for (const e of [stillOpen, done, closingNow, closedEarlier])
        await store.subjects.insertErasure(e);

      expect(await store.subjects.dueErasures(T0)).toEqual([closedEarlier, closingNow]);
      expect(await store.subjects.dueErasures(T0 - 6)).toEqual([]);
    });

    it('erasuresInPeriod() selects by request time, half-open', async () => {
      const store = ctx.store();
      const inside = anErasure({ requestedAtMs: T0 + 1 });
      await store.subjects.insertErasure(inside);
      await store.subjects.insertErasure(anErasure({ requestedAtMs: T0 + 2 }));

      expect(await store.subjects.erasuresInPeriod({ fromMs: T0, toMs: T0 + 2 })).toEqual([inside]);
    });
  });
}
