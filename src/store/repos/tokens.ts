import type { Kysely, Selectable } from 'kysely';

import type { Database, TokensTable } from '../db-schema.js';
import type { TokenRecord } from '../records.js';
import type { TokenRepo } from '../store.js';
import { insertUnique } from './codec.js';

type Row = Selectable<TokensTable>;

/** The bearer-token repo over `db`. */
export function createTokenRepo(db: Kysely<Database>): TokenRepo {
  return {
    async insert(record) {
      await insertUnique('token', record.id, () =>
        db.insertInto('tokens').values(toRow(record)).execute(),
      );
    },
    async findByHash(hash) {
      const row = await db
        .selectFrom('tokens')
        .selectAll()
        .where('token_hash', '=', hash)
        .executeTakeFirst();
      return row && fromRow(row);
    },
    async get(id) {
      const row = await db.selectFrom('tokens').selectAll().where('id', '=', id).executeTakeFirst();
      return row && fromRow(row);
    },
    async revoke(id, atMs) {
      const result = await db
        .updateTable('tokens')
        .set({ revoked_at_ms: atMs })
        .where('id', '=', id)
        .where('revoked_at_ms', 'is', null)
        .executeTakeFirst();
      return Number(result.numUpdatedRows) > 0;
    },
    async list() {
      const rows = await db
        .selectFrom('tokens')
        .selectAll()
        .orderBy('created_at_ms', 'asc')
        .orderBy('id')
        .execute();
      return rows.map(fromRow);
    },
  };
}

function toRow(r: TokenRecord): Row {
  return {
    id: r.id,
    token_hash: r.tokenHash,
    principal: r.principal,
    role: r.role,
    description: r.description,
    created_at_ms: r.createdAtMs,
    revoked_at_ms: r.revokedAtMs,
  };
}

function fromRow(row: Row): TokenRecord {
  return {
    id: row.id,
    tokenHash: row.token_hash,
    principal: row.principal,
    role: row.role,
    description: row.description,
    createdAtMs: Number(row.created_at_ms),
    revokedAtMs: row.revoked_at_ms === null ? null : Number(row.revoked_at_ms),
  };
}
