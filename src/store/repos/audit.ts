import type { Kysely, Selectable } from 'kysely';

import { canonicalJson } from '../../audit/canonical-json.js';
import type { AuditDraft, AuditEntry } from '../../audit/entry.js';
import { signHead } from '../../audit/head.js';
import { sealEntry } from '../../audit/seal.js';
import type { AuditSigner } from '../../audit/seal.js';
import { CharterError } from '../../shared/errors.js';
import type { AuditEntriesTable, Database } from '../db-schema.js';
import type { AuditRepo } from '../store.js';

type Row = Selectable<AuditEntriesTable>;

/** Entries per INSERT: 11 columns each stays well under SQLite's parameter limit. */
const INSERT_CHUNK = 500;

/** How a transaction's audit repo seals and serialises its appends. */
export interface AuditAppendOptions {
  signer: AuditSigner;
  /**
   * Lock the head row with `FOR UPDATE` (PostgreSQL). SQLite needs no lock:
   * its transactions begin immediate, holding the database's write lock.
   */
  lockHead: boolean;
}

/** The read side of the audit trail over `db`. */
export function createAuditReader(db: Kysely<Database>): Omit<AuditRepo, 'append' | 'appendMany'> {
  return {
    async range(fromSeq, limit) {
      const rows = await db
        .selectFrom('audit_entries')
        .selectAll()
        .where('seq', '>=', fromSeq)
        .orderBy('seq', 'asc')
        .limit(limit)
        .execute();
      return rows.map(fromRow);
    },

    async count() {
      const row = await db
        .selectFrom('audit_entries')
        .select((eb) => eb.fn.countAll<number>().as('n'))
        .executeTakeFirstOrThrow();
      return Number(row.n);
    },

    async head() {
      const row = await db
        .selectFrom('audit_head')
        .select(['last_seq', 'last_hash', 'signature'])
        .where('id', '=', 1)
        .executeTakeFirstOrThrow();
      return { seq: row.last_seq, hash: row.last_hash, signature: row.signature };
    },

    async last() {
      const row = await db
        .selectFrom('audit_entries')
        .selectAll()
        .orderBy('seq', 'desc')
        .limit(1)
        .executeTakeFirst();
      return row && fromRow(row);
    },
  };
}

/** A transaction's audit repo; `flush` must run before the transaction commits. */
export interface TxAuditRepo extends AuditRepo {
  /** Waits for pending appends and moves the head row to the last entry. */
  flush(): Promise<void>;
}

/**
 * The audit repo of one transaction `trx`. The first append reads (and on
 * PostgreSQL locks) the head row; as the lock or SQLite's write lock holds
 * until commit, later appends of the same transaction chain onto the entry
 * before without reading again, and the head row is written once, by
 * `flush`. Appends run one at a time even if the caller starts them together.
 */
export function createTxAuditRepo(trx: Kysely<Database>, options: AuditAppendOptions): TxAuditRepo {
  let tip: AuditEntry | undefined;
  let tipRead = false;
  let headSeq = 0;
  let queue: Promise<unknown> = Promise.resolve();

  async function appendNow(draft: AuditDraft): Promise<AuditEntry> {
    if (!tipRead) {
      tip = await readTip(trx, options);
      headSeq = tip?.seq ?? 0;
      tipRead = true;
    }
    const entry = sealEntry(tip, draft, options.signer);
    await trx.insertInto('audit_entries').values(toRow(entry, options.signer.keyId)).execute();
    tip = entry;
    return entry;
  }

  async function appendManyNow(drafts: readonly AuditDraft[]): Promise<AuditEntry[]> {
    if (!tipRead) {
      tip = await readTip(trx, options);
      headSeq = tip?.seq ?? 0;
      tipRead = true;
    }
    const entries: AuditEntry[] = [];
    for (const draft of drafts) {
      tip = sealEntry(tip, draft, options.signer);
      entries.push(tip);
    }
    for (let i = 0; i < entries.length; i += INSERT_CHUNK) {
      const rows = entries.slice(i, i + INSERT_CHUNK).map((e) => toRow(e, options.signer.keyId));
      await trx.insertInto('audit_entries').values(rows).execute();
    }
    return entries;
  }

  const enqueue = <T>(work: () => Promise<T>): Promise<T> => {
    const done = queue.then(work);
    queue = done.catch(() => undefined);
    return done;
  };

  return {
    ...createAuditReader(trx),
    append: (draft) => enqueue(() => appendNow(draft)),
    appendMany: (drafts) => enqueue(() => appendManyNow(drafts)),
    async flush() {
      await queue;
      if (tip === undefined || tip.seq === headSeq) return;
      // Signed in the same transaction as the entries it names, so the
      // head never claims less than what was committed (see AuditHead).
      const head = signHead(tip.seq, tip.hash, options.signer);
      await trx
        .updateTable('audit_head')
        .set({ last_seq: head.seq, last_hash: head.hash, signature: head.signature })
        .where('id', '=', 1)
        .execute();
      headSeq = tip.seq;
    },
  };
}

/**
 * The chain's last entry, checked against the head row that stands for it.
 * The head must carry this store's signature: appending after a head moved
 * outside the store (back over deleted entries, say) would sign it afresh
 * and so hide the deletion from every later verification.
 */
async function readTip(
  trx: Kysely<Database>,
  options: AuditAppendOptions,
): Promise<AuditEntry | undefined> {
  let query = trx
    .selectFrom('audit_head')
    .select(['last_seq', 'last_hash', 'signature'])
    .where('id', '=', 1);
  if (options.lockHead) query = query.forUpdate();
  const head = await query.executeTakeFirstOrThrow();

  // Ed25519 signatures are deterministic, so signing the head again must
  // give the stored signature; no public key is needed to check it.
  if (head.signature !== signHead(head.last_seq, head.last_hash, options.signer).signature) {
    throw new CharterError(
      'audit_head_mismatch',
      `Cannot append to the audit trail: the head (entry ${head.last_seq}, hash "${head.last_hash}") does not carry this store's signature`,
      'Run `charter audit verify`: the head was changed outside the store, or the store was opened with another signing key',
    );
  }
  if (head.last_seq === 0) return undefined;

  const row = await trx
    .selectFrom('audit_entries')
    .selectAll()
    .where('seq', '=', head.last_seq)
    .executeTakeFirst();
  if (row === undefined || row.hash !== head.last_hash) {
    throw new CharterError(
      'audit_head_mismatch',
      `Cannot append to the audit trail: the head names entry ${head.last_seq} with hash "${head.last_hash}", found ${row === undefined ? 'no such entry' : `hash "${row.hash}"`}`,
      'Run the audit verification; the trail was changed outside the store',
    );
  }

  return fromRow(row);
}

function toRow(entry: AuditEntry, keyId: string): Row {
  return {
    seq: entry.seq,
    at_ms: entry.atMs,
    actor: entry.actor,
    action: entry.action,
    subject_type: entry.subjectType,
    subject_id: entry.subjectId,
    // The very text the hash covers, so reading it back cannot change the hash.
    payload: canonicalJson(entry.payload),
    prev_hash: entry.prevHash,
    hash: entry.hash,
    signature: entry.signature,
    key_id: keyId,
  };
}

function fromRow(row: Row): AuditEntry {
  return {
    seq: row.seq,
    atMs: row.at_ms,
    actor: row.actor,
    action: row.action,
    subjectType: row.subject_type,
    subjectId: row.subject_id,
    payload: JSON.parse(row.payload) as Record<string, unknown>,
    prevHash: row.prev_hash,
    hash: row.hash,
    signature: row.signature,
  };
}
