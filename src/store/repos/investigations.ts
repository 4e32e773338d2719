import type { Kysely, Selectable, Updateable } from 'kysely';

import type { Database, InvestigationEventsTable, InvestigationsTable } from '../db-schema.js';
import type { InvestigationRecord, TimelineEvent } from '../records.js';
import type { InvestigationRepo } from '../store.js';
import { expectUpdated, fromJson, insertUnique, pageBounds, toJson } from './codec.js';

type Row = Selectable<InvestigationsTable>;
type Patch = Parameters<InvestigationRepo['update']>[1];

/** The investigations repo (with their timelines) over `db`. */
export function createInvestigationRepo(db: Kysely<Database>): InvestigationRepo {
  const select = () => db.selectFrom('investigations').selectAll();

  return {
    async insert(record) {
      await insertUnique('investigation', record.id, () =>
        db.insertInto('investigations').values(toRow(record)).execute(),
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
        .updateTable('investigations')
        .set(set)
        .where('id', '=', id)
        .executeTakeFirstOrThrow();
      expectUpdated(result, 'investigation', id);
    },

    async list(filter, page) {
      const { limit, offset } = pageBounds(page);
      let query = select();
      if (filter.status !== undefined) query = query.where('status', '=', filter.status);
      const rows = await query
        .orderBy('opened_at_ms', 'desc')
        .orderBy('id', 'desc')
        .limit(limit)
        .offset(offset)
        .execute();
      return rows.map(fromRow);
    },

    async inPeriod(period) {
      const rows = await select()
        .where('opened_at_ms', '>=', period.fromMs)
        .where('opened_at_ms', '<', period.toMs)
        .orderBy('opened_at_ms', 'asc')
        .orderBy('id', 'asc')
        .execute();
      return rows.map(fromRow);
    },

    async addEvent(event) {
      await insertUnique('timeline event', event.id, () =>
        db
          .insertInto('investigation_events')
          .values({
            id: event.id,
            investigation_id: event.investigationId,
            at_ms: event.atMs,
            actor: event.actor,
            kind: event.kind,
            body: toJson(event.body),
          })
          .execute(),
      );
    },

    async timeline(investigationId) {
      const rows = await db
        .selectFrom('investigation_events')
        .selectAll()
        .where('investigation_id', '=', investigationId)
        // Insertion order, which is time order even within one millisecond.
        .orderBy('position', 'asc')
        .execute();
      return rows.map(fromEventRow);
    },
  };
}

function toRow(r: InvestigationRecord): Row {
  return {
    id: r.id,
    violation_id: r.violationId,
    initiated_by: r.initiatedBy,
    opened_by: r.openedBy,
    assignee: r.assignee,
    deadline_at_ms: r.deadlineAtMs,
    status: r.status,
    outcome: r.outcome,
    penalty: r.penalty,
    opened_at_ms: r.openedAtMs,
    closed_at_ms: r.closedAtMs,
  };
}

function fromRow(row: Row): InvestigationRecord {
  return {
    id: row.id,
    violationId: row.violation_id,
    initiatedBy: row.initiated_by,
    openedBy: row.opened_by,
    assignee: row.assignee,
    deadlineAtMs: row.deadline_at_ms,
    status: row.status,
    outcome: row.outcome,
    penalty: row.penalty,
    openedAtMs: row.opened_at_ms,
    closedAtMs: row.closed_at_ms,
  };
}

function fromEventRow(row: Selectable<InvestigationEventsTable>): TimelineEvent {
  return {
    id: row.id,
    investigationId: row.investigation_id,
    atMs: row.at_ms,
    actor: row.actor,
    kind: row.kind,
    body: fromJson<Record<string, unknown>>(row.body),
  };
}

function toUpdate(patch: Patch): Updateable<InvestigationsTable> {
  const set: Updateable<InvestigationsTable> = {};
  if (patch.assignee !== undefined) set.assignee = patch.assignee;
  if (patch.deadlineAtMs !== undefined) set.deadline_at_ms = patch.deadlineAtMs;
  if (patch.status !== undefined) set.status = patch.status;
  if (patch.outcome !== undefined) set.outcome = patch.outcome;
  if (patch.penalty !== undefined) set.penalty = patch.penalty;
  if (patch.closedAtMs !== undefined) set.closed_at_ms = patch.closedAtMs;
  return set;
}
