import { mkdtemp, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { afterEach, beforeEach, describe, expect, it } from 'vitest';

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
      `sqlite:${join(dir, 'charter.db')}: migrations up to date, applied 0001_initial, 0002_tokens, 0003_outbox, 0004_knowledge\n`,
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
});
