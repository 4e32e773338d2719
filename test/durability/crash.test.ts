import { spawn } from 'node:child_process';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';

import { afterEach, describe, expect, it } from 'vitest';

import { loadAuditSigner, publicKeyPemOf } from '../../src/audit/signer.js';
import { createSqliteStore } from '../../src/store/sqlite/create-sqlite-store.js';
import { verifyStoredTrail } from '../../src/store/verify-stored-trail.js';

const MAIN = new URL('../../dist/src/main.js', import.meta.url).pathname;

const line = (i: number) =>
  `${JSON.stringify({
    type: 'data_extraction',
    source: `node-${i % 17}`,
    evidence: [{ kind: 'reference', value: `ticket:CRASH-${i}` }],
    idempotency_key: `crash-${String(i).padStart(8, '0')}`,
  })}\n`;

describe('a crash mid-stream loses nothing acknowledged', () => {
  let dir: string | undefined;
  afterEach(async () => {
    if (dir) await rm(dir, { recursive: true, force: true });
  });

  it('keeps every acknowledged violation and a verifiable chain after SIGKILL', async () => {
    dir = await mkdtemp(join(tmpdir(), 'charter-crash-'));
    const child = spawn(
      process.execPath,
      [MAIN, 'violations', 'ingest', '--data', dir, '--charter', 'charters/development.yaml'],
      {
        stdio: ['pipe', 'pipe', 'pipe'],
      },
    );
    const acked: string[] = [];
    let stderr = '';
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    const exited = new Promise<NodeJS.Signals | null>((resolve) =>
      child.on('exit', (_code, signal) => resolve(signal)),
    );

    let sent = 0;
    try {
      let killed = false;
      // Keep writing until well past the kill, so writes are in flight when it lands.
      // A write after the kill fails with EPIPE: expected, and not a test error.
      child.stdin.on('error', () => undefined);
      const stdinClosed = new Promise((resolve) => child.stdin.once('close', resolve));
      const writer = (async () => {
        while (!killed && sent < 200_000 && !child.stdin.destroyed) {
          const chunk = Array.from({ length: 50 }, () => line(sent++)).join('');
          if (!child.stdin.write(chunk)) {
            await Promise.race([new Promise((r) => child.stdin.once('drain', r)), stdinClosed]);
          }
        }
      })();

      for await (const out of createInterface({ input: child.stdout })) {
        const ack = JSON.parse(out) as { key?: string; error?: string };
        expect(ack.error).toBeUndefined();
        acked.push(ack.key!);
        if (acked.length === 2_000) {
          child.kill('SIGKILL');
          killed = true;
          break;
        }
      }
      expect(await exited).toBe('SIGKILL');
      await writer;
      expect(sent).toBeGreaterThan(acked.length);
    } finally {
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
    }
    expect(stderr).toBe('');

    // Reopened after the crash: every acknowledged report is there, and the
    // trail verifies up to its signed head.
    const pem = await readFile(join(dir, 'audit-ed25519.pem'), 'utf8');
    const store = await createSqliteStore({
      file: join(dir, 'charter.db'),
      signer: loadAuditSigner(pem),
    });
    try {
      for (const key of acked) {
        expect(await store.violations.findByIdempotencyKey(key), key).toBeDefined();
      }
      const stored = await store.audit.count();
      expect(stored).toBeGreaterThanOrEqual(acked.length);
      const verdict = await verifyStoredTrail(store, publicKeyPemOf(pem));
      expect(verdict).toMatchObject({ ok: true, checked: stored });
    } finally {
      await store.close();
    }

    // Restarted with the same stream from its first line: what was stored is
    // found by its key rather than stored twice, and the rest is stored now.
    const again = await ingestAll(dir, Array.from({ length: sent }, (_, i) => line(i)).join(''));
    expect(again.code).toBe(0);
    expect(again.acks).toHaveLength(sent);
    const foundAgain = new Set(again.acks.filter((a) => a.created === false).map((a) => a.key));
    for (const key of acked) expect(foundAgain.has(key), key).toBe(true);

    const verify = await runCli(['audit', 'verify', '--data', dir]);
    expect(verify.code).toBe(0);
    expect(verify.out).toMatch(new RegExp(`^audit chain intact: ${sent} entries verified`));
  }, 120_000);
});

/** Runs the built CLI to completion with `input` on standard input. */
async function runCli(args: string[], input = '') {
  const child = spawn(process.execPath, [MAIN, ...args], { stdio: ['pipe', 'pipe', 'pipe'] });
  let out = '';
  child.stdout.on('data', (chunk: Buffer) => (out += chunk.toString()));
  const code = new Promise<number | null>((resolve) => child.on('exit', resolve));
  child.stdin.end(input);
  return { code: await code, out };
}

/** `violations ingest` over `lines`, to completion; its acknowledgements. */
async function ingestAll(dir: string, lines: string) {
  const args = ['violations', 'ingest', '--data', dir, '--charter', 'charters/development.yaml'];
  const run = await runCli(args, lines);
  const acks = run.out
    .trim()
    .split('\n')
    .map((l) => JSON.parse(l) as { key?: string; created?: boolean });
  return { code: run.code, acks };
}
