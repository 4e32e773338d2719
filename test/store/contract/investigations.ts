import { describe, expect, it } from 'vitest';

import type { TimelineEvent, VoteRecord } from '../../../src/store/records.js';
import type { Store } from '../../../src/store/store.js';
import { T0, aViolation, anInvestigation, uid } from './fixtures.js';
import type { ContractContext } from './fixtures.js';

async function openOne(store: Store, patch: Parameters<typeof anInvestigation>[1] = {}) {
  const violation = aViolation();
  await store.violations.insert(violation);
  const investigation = anInvestigation(violation.id, patch);
  await store.investigations.insert(investigation);
  return investigation;
}

function aVote(subjectId: string, patch: Partial<VoteRecord> = {}): VoteRecord {
  return {
    subjectType: 'investigation',
    subjectId,
    memberId: 'mem-a',
    choice: 'confirm',
    penalty: 'warning',
    atMs: T0,
    ...patch,
  };
}

/** Contract of `InvestigationRepo` (timelines included) and `VoteRepo`. */
export function investigationContract(ctx: ContractContext): void {
  describe('investigations', () => {
    it('get() returns an inserted investigation; update() changes only the patch', async () => {
      const store = ctx.store();
      const inv = await openOne(store);
      expect(await store.investigations.get(inv.id)).toEqual(inv);
      expect(await store.investigations.get('inv_unknown')).toBeUndefined();

      const patch = {
        assignee: 'mem-b',
        deadlineAtMs: T0 + 10,
        status: 'closed',
        outcome: 'confirmed',
        penalty: 'suspension',
        closedAtMs: T0 + 20,
      } as const;
      await store.investigations.update(inv.id, patch);
      expect(await store.investigations.get(inv.id)).toEqual({ ...inv, ...patch });
      await expect(
        store.investigations.update('inv_unknown', { assignee: 'x' }),
      ).rejects.toMatchObject({ code: 'store_not_found' });
    });

    it('list() filters by status, newest opened first, in pages', async () => {
      const store = ctx.store();
      const a = await openOne(store, { openedAtMs: T0 + 1 });
      const b = await openOne(store, { openedAtMs: T0 + 2, status: 'closed' });
      const c = await openOne(store, { openedAtMs: T0 + 3 });
      const ids = (list: { id: string }[]) => list.map((i) => i.id);

      expect(ids(await store.investigations.list({}, { limit: 10 }))).toEqual([c.id, b.id, a.id]);
      expect(ids(await store.investigations.list({ status: 'open' }, { limit: 10 }))).toEqual([
        c.id,
        a.id,
      ]);
      expect(ids(await store.investigations.list({}, { limit: 1, offset: 1 }))).toEqual([b.id]);
    });

    it('inPeriod() selects by opening time, half-open, oldest first', async () => {
      const store = ctx.store();
      await openOne(store, { openedAtMs: T0 - 1 });
      const first = await openOne(store, { openedAtMs: T0 });
      const last = await openOne(store, { openedAtMs: T0 + 99 });
      await openOne(store, { openedAtMs: T0 + 100 });

      const found = await store.investigations.inPeriod({ fromMs: T0, toMs: T0 + 100 });
      expect(found.map((i) => i.id)).toEqual([first.id, last.id]);
    });

    it('timeline() returns events in insertion order, even within one millisecond', async () => {
      const store = ctx.store();
      const inv = await openOne(store);
      const other = await openOne(store);
      const kinds = ['opened', 'assigned', 'note', 'evidence', 'vote', 'closed'] as const;
      const events: TimelineEvent[] = kinds.map((kind, i) => ({
        id: uid('evt'),
        investigationId: inv.id,
        atMs: T0,
        actor: `actor-${i}`,
        kind,
        body: { step: i, text: 'ok' },
      }));
      for (const event of events) await store.investigations.addEvent(event);
      await store.investigations.addEvent({
        ...events[0]!,
        id: uid('evt'),
        investigationId: other.id,
      });

      expect(await store.investigations.timeline(inv.id)).toEqual(events);
      expect(await store.investigations.timeline('inv_unknown')).toEqual([]);
    });
  });

  describe('votes', () => {
    it('cast() records one vote per member and subject; a duplicate returns false and changes nothing', async () => {
      const store = ctx.store();
      expect(await store.votes.cast(aVote('inv-1'))).toBe(true);
      expect(await store.votes.cast(aVote('inv-1', { choice: 'dismiss', penalty: null }))).toBe(
        false,
      );
      expect(await store.votes.list('investigation', 'inv-1')).toEqual([aVote('inv-1')]);
    });

    it('cast() keeps votes of other members, subjects and subject types apart', async () => {
      const store = ctx.store();
      const votes = [
        aVote('s-1', { memberId: 'mem-b', atMs: T0 + 1 }),
        aVote('s-1', { memberId: 'mem-a', atMs: T0 + 2, choice: 'dismiss', penalty: null }),
        aVote('s-2'),
        aVote('s-1', { subjectType: 'override', choice: 'approve', penalty: null }),
      ];
      for (const vote of votes) expect(await store.votes.cast(vote)).toBe(true);

      expect(await store.votes.list('investigation', 's-1')).toEqual([votes[0], votes[1]]);
      expect(await store.votes.list('override', 's-1')).toEqual([votes[3]]);
      expect(await store.votes.list('override', 's-2')).toEqual([]);
    });

    it('cast() counts exactly one of many concurrent identical votes', async () => {
      const store = ctx.store();
      const results = await Promise.all(
        Array.from({ length: 10 }, () =>
          store.transaction((tx) => tx.votes.cast(aVote('race', { memberId: 'mem-z' }))),
        ),
      );
      expect(results.filter(Boolean)).toHaveLength(1);
      expect(await store.votes.list('investigation', 'race')).toHaveLength(1);
    });
  });
}
