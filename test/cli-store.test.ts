import { mkdtemp, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { afterEach, beforeEach, describe, expect, it } from 'vitest';

import { openStore } from '../src/app/open-store.js';
import { generateAuditKeyPair } from '../src/audit/signer.js';
import { charter } from './cli-helpers.js';

describe('charter migrate and audit public-key on a fresh data directory', () => {
  let dir: string;
  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), 'charter-cli-store-'));
  });
  afterEach(async () => rm(dir, { recursive: true, force: true }));

  it('applies the migrations once, then reports them up to date', async () => {
    const first = await charter('migrate', '--data', dir);
    expect(first.out).toBe(
      `sqlite:${join(dir, 'charter.db')}: migrations up to date, applied 0001_initial, 0002_tokens, 0003_outbox, 0004_knowledge, 0005_audit_head_signature, 0006_audit_hash_not_unique\n`,
    );
    const second = await charter('migrate', '--data', dir);
    expect(second.out).toBe(`sqlite:${join(dir, 'charter.db')}: migrations up to date\n`);
  });

  it('creates the signing key on first use, private to its owner, and prints the public key', async () => {
    const run = await charter('audit', 'public-key', '--data', dir);
    expect(run.out).toMatch(/^-----BEGIN PUBLIC KEY-----\n[\s\S]+-----END PUBLIC KEY-----\n$/);
    expect((await stat(join(dir, 'audit-ed25519.pem'))).mode & 0o777).toBe(0o600);
    expect((await stat(join(dir, 'pseudonym.key'))).mode & 0o777).toBe(0o600);
    const again = await charter('audit', 'public-key', '--data', dir);
    expect(again.out).toBe(run.out);
  });

  it('signs with the key at --audit-key, created there on first use', async () => {
    const keyFile = join(dir, 'keys', 'signing.pem');
    const run = await charter('audit', 'public-key', '--data', dir, '--audit-key', keyFile);
    expect((await stat(keyFile)).mode & 0o777).toBe(0o600);
    await expect(stat(join(dir, 'audit-ed25519.pem'))).rejects.toMatchObject({ code: 'ENOENT' });

    const byDefault = await charter('audit', 'public-key', '--data', dir);
    expect(byDefault.out).not.toBe(run.out);
  });

  it('verifies with a published public key, and refuses the trail under another key', async () => {
    await charter('migrate', '--data', dir);
    const published = join(dir, 'published.pem');
    await writeFile(published, (await charter('audit', 'public-key', '--data', dir)).out);
    const stranger = join(dir, 'stranger.pem');
    await writeFile(stranger, generateAuditKeyPair().publicKeyPem);

    const good = await charter('audit', 'verify', '--data', dir, '--public-key', published);
    expect(good.code).toBe(0);
    const bad = await charter('audit', 'verify', '--data', dir, '--public-key', stranger);
    expect(bad.code).toBe(1);
    expect(bad.out).toMatch(/^audit chain BROKEN at entry 0 \(head_signature_invalid\)/);
  });

  it('writes the export to --out, private to its owner, and says how many entries', async () => {
    const opened = await openStore({ dataDir: dir });
    for (const subjectId of ['a', 'b', 'c']) {
      await opened.store.audit.append({
        atMs: 1,
        actor: 'system',
        action: 'test.written',
        subjectType: 'test',
        subjectId,
        payload: {},
      });
    }
    await opened.store.close();

    const out = join(dir, 'audit.jsonl');
    const run = await charter('audit', 'export', '--data', dir, '--out', out);
    expect(run.err).toBe(`exported 3 audit entries to ${out}\n`);
    const lines = (await readFile(out, 'utf8')).trimEnd().split('\n');
    const entries = lines.map((l) => JSON.parse(l) as { seq: number; subjectId: string });
    expect(entries.map((e) => [e.seq, e.subjectId])).toEqual([
      [1, 'a'],
      [2, 'b'],
      [3, 'c'],
    ]);
    expect((await stat(out)).mode & 0o777).toBe(0o600);
  });
});
