import { randomBytes } from 'node:crypto';

import { afterEach, beforeEach, describe, expect, it } from 'vitest';

import { verifyChain } from '../audit/verify.js';
import { testCharterDocument } from '../charter/test-charter.js';
import { CharterError, ConflictError } from '../shared/errors.js';
import { createErasureService, type ErasureService } from './erasure.js';
import { openTestGovernance, type TestGovernance } from './test-deps.js';

const DAY_MS = 86_400_000;
// Distinctive enough that a scan of the trail cannot match it by accident.
const SUBJECT = 'subject-maeve-millay-4471';

describe('data subject erasure', () => {
  let t: TestGovernance;
  let erasure: ErasureService;
  const key = randomBytes(32);

  beforeEach(async () => {
    t = await openTestGovernance();
    erasure = createErasureService({ ...t.deps, pseudonymKey: key });
    await erasure.addRecord({ subjectId: SUBJECT, kind: 'session', data: { node: 'node-1' } });
    await erasure.addRecord({ subjectId: SUBJECT, kind: 'consent', data: { given: true } });
    await erasure.addRecord({ subjectId: 'someone-else', kind: 'session', data: {} });
  });
  afterEach(async () => t.close());

  /** Every audit entry as JSON: the raw subject id must appear in none. */
  const trail = async () => JSON.stringify(await t.store.audit.range(1, 10_000));

  it('pseudonymOf() is a stable keyed hash, different under another key', () => {
    const other = createErasureService({ ...t.deps, pseudonymKey: randomBytes(32) });
    expect(erasure.pseudonymOf(SUBJECT)).toMatch(/^[0-9a-f]{64}$/);
    expect(erasure.pseudonymOf(SUBJECT)).toBe(erasure.pseudonymOf(SUBJECT));
    expect(other.pseudonymOf(SUBJECT)).not.toBe(erasure.pseudonymOf(SUBJECT));
  });

  it('refuses a pseudonym key shorter than 32 bytes', () => {
    expect(() => createErasureService({ ...t.deps, pseudonymKey: randomBytes(16) })).toThrow(
      CharterError,
    );
  });

  it('requestErasure() opens the export window for the charter window', async () => {
    const e = await erasure.requestErasure({
      subjectId: SUBJECT,
      reason: 'account_closure',
      requestedBy: SUBJECT,
    });
    expect(e).toMatchObject({
      status: 'export_window',
      pseudonym: erasure.pseudonymOf(SUBJECT),
      exportUntilMs: t.clock.nowMs() + 30 * DAY_MS,
      recordsErased: 0,
    });
    // The subject asked themselves: the actor is their pseudonym, not their id.
    expect(await t.store.audit.last()).toMatchObject({ actor: `subject:${e.pseudonym}` });
    expect(t.events).toEqual([['erasureChanged', e]]);
  });

  it('exportSubject() returns the records during the window, then refuses once erased', async () => {
    const e = await erasure.requestErasure({
      subjectId: SUBJECT,
      reason: 'consent_withdrawn',
      requestedBy: 'dpo-1',
    });
    t.clock.advance(30 * DAY_MS - 1);
    const exported = await erasure.exportSubject(e.id, 'dpo-1');
    expect(exported.records.map((r) => r.kind).sort()).toEqual(['consent', 'session']);
    expect(await erasure.processDueErasures()).toEqual([]);

    t.clock.advance(1);
    await expect(erasure.exportSubject(e.id)).rejects.toMatchObject({
      code: 'export_window_closed',
    });
    const [done] = await erasure.processDueErasures();
    expect(done).toMatchObject({
      id: e.id,
      status: 'erased',
      subjectId: null,
      recordsErased: 2,
      erasedAtMs: t.clock.nowMs(),
    });
    expect(await t.store.subjects.records(SUBJECT)).toEqual([]);
    expect(await t.store.subjects.records('someone-else')).toHaveLength(1);
    expect(await erasure.processDueErasures()).toEqual([]);

    const gone = erasure.exportSubject(e.id);
    await expect(gone).rejects.toBeInstanceOf(ConflictError);
    await expect(gone).rejects.toThrow(/data is gone/);
    await expect(gone).rejects.toMatchObject({ code: 'erasure_complete' });
  });

  it('erases at once when the charter has no export window', async () => {
    const doc = testCharterDocument();
    t.setCharter({ ...doc, revocation: { ...doc.revocation, export_window_days: 0 } });
    const e = await erasure.requestErasure({
      subjectId: SUBJECT,
      reason: 'security_incident',
      requestedBy: 'dpo-1',
    });
    expect(e).toMatchObject({ status: 'erased', recordsErased: 2, subjectId: null });
    expect(await t.store.subjects.records(SUBJECT)).toEqual([]);
  });

  it('never writes the raw subject id to the audit trail, which still verifies', async () => {
    const e = await erasure.requestErasure({
      subjectId: SUBJECT,
      reason: 'account_closure',
      requestedBy: SUBJECT,
    });
    await erasure.exportSubject(e.id, 'dpo-1');
    t.clock.advance(31 * DAY_MS);
    await erasure.processDueErasures();

    const entries = await t.store.audit.range(1, 10_000);
    expect(entries.map((x) => x.action)).toEqual([
      'subject.record_added',
      'subject.record_added',
      'subject.record_added',
      'erasure.requested',
      'erasure.exported',
      'erasure.completed',
    ]);
    expect(await trail()).not.toContain(SUBJECT);
    expect(await trail()).toContain(erasure.pseudonymOf(SUBJECT));
    expect((await verifyChain(entries, t.publicKeyPem)).ok).toBe(true);
  });

  it('refuses invalid input without echoing the subject id', async () => {
    await expect(
      erasure.addRecord({ subjectId: SUBJECT, kind: 'Bad Kind', data: {} }),
    ).rejects.toMatchObject({ code: 'subject_record_invalid' });
    await expect(
      erasure.requestErasure({ subjectId: '', reason: 'account_closure', requestedBy: 'x' }),
    ).rejects.toMatchObject({ code: 'subject_id_invalid' });
    const reason = 'whim' as 'account_closure';
    const bad = erasure.requestErasure({ subjectId: SUBJECT, reason, requestedBy: 'x' });
    await expect(bad).rejects.toMatchObject({ code: 'erasure_reason_invalid' });
    await expect(bad).rejects.not.toThrow(SUBJECT);
    await expect(erasure.exportSubject('era_none')).rejects.toMatchObject({
      code: 'erasure_not_found',
    });
  });
});
