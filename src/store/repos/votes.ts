import type { Kysely } from 'kysely';

import type { Database } from '../db-schema.js';
import type { VoteRepo } from '../store.js';

/** The votes repo over `db`: one vote per member and subject. */
export function createVoteRepo(db: Kysely<Database>): VoteRepo {
  return {
    async cast(vote) {
      // The primary key decides, not a read before the write: two instances
      // racing on the same vote cannot both count it. `do nothing` also keeps
      // a PostgreSQL transaction usable after a duplicate.
      const result = await db
        .insertInto('votes')
        .values({
          subject_type: vote.subjectType,
          subject_id: vote.subjectId,
          member_id: vote.memberId,
          choice: vote.choice,
          penalty: vote.penalty,
          at_ms: vote.atMs,
        })
        .onConflict((oc) => oc.columns(['subject_type', 'subject_id', 'member_id']).doNothing())
        .executeTakeFirstOrThrow();
      return result.numInsertedOrUpdatedRows === 1n;
    },

    async list(subjectType, subjectId) {
      const rows = await db
        .selectFrom('votes')
        .selectAll()
        .where('subject_type', '=', subjectType)
        .where('subject_id', '=', subjectId)
        .orderBy('at_ms', 'asc')
        .orderBy('member_id', 'asc')
        .execute();
      return rows.map((row) => ({
        subjectType: row.subject_type,
        subjectId: row.subject_id,
        memberId: row.member_id,
        choice: row.choice,
        penalty: row.penalty,
        atMs: row.at_ms,
      }));
    },
  };
}
