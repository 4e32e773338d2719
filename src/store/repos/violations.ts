import type { ExpressionBuilder, Kysely, Selectable, Updateable } from 'kysely';

import type { Database, ViolationsTable } from '../db-schema.js';
import type { Evidence, ViolationRecord } from '../records.js';
import type { Period, ViolationRepo } from '../store.js';
import { expectUpdated, fromJson, insertUnique, pageBounds, toJson } from './codec.js';

type Row = Selectable<ViolationsTable>;

/** Rows per INSERT: 16 columns each stays well under SQLite's 32,766 parameters. */
const INSERT_CHUNK = 500;
type Patch = Parameters<ViolationRepo['update']>[1];

/** The violations repo over `db` (the store's Kysely or one of its transactions). */
export function createViolationRepo(db: Kysely<Database>): ViolationRepo {
  const select = () => db.selectFrom('violations').selectAll();

  return {
    async insert(record) {
      await insertUnique('violation', record.id, () =>
        db.insertInto('violations').values(toRow(record)).execute(),
      );
    },

    async insertMany(records) {
      // Chunks keep each statement under SQLite's limit of bound parameters.
      for (let i = 0; i < records.length; i += INSERT_CHUNK) {
        const rows = records.slice(i, i + INSERT_CHUNK).map(toRow);
        await insertUnique('violation', rows[0]?.id ?? '', () =>
          db.insertInto('violations').values(rows).execute(),
        );
      }
    },

    async findByIdempotencyKeys(keys) {
      const found: ViolationRecord[] = [];
      for (let i = 0; i < keys.length; i += INSERT_CHUNK) {
        const chunk = keys.slice(i, i + INSERT_CHUNK);
        if (chunk.length === 0) continue;
        const rows = await select().where('idempotency_key', 'in', chunk).execute();
        found.push(...rows.map(fromRow));
      }
      return found;
    },

    async get(id) {
      const row = await select().where('id', '=', id).executeTakeFirst();
      return row && fromRow(row);
    },

    async findByIdempotencyKey(key) {
      const row = await select().where('idempotency_key', '=', key).executeTakeFirst();
      return row && fromRow(row);
    },

    async update(id, patch) {
      const set = toUpdate(patch);
      if (Object.keys(set).length === 0) return;
      const result = await db
        .updateTable('violations')
        .set(set)
        .where('id', '=', id)
        .executeTakeFirstOrThrow();
      expectUpdated(result, 'violation', id);
    },

    async list(filter, page) {
      const { limit, offset } = pageBounds(page);
      let query = select();
      if (filter.status !== undefined) query = query.where('status', '=', filter.status);
      if (filter.source !== undefined) query = query.where('source', '=', filter.source);
      if (filter.period !== undefined) query = query.where(reportedIn(filter.period));
      const rows = await query
        .orderBy('reported_at_ms', 'desc')
        .orderBy('id', 'desc')
        .limit(limit)
        .offset(offset)
        .execute();
      return rows.map(fromRow);
    },

    async inPeriod(period) {
      const rows = await select()
        .where(reportedIn(period))
        .orderBy('reported_at_ms', 'asc')
        .orderBy('id', 'asc')
        .execute();
      return rows.map(fromRow);
    },

    async countInvestigatingBySeverity() {
      const rows = await db
        .selectFrom('violations')
        .select(['severity', (eb) => eb.fn.countAll<number>().as('n')])
        .where('status', '=', 'investigating')
        .groupBy('severity')
        .execute();
      return Object.fromEntries(rows.map((r) => [r.severity, Number(r.n)]));
    },
  };
}

/** Reported within the half-open period [fromMs, toMs). */
function reportedIn(period: Period) {
  return (eb: ExpressionBuilder<Database, 'violations'>) =>
    eb.and([eb('reported_at_ms', '>=', period.fromMs), eb('reported_at_ms', '<', period.toMs)]);
}

function toRow(r: ViolationRecord): Row {
  return {
    id: r.id,
    idempotency_key: r.idempotencyKey,
    type: r.type,
    severity: r.severity,
    source: r.source,
    reporter: r.reporter,
    evidence: toJson(r.evidence),
    status: r.status,
    penalty: r.penalty,
    policy: r.policy,
    rule: r.rule,
    properties: toJson(r.properties),
    investigation_id: r.investigationId,
    reported_at_ms: r.reportedAtMs,
    updated_at_ms: r.updatedAtMs,
  };
}

function fromRow(row: Row): ViolationRecord {
  return {
    id: row.id,
    idempotencyKey: row.idempotency_key,
    type: row.type,
    severity: row.severity,
    source: row.source,
    reporter: row.reporter,
    evidence: fromJson<Evidence[]>(row.evidence),
    status: row.status,
    penalty: row.penalty,
    policy: row.policy,
    rule: row.rule,
    properties: fromJson<ViolationRecord['properties']>(row.properties),
    investigationId: row.investigation_id,
    reportedAtMs: row.reported_at_ms,
    updatedAtMs: row.updated_at_ms,
  };
}

function toUpdate(patch: Patch): Updateable<ViolationsTable> {
  const set: Updateable<ViolationsTable> = {};
  if (patch.status !== undefined) set.status = patch.status;
  if (patch.penalty !== undefined) set.penalty = patch.penalty;
  if (patch.investigationId !== undefined) set.investigation_id = patch.investigationId;
  if (patch.updatedAtMs !== undefined) set.updated_at_ms = patch.updatedAtMs;
  return set;
}
