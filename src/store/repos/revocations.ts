import type { Kysely, Selectable } from 'kysely';

import type { Database, RevocationsTable } from '../db-schema.js';
import type { RevocationRecord } from '../records.js';
import type { RevocationRepo } from '../store.js';
import { expectUpdated, insertUnique, pageBounds } from './codec.js';

type Row = Selectable<RevocationsTable>;

/** The collector revocations repo over `db`. */
export function createRevocationRepo(db: Kysely<Database>): RevocationRepo {
  const select = () => db.selectFrom('revocations').selectAll();

  return {
    async insert(record) {
      await insertUnique('revocation', record.id, () =>
        db.insertInto('revocations').values(toRow(record)).execute(),
      );
    },

    async get(id) {
      const row = await select().where('id', '=', id).executeTakeFirst();
      return row && fromRow(row);
    },

    async markInForce(id, inForceAtMs, latencyMs) {
      const result = await db
        .updateTable('revocations')
        .set({ in_force_at_ms: inForceAtMs, latency_ms: latencyMs })
        .where('id', '=', id)
        .executeTakeFirstOrThrow();
      expectUpdated(result, 'revocation', id);
    },

    async collectors() {
      const rows = await db
        .selectFrom('revocations')
        .select('collector')
        .distinct()
        .orderBy('collector', 'asc')
        .execute();
      return rows.map((r) => r.collector);
    },

    async list(page) {
      const { limit, offset } = pageBounds(page);
      const rows = await select()
        .orderBy('requested_at_ms', 'desc')
        .orderBy('id', 'desc')
        .limit(limit)
        .offset(offset)
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

function toRow(r: RevocationRecord): Row {
  return {
    id: r.id,
    collector: r.collector,
    reason: r.reason,
    requested_by: r.requestedBy,
    requested_at_ms: r.requestedAtMs,
    in_force_at_ms: r.inForceAtMs,
    latency_ms: r.latencyMs,
  };
}

function fromRow(row: Row): RevocationRecord {
  return {
    id: row.id,
    collector: row.collector,
    reason: row.reason,
    requestedBy: row.requested_by,
    requestedAtMs: row.requested_at_ms,
    inForceAtMs: row.in_force_at_ms,
    latencyMs: row.latency_ms,
  };
}
