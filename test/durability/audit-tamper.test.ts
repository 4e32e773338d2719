import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import Database from 'better-sqlite3';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';

import { openStore } from '../../src/app/open-store.js';
import { compileCharter } from '../../src/charter/index.js';
import { testCharterDocument } from '../../src/charter/test-charter.js';
import { createViolationService } from '../../src/governance/violations.js';
import { systemClock } from '../../src/shared/clock.js';
import { charter } from '../cli-helpers.js';

const ENTRIES = 12;

/** Edits the SQLite file directly, as an attacker with file access would. */
function tamper(dir: string, sql: string): void {
  const db = new Database(join(dir, 'charter.db'));
  try {
    db.exec(sql);
  } finally {
    db.close();
  }
}

describe('charter audit verify against a tampered database file', () => {
  let dir: string;
  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), 'charter-tamper-'));
    const opened = await openStore({ dataDir: dir });
    const compiled = compileCharter(testCharterDocument());
    const violations = createViolationService({
      store: opened.store,
      clock: systemClock,
      charter: () => compiled,
    });
    for (let i = 0; i < ENTRIES; i++) {
      await violations.report({
        type: 'exploitation',
        source: `node-${i}`,
        reporter: 'monitor',
        evidence: [{ kind: 'reference', value: `ticket:T-${i}` }],
      });
    }
    await opened.store.close();
  });
  afterEach(async () => rm(dir, { recursive: true, force: true }));

  it('reports an intact chain and exits 0', async () => {
    const run = await charter('audit', 'verify', '--data', dir);
    expect(run.code).toBe(0);
    expect(run.out).toMatch(
      new RegExp(`^audit chain intact: ${ENTRIES} entries verified, last hash [0-9a-f]{64}\\n$`),
    );
  });

  it.each([
    [
      'an edited payload',
      `UPDATE audit_entries SET payload = replace(payload, 'node-5', 'node-X') WHERE seq = 6`,
      6,
      'hash_mismatch',
    ],
    [
      'an edited actor',
      `UPDATE audit_entries SET actor = 'someone-else' WHERE seq = 3`,
      3,
      'hash_mismatch',
    ],
    ['a removed entry', `DELETE FROM audit_entries WHERE seq = 4`, 5, 'seq_gap'],
    ['the newest entry removed', `DELETE FROM audit_entries WHERE seq = 12`, 12, 'seq_gap'],
    [
      'the newest entries removed and the head moved back to the last one left',
      `DELETE FROM audit_entries WHERE seq > 9;
       UPDATE audit_head SET last_seq = 9, last_hash = (SELECT hash FROM audit_entries WHERE seq = 9)`,
      9,
      'head_signature_invalid',
    ],
    [
      'the head moved back with the signature of the entry it names',
      `DELETE FROM audit_entries WHERE seq > 9;
       UPDATE audit_head SET last_seq = 9,
         last_hash = (SELECT hash FROM audit_entries WHERE seq = 9),
         signature = (SELECT signature FROM audit_entries WHERE seq = 9)`,
      9,
      'head_signature_invalid',
    ],
    [
      'the whole trail deleted and the head reset to genesis',
      `DELETE FROM audit_entries;
       UPDATE audit_head SET last_seq = 0, last_hash = '${'0'.repeat(64)}', signature = NULL`,
      0,
      'head_signature_invalid',
    ],
    [
      'swapped entries',
      `UPDATE audit_entries SET seq = -1 WHERE seq = 7; UPDATE audit_entries SET seq = 7 WHERE seq = 8; UPDATE audit_entries SET seq = 8 WHERE seq = -1`,
      7,
      'hash_mismatch',
    ],
  ])('finds %s and exits 1 naming the first broken entry', async (_what, sql, seq, problem) => {
    tamper(dir, sql);
    const run = await charter('audit', 'verify', '--data', dir, '--output', 'json');
    expect(run.code).toBe(1);
    expect(JSON.parse(run.out)).toMatchObject({ ok: false, firstBroken: { seq, problem } });
  });

  it('says which entries are missing from the end, in words', async () => {
    tamper(dir, `DELETE FROM audit_entries WHERE seq >= 11`);
    const run = await charter('audit', 'verify', '--data', dir);
    expect(run.code).toBe(1);
    expect(run.out).toMatch(
      /^audit chain BROKEN at entry 11 \(seq_gap\): entries 11–12 are missing from the end of the trail: the signed head names entry 12 \(hash [0-9a-f]{12}…\)\n10 entries verified before it\n$/,
    );
  });

  it('refuses to append over a head moved back, so the deletion is never signed over', async () => {
    tamper(
      dir,
      `DELETE FROM audit_entries WHERE seq > 9;
       UPDATE audit_head SET last_seq = 9, last_hash = (SELECT hash FROM audit_entries WHERE seq = 9)`,
    );
    const opened = await openStore({ dataDir: dir });
    try {
      const appending = opened.store.audit.append({
        atMs: 0,
        actor: 'system',
        action: 'test.appended',
        subjectType: 'test',
        subjectId: 't-1',
        payload: {},
      });
      await expect(appending).rejects.toMatchObject({ code: 'audit_head_mismatch' });
      expect(await opened.store.audit.count()).toBe(9);
    } finally {
      await opened.store.close();
    }
    const run = await charter('audit', 'verify', '--data', dir, '--output', 'json');
    expect(run.code).toBe(1);
    expect(JSON.parse(run.out)).toMatchObject({
      firstBroken: { seq: 9, problem: 'head_signature_invalid' },
    });
  });

  it('finds a rewritten tail whose hashes were recomputed but could not be signed', async () => {
    const run0 = await charter('audit', 'export', '--data', dir);
    const entries = run0.out
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l) as { seq: number; signature: string });
    const other = entries[2]!.signature;
    tamper(dir, `UPDATE audit_entries SET signature = '${other}' WHERE seq = 10`);
    const run = await charter('audit', 'verify', '--data', dir, '--output', 'json');
    expect(run.code).toBe(1);
    expect(JSON.parse(run.out)).toMatchObject({
      ok: false,
      firstBroken: { seq: 10, problem: 'signature_invalid' },
    });
  });

  it('exports every entry as JSON Lines in sequence order', async () => {
    const run = await charter('audit', 'export', '--data', dir);
    const seqs = run.out
      .trim()
      .split('\n')
      .map((l) => (JSON.parse(l) as { seq: number }).seq);
    expect(seqs).toEqual(Array.from({ length: ENTRIES }, (_, i) => i + 1));
  });
});
