import { randomBytes } from 'node:crypto';

import pg from 'pg';
import { afterAll, describe, expect, it } from 'vitest';

import { createPostgresStore, verifyStoredTrail } from '../../src/store/index.js';
import type { Store } from '../../src/store/index.js';
import {
  aDraft,
  aViolation,
  expectIntactChain,
  expectSignedHead,
  testPublicKeyPem,
} from './contract/fixtures.js';
import { describeStoreContract, testSigner } from './store-contract.js';

/*
 * Needs a PostgreSQL server: it fails, never skips, when there is none, so a
 * CI without the database cannot pass by accident.
 */

const url = process.env.CHARTER_TEST_PG_URL ?? 'postgres://postgres@127.0.0.1:5432/test';
const schemas: string[] = [];

async function open(): Promise<Store> {
  const schema = `charter_test_${randomBytes(6).toString('hex')}`;
  try {
    // Earlier tests' stores are closed by now; dropping their schemas keeps
    // Kysely's catalogue introspection (every migrate) from slowing down.
    await dropSchemas();
    schemas.push(schema);
    return await createPostgresStore({
      connectionString: url,
      schema,
      signer: testSigner,
      poolSize: 5,
    });
  } catch (error) {
    const where = new URL(url);
    where.password = '';
    throw new Error(
      `PostgreSQL store tests need a server at ${where.href} (set CHARTER_TEST_PG_URL): ${String(error)}`,
      { cause: error },
    );
  }
}

async function dropSchemas(): Promise<void> {
  if (schemas.length === 0) return;
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    for (const schema of schemas.splice(0)) {
      await client.query(`drop schema if exists "${schema}" cascade`);
    }
  } finally {
    await client.end();
  }
}

describeStoreContract('postgres', () => open(), dropSchemas);

describe('postgres store', () => {
  afterAll(dropSchemas);

  it('two instances on one schema append concurrently to a single chain', async () => {
    const a = await open();
    const schema = schemas.at(-1)!;
    const b = await createPostgresStore({ connectionString: url, schema, signer: testSigner });
    const append = (store: Store) =>
      Array.from({ length: 25 }, () =>
        store.transaction(async (tx) => {
          await tx.violations.insert(aViolation());
          return tx.audit.append(aDraft());
        }),
      );
    await Promise.all([...append(a), ...append(b)]);

    const entries = await b.audit.range(1, 100);
    expect(entries).toHaveLength(50);
    expectIntactChain(entries);
    // The head each instance signed last is the last entry of the one chain.
    expect(await verifyStoredTrail(a, testPublicKeyPem)).toMatchObject({ ok: true, checked: 50 });
    expect(await b.migrate()).toEqual([]);
    await Promise.all([a.close(), b.close()]);
  });

  it('signs the head of a trail written before heads were signed, when it migrates', async () => {
    const old = await open();
    const schema = schemas.at(-1)!;
    for (let i = 0; i < 3; i++) await old.audit.append(aDraft());
    await old.close();
    // The schema as the previous release left it: no head signature column.
    const client = new pg.Client({ connectionString: url });
    await client.connect();
    try {
      await client.query(`alter table "${schema}".audit_head drop column signature`);
      await client.query(
        `delete from "${schema}".kysely_migration where name in ('0005_audit_head_signature', '0006_audit_hash_not_unique')`,
      );
    } finally {
      await client.end();
    }

    const upgraded = await createPostgresStore({
      connectionString: url,
      schema,
      signer: testSigner,
    });
    const last = await upgraded.audit.last();
    expectSignedHead(await upgraded.audit.head(), 3, last!.hash);
    expect(await verifyStoredTrail(upgraded, testPublicKeyPem)).toMatchObject({
      ok: true,
      checked: 3,
    });
    await upgraded.close();
  });

  it('parses int8 as numbers in its own pool only, not in pg globally', async () => {
    const store = await open();
    await store.audit.append(aDraft());
    expect(await store.audit.count()).toBe(1);
    const globalInt8 = pg.types.getTypeParser(20) as (text: string) => unknown;
    expect(globalInt8('9007199254740993')).toBe('9007199254740993');
    await store.close();
  });

  it('refuses a schema name that is not a plain identifier', async () => {
    const opening = createPostgresStore({
      connectionString: url,
      schema: 'bad"; drop schema public; --',
      signer: testSigner,
    });
    await expect(opening).rejects.toMatchObject({ code: 'store_schema_invalid' });
  });
});
