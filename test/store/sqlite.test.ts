import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import BetterSqlite3 from 'better-sqlite3';
import { afterAll, describe, expect, it } from 'vitest';

import { createSqliteStore, verifyStoredTrail } from '../../src/store/index.js';
import {
  aDraft,
  aViolation,
  anInvestigation,
  expectIntactChain,
  expectSignedHead,
  testPublicKeyPem,
} from './contract/fixtures.js';
import { describeStoreContract, testSigner } from './store-contract.js';

const contractDir = mkdtempSync(join(tmpdir(), 'charter-store-contract-'));
const dir = mkdtempSync(join(tmpdir(), 'charter-store-'));
let files = 0;
const newFile = (inDir = dir) => join(inDir, `store-${++files}.db`);

describeStoreContract(
  'sqlite',
  () => createSqliteStore({ file: newFile(contractDir), signer: testSigner }),
  () => Promise.resolve(rmSync(contractDir, { recursive: true, force: true })),
);

describe('sqlite store', () => {
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('keeps every record and the audit chain across close and reopen', async () => {
    const file = newFile();
    const first = await createSqliteStore({ file, signer: testSigner });
    const violation = aViolation({ idempotencyKey: 'persisted' });
    await first.transaction(async (tx) => {
      await tx.violations.insert(violation);
      await tx.audit.append(aDraft({ subjectId: violation.id }));
    });
    await first.close();

    const reopened = await createSqliteStore({ file, signer: testSigner });
    expect(await reopened.migrate()).toEqual([]);
    expect(await reopened.violations.findByIdempotencyKey('persisted')).toEqual(violation);
    await reopened.audit.append(aDraft());
    expectIntactChain(await reopened.audit.range(1, 10));
    await reopened.close();
  });

  it('puts the file in WAL mode and enforces foreign keys', async () => {
    const file = newFile();
    const store = await createSqliteStore({ file, signer: testSigner });
    const orphan = store.investigations.insert(anInvestigation('vio_missing'));
    await expect(orphan).rejects.toMatchObject({ code: 'SQLITE_CONSTRAINT_FOREIGNKEY' });
    await store.close();

    const raw = new BetterSqlite3(file, { readonly: true });
    expect(raw.pragma('journal_mode', { simple: true })).toBe('wal');
    raw.close();
  });

  it('waits for another process holding the write lock, then appends to the same chain', async () => {
    const file = newFile();
    const store = await createSqliteStore({ file, signer: testSigner });
    await store.audit.append(aDraft());
    const holder = holdWriteLock(file, 300);
    await holder.locked;

    const appended = await Promise.all(
      Array.from({ length: 5 }, () => store.audit.append(aDraft())),
    );
    expect(await holder.exited).toBe(0);
    expect(appended.map((e) => e.seq)).toEqual([2, 3, 4, 5, 6]);
    expectIntactChain(await store.audit.range(1, 10));
    await store.close();
  });

  it('signs the head of a trail written before heads were signed, when it migrates', async () => {
    const file = newFile();
    const old = await createSqliteStore({ file, signer: testSigner });
    for (let i = 0; i < 3; i++) await old.audit.append(aDraft());
    await old.close();
    // The file as the previous release left it: no head signature column.
    const raw = new BetterSqlite3(file);
    raw.exec(`ALTER TABLE audit_head DROP COLUMN signature;
      DELETE FROM kysely_migration
      WHERE name IN ('0005_audit_head_signature', '0006_audit_hash_not_unique')`);
    raw.close();

    const upgraded = await createSqliteStore({ file, signer: testSigner });
    const last = await upgraded.audit.last();
    expectSignedHead(await upgraded.audit.head(), 3, last!.hash);
    expect(await verifyStoredTrail(upgraded, testPublicKeyPem)).toMatchObject({
      ok: true,
      checked: 3,
    });
    await upgraded.close();
  });

  it('drops the unique index on entry hashes when it migrates, keeping every entry', async () => {
    const file = newFile();
    const old = await createSqliteStore({ file, signer: testSigner });
    for (let i = 0; i < 4; i++) await old.audit.append(aDraft());
    await old.close();
    // As 0001 made it: a unique index on hash, which 0006 removes.
    const raw = new BetterSqlite3(file);
    raw.exec(`CREATE TABLE t AS SELECT * FROM audit_entries;
      DROP TABLE audit_entries;
      CREATE TABLE audit_entries (seq bigint primary key, at_ms bigint not null,
        actor text not null, action text not null, subject_type text not null,
        subject_id text not null, payload text not null, prev_hash text not null,
        hash text not null unique, signature text not null, key_id text not null);
      INSERT INTO audit_entries SELECT * FROM t; DROP TABLE t;
      DELETE FROM kysely_migration WHERE name = '0006_audit_hash_not_unique'`);
    const uniqueBefore = uniqueIndexes(raw);
    raw.close();
    expect(uniqueBefore).toEqual([['hash'], ['seq']]);

    const upgraded = await createSqliteStore({ file, signer: testSigner });
    expect(await verifyStoredTrail(upgraded, testPublicKeyPem)).toMatchObject({
      ok: true,
      checked: 4,
    });
    await upgraded.audit.append(aDraft());
    await upgraded.close();
    const after = new BetterSqlite3(file);
    try {
      expect(uniqueIndexes(after)).toEqual([['seq']]);
    } finally {
      after.close();
    }
  });

  it('fails with store_open_failed when the directory does not exist', async () => {
    const opening = createSqliteStore({ file: join(dir, 'missing', 'x.db'), signer: testSigner });
    await expect(opening).rejects.toMatchObject({ code: 'store_open_failed' });
  });
});

/**
 * Another process (a CLI beside the server) taking the file's write lock for
 * `holdMs`. A separate process, since better-sqlite3 waits for a lock
 * synchronously: a holder on this thread could never let go.
 */
function holdWriteLock(file: string, holdMs: number) {
  const script = `
    const db = new (require('better-sqlite3'))(process.argv[1], { timeout: 5000 });
    db.exec('begin immediate');
    db.prepare("insert into store_meta (key, value) values ('probe', 'held')").run();
    process.stdout.write('locked\\n');
    const until = Date.now() + Number(process.argv[2]);
    while (Date.now() < until) {}
    db.exec('commit');
  `;
  const child = spawn(process.execPath, ['-e', script, file, String(holdMs)], {
    cwd: process.cwd(),
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const locked = new Promise<void>((resolve, reject) => {
    child.stdout.once('data', () => resolve());
    child.once('error', reject);
  });
  const exited = new Promise<number | null>((resolve) => child.once('exit', resolve));
  return { locked, exited };
}

/** The columns of each unique index on audit_entries, sorted. */
function uniqueIndexes(db: BetterSqlite3.Database): string[][] {
  const indexes = db.prepare('PRAGMA index_list(audit_entries)').all() as {
    name: string;
    unique: number;
  }[];
  return indexes
    .filter((i) => i.unique === 1)
    .map((i) =>
      (db.prepare(`PRAGMA index_info(${JSON.stringify(i.name)})`).all() as { name: string }[]).map(
        (c) => c.name,
      ),
    )
    .sort();
}
