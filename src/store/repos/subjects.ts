import type { Kysely, Selectable, Updateable } from 'kysely';

import type { Database, ErasuresTable } from '../db-schema.js';
import type { ErasureRecord } from '../records.js';
import type { SubjectRepo } from '../store.js';
import { expectUpdated, fromJson, insertUnique, toJson } from './codec.js';

type ErasureRow = Selectable<ErasuresTable>;
type ErasurePatch = Parameters<SubjectRepo['updateErasure']>[1];

/** The data subjects repo over `db`: their records and their erasures. */
export function createSubjectRepo(db: Kysely<Database>): SubjectRepo {
  const selectErasures = () => db.selectFrom('erasures').selectAll();

  return {
    async insertRecord(record) {
      await insertUnique('subject record', record.id, () =>
        db
          .insertInto('subject_records')
          .values({
            id: record.id,
            subject_id: record.subjectId,
            kind: record.kind,
            data: toJson(record.data),
            created_at_ms: record.createdAtMs,
          })
          .execute(),
      );
    },

    async records(subjectId) {
      const rows = await db
        .selectFrom('subject_records')
        .selectAll()
        .where('subject_id', '=', subjectId)
        .orderBy('created_at_ms', 'asc')
        .orderBy('id', 'asc')
        .execute();
      return rows.map((row) => ({
        id: row.id,
        subjectId: row.subject_id,
        kind: row.kind,
        data: fromJson<Record<string, unknown>>(row.data),
        createdAtMs: row.created_at_ms,
      }));
    },

    async eraseRecords(subjectId) {
      const result = await db
        .deleteFrom('subject_records')
        .where('subject_id', '=', subjectId)
        .executeTakeFirstOrThrow();
      return Number(result.numDeletedRows);
    },

    async insertErasure(record) {
      await insertUnique('erasure', record.id, () =>
        db.insertInto('erasures').values(toErasureRow(record)).execute(),
      );
    },

    async getErasure(id) {
      const row = await selectErasures().where('id', '=', id).executeTakeFirst();
      return row && fromErasureRow(row);
    },

    async updateErasure(id, patch) {
      const set = toErasureUpdate(patch);
      if (Object.keys(set).length === 0) return;
      const result = await db
        .updateTable('erasures')
        .set(set)
        .where('id', '=', id)
        .executeTakeFirstOrThrow();
      expectUpdated(result, 'erasure', id);
    },

    async dueErasures(nowMs) {
      const rows = await selectErasures()
        .where('status', '=', 'export_window')
        .where('export_until_ms', '<=', nowMs)
        .orderBy('export_until_ms', 'asc')
        .orderBy('id', 'asc')
        .execute();
      return rows.map(fromErasureRow);
    },

    async erasuresInPeriod(period) {
      const rows = await selectErasures()
        .where('requested_at_ms', '>=', period.fromMs)
        .where('requested_at_ms', '<', period.toMs)
        .orderBy('requested_at_ms', 'asc')
        .orderBy('id', 'asc')
        .execute();
      return rows.map(fromErasureRow);
    },
  };
}

function toErasureRow(r: ErasureRecord): ErasureRow {
  return {
    id: r.id,
    pseudonym: r.pseudonym,
    subject_id: r.subjectId,
    reason: r.reason,
    status: r.status,
    requested_at_ms: r.requestedAtMs,
    export_until_ms: r.exportUntilMs,
    erased_at_ms: r.erasedAtMs,
    records_erased: r.recordsErased,
  };
}

function fromErasureRow(row: ErasureRow): ErasureRecord {
  return {
    id: row.id,
    pseudonym: row.pseudonym,
    subjectId: row.subject_id,
    reason: row.reason,
    status: row.status,
    requestedAtMs: row.requested_at_ms,
    exportUntilMs: row.export_until_ms,
    erasedAtMs: row.erased_at_ms,
    recordsErased: row.records_erased,
  };
}

function toErasureUpdate(patch: ErasurePatch): Updateable<ErasuresTable> {
  const set: Updateable<ErasuresTable> = {};
  if (patch.status !== undefined) set.status = patch.status;
  if (patch.subjectId !== undefined) set.subject_id = patch.subjectId;
  if (patch.erasedAtMs !== undefined) set.erased_at_ms = patch.erasedAtMs;
  if (patch.recordsErased !== undefined) set.records_erased = patch.recordsErased;
  return set;
}
