import { sql } from 'kysely';
import type { Kysely } from 'kysely';

import type { AuditSigner } from '../audit/seal.js';
import type { Database } from './db-schema.js';
import { migrateToLatest } from './migrations/index.js';
import { createAuditReader, createTxAuditRepo } from './repos/audit.js';
import { createCommitteeRepo } from './repos/committee.js';
import { createInvestigationRepo } from './repos/investigations.js';
import { createKnowledgeRepo } from './repos/knowledge.js';
import { createOutboxRepo } from './repos/outbox.js';
import { createOverrideRepo } from './repos/overrides.js';
import { createRevocationRepo } from './repos/revocations.js';
import { createSourceStateRepo } from './repos/sources.js';
import { createSubjectRepo } from './repos/subjects.js';
import { createTokenRepo } from './repos/tokens.js';
import { createViolationRepo } from './repos/violations.js';
import { createVoteRepo } from './repos/votes.js';
import type { AuditRepo, Store, StoreTx } from './store.js';

/** What `createKyselyStore` needs besides the database. */
export interface KyselyStoreOptions {
  dialect: Store['dialect'];
  /** Signs every audit entry the store appends. */
  signer: AuditSigner;
  /** PostgreSQL schema for the migration bookkeeping tables (see `migrateToLatest`). */
  migrationSchema?: string;
}

/**
 * The `Store` over a `Kysely<Database>` of either dialect. The store owns
 * `db`: `close()` destroys it. With SQLite, Kysely runs every query and
 * transaction on one connection in turn, so the `work` of `transaction` must
 * use only the `tx` it is given: a call to the store itself from inside would
 * wait for the transaction forever.
 */
export function createKyselyStore(db: Kysely<Database>, options: KyselyStoreOptions): Store {
  const { dialect, signer } = options;
  const auditOptions = { signer, lockHead: dialect === 'postgres' };
  let closing: Promise<void> | undefined;

  function transaction<T>(work: (tx: StoreTx) => Promise<T>): Promise<T> {
    let builder = db.transaction();
    // Pinned so the head lock behaves the same whatever the server's default is:
    // under serializable, concurrent appends would fail instead of queueing.
    if (dialect === 'postgres') builder = builder.setIsolationLevel('read committed');
    return builder.execute(async (trx) => {
      const audit = createTxAuditRepo(trx, auditOptions);
      const result = await work(bindRepos(trx, audit));
      await audit.flush();
      return result;
    });
  }

  const audit: AuditRepo = {
    ...createAuditReader(db),
    append: (draft) => transaction((tx) => tx.audit.append(draft)),
    appendMany: (drafts) => transaction((tx) => tx.audit.appendMany(drafts)),
  };

  return {
    ...bindRepos(db, audit),
    dialect,
    transaction,
    migrate: () =>
      migrateToLatest(db, {
        signer,
        ...(options.migrationSchema === undefined ? {} : { schema: options.migrationSchema }),
      }),
    async ping() {
      await sql`select 1`.execute(db);
    },
    close() {
      closing ??= db.destroy();
      return closing;
    },
  };
}

function bindRepos(db: Kysely<Database>, audit: AuditRepo): StoreTx {
  return {
    violations: createViolationRepo(db),
    investigations: createInvestigationRepo(db),
    votes: createVoteRepo(db),
    committee: createCommitteeRepo(db),
    overrides: createOverrideRepo(db),
    sources: createSourceStateRepo(db),
    tokens: createTokenRepo(db),
    outbox: createOutboxRepo(db),
    revocations: createRevocationRepo(db),
    subjects: createSubjectRepo(db),
    knowledge: createKnowledgeRepo(db),
    audit,
  };
}
