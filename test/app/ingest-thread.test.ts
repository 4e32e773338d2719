import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { afterEach, beforeEach, describe, expect, it } from 'vitest';

import { readCharterFile } from '../../src/app/charter-file.js';
import { startIngestThread, type IngestThread } from '../../src/app/ingest-thread.js';
import { openStore, type OpenedStore } from '../../src/app/open-store.js';
import { verifyStoredTrail } from '../../src/store/index.js';
import { compileCharter } from '../../src/charter/index.js';
import { ConflictError } from '../../src/shared/errors.js';

// The SQLite intake's worker thread runs the build (`npm test` builds first).

const report = (key: string, source = 'node-1') => ({
  type: 'data_extraction' as const,
  source,
  reporter: 'prometheus',
  evidence: [{ kind: 'reference' as const, value: `ticket:${key}` }],
  idempotencyKey: key,
});

describe('the ingest worker thread', () => {
  let dir: string;
  let opened: OpenedStore;
  let thread: IngestThread | undefined;

  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), 'charter-ingest-thread-'));
    opened = await openStore({ dataDir: dir });
  });
  afterEach(async () => {
    await thread?.close();
    await opened.store.close();
    await rm(dir, { recursive: true, force: true });
  });

  async function start() {
    const charter = compileCharter(await readCharterFile('charters/development.yaml'));
    thread = await startIngestThread(
      { file: opened.sqliteFile!, auditKeyFile: opened.auditKeyFile, channels: [] },
      () => charter,
      (error) => {
        throw error;
      },
    );
    return thread;
  }

  it('writes a batch the main thread then reads, with a chain that verifies', async () => {
    const t = await start();
    const outcomes = await t.write([report('a-1'), report('a-2'), report('a-1')], Date.now());
    expect(outcomes.map((o) => o.created)).toEqual([true, true, false]);
    expect(outcomes[2]!.violation.id).toBe(outcomes[0]!.violation.id);
    expect(outcomes[0]!.violation).toMatchObject({ severity: 'suspension', status: 'reported' });

    const stored = await opened.store.violations.get(outcomes[1]!.violation.id);
    expect(stored?.idempotencyKey).toBe('a-2');
    expect(await opened.store.audit.count()).toBe(2);
    const verdict = await verifyStoredTrail(opened.store, opened.publicKeyPem);
    expect(verdict.ok).toBe(true);
  });

  it('refuses a reused key with the domain error, class and code intact', async () => {
    const t = await start();
    await t.write([report('b-1')], Date.now());
    const refused = t.write([report('b-1', 'node-2')], Date.now());
    await expect(refused).rejects.toBeInstanceOf(ConflictError);
    await expect(refused).rejects.toMatchObject({ code: 'idempotency_key_reused' });
    expect(await opened.store.audit.count()).toBe(1);
  });

  it('refuses writes once closed', async () => {
    const t = await start();
    await t.close();
    await expect(t.write([report('c-1')], Date.now())).rejects.toMatchObject({
      code: 'ingest_closed',
    });
  });
});
