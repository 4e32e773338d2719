import { sql } from 'kysely';
import type { Kysely, Migration } from 'kysely';

import { signHead } from '../../audit/head.js';
import type { AuditSigner } from '../../audit/seal.js';

/*
 * Signs the audit head (see AuditHead): without a signature, deleting the
 * newest entries and moving the head row back would leave a trail that
 * verifies. The head as it stands is signed here, in the migration's
 * transaction, so from this migration on a head without a valid signature
 * can only have been written outside the store. Written against
 * `Kysely<unknown>` like every migration, but it needs the signing key.
 */
export function auditHeadSignature(signer: AuditSigner): Migration {
  return {
    async up(db: Kysely<unknown>) {
      await db.schema.alterTable('audit_head').addColumn('signature', 'text').execute();

      const { rows } = await sql<{ last_seq: number | string; last_hash: string }>`
        select last_seq, last_hash from audit_head where id = 1`.execute(db);
      const row = rows[0];
      if (row === undefined) return;
      // PostgreSQL returns bigint as text through a plain sql query.
      const head = signHead(Number(row.last_seq), row.last_hash, signer);
      await sql`update audit_head set signature = ${head.signature} where id = 1`.execute(db);
    },
  };
}
