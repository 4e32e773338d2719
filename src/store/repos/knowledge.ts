import type { Kysely, Selectable } from 'kysely';

import type { Database, MapekActionsTable, MapekProbesTable } from '../db-schema.js';
import type { MapekActionRecord, MapekProbeRecord } from '../records.js';
import type { KnowledgeRepo } from '../store.js';
import { expectUpdated, fromJson, insertUnique, pageBounds, toJson } from './codec.js';

/** The MAPE-K Knowledge repo over `db`. */
export function createKnowledgeRepo(db: Kysely<Database>): KnowledgeRepo {
  return {
    async putObservations(records) {
      // One row per source and metric: the latest wins, so a repeated key
      // within one batch is collapsed first (an upsert cannot touch a row twice).
      const latest = new Map<string, (typeof records)[number]>();
      for (const r of records) {
        const key = `${r.source}\u0000${r.metric}`;
        const seen = latest.get(key);
        if (seen === undefined || r.atMs >= seen.atMs) latest.set(key, r);
      }
      for (const part of chunks([...latest.values()])) {
        await db
          .insertInto('mapek_observations')
          .values(part.map((r) => ({ ...pick(r), at_ms: r.atMs })))
          .onConflict((oc) =>
            oc.columns(['source', 'metric']).doUpdateSet((eb) => ({
              value: eb.ref('excluded.value'),
              at_ms: eb.ref('excluded.at_ms'),
            })),
          )
          .execute();
      }
    },

    async observations() {
      const rows = await db
        .selectFrom('mapek_observations')
        .selectAll()
        .orderBy('source')
        .orderBy('metric')
        .execute();
      return rows.map((r) => ({ ...pick(r), atMs: Number(r.at_ms) }));
    },

    async insertProbes(records) {
      for (const part of chunks(records)) {
        await db
          .insertInto('mapek_probes')
          .values(
            part.map((r) => ({
              source: r.source,
              name_hash: r.nameHash,
              reason: r.reason,
              count: r.count,
              at_ms: r.atMs,
            })),
          )
          .execute();
      }
    },

    async probesSince(fromMs) {
      const rows = await db
        .selectFrom('mapek_probes')
        .selectAll()
        .where('at_ms', '>=', fromMs)
        .orderBy('at_ms')
        .orderBy('id')
        .execute();
      return rows.map(probeFromRow);
    },

    async pruneProbes(beforeMs) {
      const result = await db.deleteFrom('mapek_probes').where('at_ms', '<', beforeMs).execute();
      return Number(result[0]?.numDeletedRows ?? 0n);
    },

    async insertAction(record) {
      await insertUnique('mapek action', record.id, () =>
        db.insertInto('mapek_actions').values(actionToRow(record)).execute(),
      );
    },

    async actions(filter, page) {
      const { limit, offset } = pageBounds(page);
      let query = db.selectFrom('mapek_actions').selectAll();
      if (filter.source !== undefined) query = query.where('source', '=', filter.source);
      const rows = await query
        .orderBy('at_ms', 'desc')
        .orderBy('id', 'desc')
        .limit(limit)
        .offset(offset)
        .execute();
      return rows.map(actionFromRow);
    },

    async judgeAction(id, effective) {
      const result = await db
        .updateTable('mapek_actions')
        .set({ effective: effective ? 1 : 0 })
        .where('id', '=', id)
        .executeTakeFirst();
      expectUpdated(result, 'mapek action', id);
    },
  };
}

/** Rows per statement: well under either database's limit on bound parameters. */
const CHUNK_ROWS = 500;

function chunks<T>(items: readonly T[]): T[][] {
  const parts: T[][] = [];
  for (let i = 0; i < items.length; i += CHUNK_ROWS) parts.push(items.slice(i, i + CHUNK_ROWS));
  return parts;
}

function pick(r: { source: string; metric: string; value: number }) {
  return { source: r.source, metric: r.metric, value: Number(r.value) };
}

function probeFromRow(row: Selectable<MapekProbesTable>): MapekProbeRecord {
  return {
    source: row.source,
    nameHash: row.name_hash,
    reason: row.reason,
    count: Number(row.count),
    atMs: Number(row.at_ms),
  };
}

function actionToRow(r: MapekActionRecord): Selectable<MapekActionsTable> {
  return {
    id: r.id,
    source: r.source,
    level: r.level,
    response: r.response,
    outcome: r.outcome,
    at_ms: r.atMs,
    steps: toJson(r.steps),
    detail: toJson(r.detail),
    effective: r.effective === null ? null : r.effective ? 1 : 0,
  };
}

function actionFromRow(row: Selectable<MapekActionsTable>): MapekActionRecord {
  return {
    id: row.id,
    source: row.source,
    level: Number(row.level),
    response: row.response,
    outcome: row.outcome,
    atMs: Number(row.at_ms),
    steps: fromJson<string[]>(row.steps),
    detail: fromJson<MapekActionRecord['detail']>(row.detail),
    effective: row.effective === null ? null : Number(row.effective) === 1,
  };
}
