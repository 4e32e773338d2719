import type { Kysely, Selectable } from 'kysely';

import type { Database, SourceStatesTable } from '../db-schema.js';
import type { SourceStateRecord } from '../records.js';
import type { SourceStateRepo } from '../store.js';

type Row = Selectable<SourceStatesTable>;

/** The source standings repo over `db`: one row per source, replaced by `put`. */
export function createSourceStateRepo(db: Kysely<Database>): SourceStateRepo {
  const select = () => db.selectFrom('source_states').selectAll();

  return {
    async put(state) {
      const row = toRow(state);
      const { source: _source, ...changes } = row;
      await db
        .insertInto('source_states')
        .values(row)
        .onConflict((oc) => oc.column('source').doUpdateSet(changes))
        .execute();
    },

    async get(source) {
      const row = await select().where('source', '=', source).executeTakeFirst();
      return row && fromRow(row);
    },

    async remove(source) {
      await db.deleteFrom('source_states').where('source', '=', source).execute();
    },

    async suspended() {
      const rows = await select()
        .where('standing', '=', 'suspended')
        .orderBy('source', 'asc')
        .execute();
      return rows.map(fromRow);
    },
  };
}

function toRow(s: SourceStateRecord): Row {
  return {
    source: s.source,
    standing: s.standing,
    reason: s.reason,
    violation_id: s.violationId,
    since_ms: s.sinceMs,
  };
}

function fromRow(row: Row): SourceStateRecord {
  return {
    source: row.source,
    standing: row.standing,
    reason: row.reason,
    violationId: row.violation_id,
    sinceMs: row.since_ms,
  };
}
