import type { Kysely, Selectable, Updateable } from 'kysely';

import type { Database, OverridesTable } from '../db-schema.js';
import type { OverrideRecord } from '../records.js';
import type { OverrideRepo } from '../store.js';
import { expectUpdated, fromJson, insertUnique, pageBounds, toJson } from './codec.js';

type Row = Selectable<OverridesTable>;
type Patch = Parameters<OverrideRepo['update']>[1];

/** The emergency overrides repo over `db`. */
export function createOverrideRepo(db: Kysely<Database>): OverrideRepo {
  const select = () => db.selectFrom('overrides').selectAll();

  return {
    async insert(record) {
      await insertUnique('override', record.id, () =>
        db.insertInto('overrides').values(toRow(record)).execute(),
      );
    },

    async get(id) {
      const row = await select().where('id', '=', id).executeTakeFirst();
      return row && fromRow(row);
    },

    async update(id, patch) {
      const set = toUpdate(patch);
      if (Object.keys(set).length === 0) return;
      const result = await db
        .updateTable('overrides')
        .set(set)
        .where('id', '=', id)
        .executeTakeFirstOrThrow();
      expectUpdated(result, 'override', id);
    },

    async list(filter, page) {
      const { limit, offset } = pageBounds(page);
      const statuses = filter.status;
      // An empty status list selects nothing, as `in ()` would if SQL allowed it.
      if (statuses !== undefined && statuses.length === 0) return [];
      let query = select();
      if (statuses !== undefined) query = query.where('status', 'in', statuses);
      const rows = await query
        .orderBy('requested_at_ms', 'desc')
        .orderBy('id', 'desc')
        .limit(limit)
        .offset(offset)
        .execute();
      return rows.map(fromRow);
    },

    async active() {
      const rows = await select()
        .where('status', '=', 'active')
        .orderBy('activated_at_ms', 'asc')
        .orderBy('id', 'asc')
        .execute();
      return rows.map(fromRow);
    },

    async inPeriod(period) {
      const rows = await select()
        .where('requested_at_ms', '>=', period.fromMs)
        .where('requested_at_ms', '<', period.toMs)
        .orderBy('requested_at_ms', 'asc')
        .orderBy('id', 'asc')
        .execute();
      return rows.map(fromRow);
    },
  };
}

function toRow(r: OverrideRecord): Row {
  return {
    id: r.id,
    status: r.status,
    reason: r.reason,
    justification: r.justification,
    metrics: toJson(r.metrics),
    labels: toJson(r.labels),
    sources: toJson(r.sources),
    duration_seconds: r.durationSeconds,
    requested_by: r.requestedBy,
    requested_at_ms: r.requestedAtMs,
    decided_at_ms: r.decidedAtMs,
    activated_at_ms: r.activatedAtMs,
    expires_at_ms: r.expiresAtMs,
    ended_at_ms: r.endedAtMs,
    renews_id: r.renewsId,
  };
}

function fromRow(row: Row): OverrideRecord {
  return {
    id: row.id,
    status: row.status,
    reason: row.reason,
    justification: row.justification,
    metrics: fromJson<string[]>(row.metrics),
    labels: fromJson<string[]>(row.labels),
    sources: fromJson<string[]>(row.sources),
    durationSeconds: row.duration_seconds,
    requestedBy: row.requested_by,
    requestedAtMs: row.requested_at_ms,
    decidedAtMs: row.decided_at_ms,
    activatedAtMs: row.activated_at_ms,
    expiresAtMs: row.expires_at_ms,
    endedAtMs: row.ended_at_ms,
    renewsId: row.renews_id,
  };
}

function toUpdate(patch: Patch): Updateable<OverridesTable> {
  const set: Updateable<OverridesTable> = {};
  if (patch.status !== undefined) set.status = patch.status;
  if (patch.decidedAtMs !== undefined) set.decided_at_ms = patch.decidedAtMs;
  if (patch.activatedAtMs !== undefined) set.activated_at_ms = patch.activatedAtMs;
  if (patch.expiresAtMs !== undefined) set.expires_at_ms = patch.expiresAtMs;
  if (patch.endedAtMs !== undefined) set.ended_at_ms = patch.endedAtMs;
  return set;
}
