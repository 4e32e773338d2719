/* eslint-disable @typescript-eslint/no-unsafe-member-access -- response bodies are JSON, read field by field against expectations */
import { join } from 'node:path';

import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { startHarness, type Harness } from './harness.js';

let h: Harness;

beforeAll(async () => {
  h = await startHarness();
});

afterAll(async () => {
  await h?.stop();
});

describe('GET /v1/audit/verify', () => {
  it('finds the newest entries deleted from the database file', async () => {
    const reported = await h.call('POST', '/v1/violations', {
      token: h.tokens.monitoring,
      body: {
        type: 'data_extraction',
        source: 'node-1',
        evidence: [{ kind: 'reference', value: 'ticket:AUD-1' }],
      },
    });
    expect(reported.status).toBe(201);
    const whole = await h.call('GET', '/v1/audit/verify', { token: h.tokens.lead });
    expect(whole.body.ok).toBe(true);
    const last = await h.auditLength();

    // Behind the service's back: the remaining chain is whole on its own.
    const db = new Database(join(h.dir, 'charter.db'));
    try {
      db.prepare('delete from audit_entries where seq = ?').run(last);
    } finally {
      db.close();
    }

    const broken = await h.call('GET', '/v1/audit/verify', { token: h.tokens.lead });
    expect(broken.status).toBe(200);
    expect(broken.body.ok).toBe(false);
    expect(broken.body.firstBroken).toMatchObject({ seq: last, problem: 'seq_gap' });
  });
});
