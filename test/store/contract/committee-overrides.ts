import { describe, expect, it } from 'vitest';

import type { SourceStateRecord } from '../../../src/store/records.js';
import { T0, aMember, anOverride } from './fixtures.js';
import type { ContractContext } from './fixtures.js';

/** Contract of `CommitteeRepo`, `OverrideRepo` and `SourceStateRepo`. */
export function committeeOverrideContract(ctx: ContractContext): void {
  describe('committee', () => {
    it('upsert() inserts then replaces a member; active() omits removed members', async () => {
      const store = ctx.store();
      const bernard = aMember({ id: 'mem-b', name: 'Bernard' });
      const arnold = aMember({ id: 'mem-a', name: 'Arnold' });
      await store.committee.upsert(bernard);
      await store.committee.upsert(arnold);
      expect(await store.committee.active()).toEqual([arnold, bernard]);

      const removed = { ...bernard, active: false, removedAtMs: T0 + 60_000 };
      await store.committee.upsert(removed);
      expect(await store.committee.get('mem-b')).toEqual(removed);
      expect(await store.committee.active()).toEqual([arnold]);
      expect(await store.committee.all()).toEqual([arnold, removed]);
      expect(await store.committee.get('mem-x')).toBeUndefined();
    });
  });

  describe('overrides', () => {
    it('get() returns an inserted override; update() changes only the patch', async () => {
      const store = ctx.store();
      const ovr = anOverride({ renewsId: 'ovr_previous' });
      await store.overrides.insert(ovr);
      expect(await store.overrides.get(ovr.id)).toEqual(ovr);

      const patch = {
        status: 'active',
        decidedAtMs: T0 + 1,
        activatedAtMs: T0 + 2,
        expiresAtMs: T0 + 3_600_002,
      } as const;
      await store.overrides.update(ovr.id, patch);
      expect(await store.overrides.get(ovr.id)).toEqual({ ...ovr, ...patch });
      await store.overrides.update(ovr.id, { status: 'ended', endedAtMs: T0 + 5 });
      expect(await store.overrides.get(ovr.id)).toMatchObject({
        status: 'ended',
        endedAtMs: T0 + 5,
      });
      await expect(store.overrides.update('ovr_x', { status: 'ended' })).rejects.toMatchObject({
        code: 'store_not_found',
      });
    });

    it('list() filters by any of several statuses, newest first, in pages', async () => {
      const store = ctx.store();
      const requested = anOverride({ requestedAtMs: T0 + 1 });
      const active = anOverride({ requestedAtMs: T0 + 2, status: 'active' });
      const expired = anOverride({ requestedAtMs: T0 + 3, status: 'expired' });
      for (const o of [requested, active, expired]) await store.overrides.insert(o);
      const ids = (list: { id: string }[]) => list.map((o) => o.id);

      expect(ids(await store.overrides.list({}, { limit: 10 }))).toEqual([
        expired.id,
        active.id,
        requested.id,
      ]);
      const live = { status: ['requested', 'active'] } as const;
      expect(ids(await store.overrides.list({ status: [...live.status] }, { limit: 10 }))).toEqual([
        active.id,
        requested.id,
      ]);
      expect(ids(await store.overrides.list({ status: [] }, { limit: 10 }))).toEqual([]);
      expect(ids(await store.overrides.list({}, { limit: 1, offset: 2 }))).toEqual([requested.id]);
    });

    it('active() returns exactly the overrides whose status is active', async () => {
      const store = ctx.store();
      const later = anOverride({ status: 'active', activatedAtMs: T0 + 2 });
      const earlier = anOverride({ status: 'active', activatedAtMs: T0 + 1 });
      const statuses = [
        'requested',
        'approved',
        'rejected',
        'renewed',
        'ended',
        'expired',
      ] as const;
      for (const status of statuses) await store.overrides.insert(anOverride({ status }));
      await store.overrides.insert(later);
      await store.overrides.insert(earlier);

      expect(await store.overrides.active()).toEqual([earlier, later]);
    });

    it('inPeriod() selects by request time, half-open', async () => {
      const store = ctx.store();
      const inside = anOverride({ requestedAtMs: T0 });
      await store.overrides.insert(inside);
      await store.overrides.insert(anOverride({ requestedAtMs: T0 + 10 }));
      await store.overrides.insert(anOverride({ requestedAtMs: T0 - 1 }));

      expect(await store.overrides.inPeriod({ fromMs: T0, toMs: T0 + 10 })).toEqual([inside]);
    });
  });

  describe('sources', () => {
    it('put() sets and replaces a standing; remove() deletes it; suspended() lists them', async () => {
      const store = ctx.store();
      const state = (source: string, patch: Partial<SourceStateRecord> = {}) => ({
        source,
        standing: 'suspended' as const,
        reason: 'violation confirmed',
        violationId: 'vio-1',
        sinceMs: T0,
        ...patch,
      });
      await store.sources.put(state('node-b'));
      await store.sources.put(state('node-a', { violationId: null }));
      await store.sources.put(state('node-c', { standing: 'active', reason: 'reinstated' }));
      expect(await store.sources.get('node-c')).toEqual(
        state('node-c', { standing: 'active', reason: 'reinstated' }),
      );
      expect((await store.sources.suspended()).map((s) => s.source)).toEqual(['node-a', 'node-b']);

      await store.sources.put(state('node-b', { standing: 'active', sinceMs: T0 + 1 }));
      await store.sources.remove('node-a');
      await store.sources.remove('node-never');
      expect(await store.sources.get('node-a')).toBeUndefined();
      expect(await store.sources.suspended()).toEqual([]);
      expect((await store.sources.get('node-b'))?.sinceMs).toBe(T0 + 1);
    });
  });
}
