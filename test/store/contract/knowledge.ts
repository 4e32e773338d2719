import { describe, expect, it } from 'vitest';

import type { MapekActionRecord } from '../../../src/store/records.js';
import { T0, uid } from './fixtures.js';
import type { ContractContext } from './fixtures.js';

function anAction(patch: Partial<MapekActionRecord> = {}): MapekActionRecord {
  return {
    id: uid('act'),
    source: 'node-7',
    level: 2,
    response: 'automatic',
    outcome: 'succeeded',
    atMs: T0,
    steps: ['suspend_source', 'notify_committee'],
    detail: { detectors: 'reconnaissance', distinctNames: 6, investigationId: null },
    effective: null,
    ...patch,
  };
}

/** Contract of the MAPE-K Knowledge repo. */
export function knowledgeContract(ctx: ContractContext): void {
  describe('knowledge', () => {
    it('putObservations() keeps the latest value per source and metric', async () => {
      const store = ctx.store();
      await store.knowledge.putObservations([
        { source: 'node-1', metric: 'cpu_usage_percent', value: 10, atMs: T0 },
        { source: 'node-1', metric: 'cpu_usage_percent', value: 12.5, atMs: T0 + 5 },
        { source: 'node-2', metric: 'latency_p99', value: 3, atMs: T0 },
      ]);
      await store.knowledge.putObservations([
        { source: 'node-2', metric: 'latency_p99', value: 4.25, atMs: T0 + 10 },
      ]);
      await store.knowledge.putObservations([]);

      expect(await store.knowledge.observations()).toEqual([
        { source: 'node-1', metric: 'cpu_usage_percent', value: 12.5, atMs: T0 + 5 },
        { source: 'node-2', metric: 'latency_p99', value: 4.25, atMs: T0 + 10 },
      ]);
    });

    it('probesSince() returns probes oldest first; pruneProbes() deletes older ones', async () => {
      const store = ctx.store();
      const probe = (atMs: number, nameHash: string) => ({
        source: 'node-7',
        nameHash,
        reason: 'forbidden_metric' as const,
        count: 1,
        atMs,
      });
      const many = Array.from({ length: 1_100 }, (_, i) => probe(T0 + 100 + i, `h${i}`));
      await store.knowledge.insertProbes([probe(T0 + 50, 'b'), probe(T0, 'a'), ...many]);

      const since = await store.knowledge.probesSince(T0 + 50);
      expect(since).toHaveLength(1_101);
      expect(since[0]).toEqual(probe(T0 + 50, 'b'));
      expect(await store.knowledge.pruneProbes(T0 + 100)).toBe(2);
      expect(await store.knowledge.probesSince(0)).toHaveLength(1_100);
    });

    it('keeps actions with their detail, newest first, and records a judgement', async () => {
      const store = ctx.store();
      const older = anAction({ atMs: T0 });
      const newer = anAction({ atMs: T0 + 1_000, level: 3, response: 'committee_request' });
      const other = anAction({ source: 'node-9', atMs: T0 + 2_000, outcome: 'rolled_back' });
      await store.transaction(async (tx) => {
        await tx.knowledge.insertAction(older);
        await tx.knowledge.insertAction(newer);
        await tx.knowledge.insertAction(other);
      });

      expect(await store.knowledge.actions({ source: 'node-7' }, { limit: 10 })).toEqual([
        newer,
        older,
      ]);
      await store.knowledge.judgeAction(older.id, false);
      const [, judged] = await store.knowledge.actions({ source: 'node-7' }, { limit: 10 });
      expect(judged).toEqual({ ...older, effective: false });
      expect(await store.knowledge.actions({}, { limit: 1 })).toEqual([other]);
    });

    it('refuses a duplicate action id and an unknown judgement', async () => {
      const store = ctx.store();
      const action = anAction();
      await store.knowledge.insertAction(action);
      await expect(store.knowledge.insertAction(action)).rejects.toMatchObject({
        code: 'store_conflict',
      });
      await expect(store.knowledge.judgeAction('act_missing', true)).rejects.toMatchObject({
        code: 'store_not_found',
      });
    });
  });
}
