import type { Kysely, Selectable } from 'kysely';

import type { CommitteeMembersTable, Database } from '../db-schema.js';
import type { CommitteeMemberRecord } from '../records.js';
import type { CommitteeRepo } from '../store.js';

type Row = Selectable<CommitteeMembersTable>;

/** The committee members repo over `db`. */
export function createCommitteeRepo(db: Kysely<Database>): CommitteeRepo {
  const select = () => db.selectFrom('committee_members').selectAll();

  return {
    async upsert(member) {
      const row = toRow(member);
      const { id: _id, ...changes } = row;
      await db
        .insertInto('committee_members')
        .values(row)
        .onConflict((oc) => oc.column('id').doUpdateSet(changes))
        .execute();
    },

    async get(id) {
      const row = await select().where('id', '=', id).executeTakeFirst();
      return row && fromRow(row);
    },

    async active() {
      const rows = await select().where('active', '=', 1).orderBy('id', 'asc').execute();
      return rows.map(fromRow);
    },

    async all() {
      const rows = await select().orderBy('id', 'asc').execute();
      return rows.map(fromRow);
    },
  };
}

function toRow(m: CommitteeMemberRecord): Row {
  return {
    id: m.id,
    name: m.name,
    contact: m.contact,
    active: m.active ? 1 : 0,
    added_at_ms: m.addedAtMs,
    removed_at_ms: m.removedAtMs,
  };
}

function fromRow(row: Row): CommitteeMemberRecord {
  return {
    id: row.id,
    name: row.name,
    contact: row.contact,
    active: row.active === 1,
    addedAtMs: row.added_at_ms,
    removedAtMs: row.removed_at_ms,
  };
}
