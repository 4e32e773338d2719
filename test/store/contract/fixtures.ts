import { createPublicKey, verify } from 'node:crypto';

import { expect } from 'vitest';

import type { AuditDraft, AuditEntry } from '../../../src/audit/entry.js';
import { GENESIS_HASH } from '../../../src/audit/entry.js';
import { headSignatureProblem, type AuditHead } from '../../../src/audit/head.js';
import { hashEntry } from '../../../src/audit/seal.js';
import { generateAuditKeyPair, loadAuditSigner } from '../../../src/audit/signer.js';
import type {
  CommitteeMemberRecord,
  ErasureRecord,
  InvestigationRecord,
  OverrideRecord,
  RevocationRecord,
  SubjectRecord,
  ViolationRecord,
} from '../../../src/store/records.js';
import type { Store } from '../../../src/store/store.js';

/*
 * Records and helpers shared by the contract suite. Adapters under test must
 * sign with `testSigner` so the suite can check signatures.
 */

const keys = generateAuditKeyPair();

/** The signer every store under contract test must be opened with. */
export const testSigner = loadAuditSigner(keys.privateKeyPem);
/** The public key that verifies what `testSigner` signs. */
export const testPublicKeyPem = keys.publicKeyPem;
const publicKey = createPublicKey(keys.publicKeyPem);

/** What each contract part gets: the fresh, empty store of the running test. */
export interface ContractContext {
  store(): Store;
}

/** 2026-01-01T00:00:00Z, beyond 2^31 ms like every real timestamp. */
export const T0 = Date.parse('2026-01-01T00:00:00Z');

let counter = 0;
/** A unique id for this process: tests never collide, whatever the order. */
export function uid(prefix: string): string {
  counter += 1;
  return `${prefix}_${counter.toString().padStart(6, '0')}_${Math.random().toString(16).slice(2, 8)}`;
}

export function aViolation(patch: Partial<ViolationRecord> = {}): ViolationRecord {
  return {
    id: uid('vio'),
    idempotencyKey: null,
    type: 'silent_collection',
    severity: 'ban_1year',
    source: 'node-1',
    reporter: 'system',
    evidence: [{ kind: 'sha256', value: 'ab'.repeat(32) }],
    status: 'reported',
    penalty: null,
    policy: 'charter-dev',
    rule: 'forbidden.location',
    properties: { metric: 'gps_lat', attempts: 3, blocked: true },
    investigationId: null,
    reportedAtMs: T0,
    updatedAtMs: T0,
    ...patch,
  };
}

export function anInvestigation(
  violationId: string,
  patch: Partial<InvestigationRecord> = {},
): InvestigationRecord {
  return {
    id: uid('inv'),
    violationId,
    initiatedBy: 'system',
    openedBy: 'system',
    assignee: null,
    deadlineAtMs: T0 + 7 * 86_400_000,
    status: 'open',
    outcome: null,
    penalty: null,
    openedAtMs: T0,
    closedAtMs: null,
    ...patch,
  };
}

export function aMember(patch: Partial<CommitteeMemberRecord> = {}): CommitteeMemberRecord {
  return {
    id: uid('mem'),
    name: 'Dolores Abernathy',
    contact: 'mailto:dolores@example.org',
    active: true,
    addedAtMs: T0,
    removedAtMs: null,
    ...patch,
  };
}

export function anOverride(patch: Partial<OverrideRecord> = {}): OverrideRecord {
  return {
    id: uid('ovr'),
    status: 'requested',
    reason: 'security_incident',
    justification: 'Tracing an intrusion on node-7',
    metrics: ['gps_lat', 'gps_lon'],
    labels: ['user_id'],
    sources: ['node-7'],
    durationSeconds: 3600,
    requestedBy: 'responder-1',
    requestedAtMs: T0,
    decidedAtMs: null,
    activatedAtMs: null,
    expiresAtMs: null,
    endedAtMs: null,
    renewsId: null,
    ...patch,
  };
}

export function aRevocation(patch: Partial<RevocationRecord> = {}): RevocationRecord {
  return {
    id: uid('rev'),
    collector: 'collector-a',
    reason: 'consent_withdrawn',
    requestedBy: 'admin',
    requestedAtMs: T0,
    inForceAtMs: null,
    latencyMs: null,
    ...patch,
  };
}

export function aSubjectRecord(
  subjectId: string,
  patch: Partial<SubjectRecord> = {},
): SubjectRecord {
  return {
    id: uid('rec'),
    subjectId,
    kind: 'profile',
    data: { nickname: 'Maeve' },
    createdAtMs: T0,
    ...patch,
  };
}

export function anErasure(patch: Partial<ErasureRecord> = {}): ErasureRecord {
  return {
    id: uid('era'),
    pseudonym: `psn_${uid('p')}`,
    subjectId: uid('subj'),
    reason: 'account_closure',
    status: 'export_window',
    requestedAtMs: T0,
    exportUntilMs: T0 + 30 * 86_400_000,
    erasedAtMs: null,
    recordsErased: 0,
    ...patch,
  };
}

export function aDraft(patch: Partial<AuditDraft> = {}): AuditDraft {
  return {
    atMs: T0,
    actor: 'system',
    action: 'violation.reported',
    subjectType: 'violation',
    subjectId: uid('vio'),
    payload: { severity: 'ban_1year' },
    ...patch,
  };
}

/**
 * Asserts `entries` are the whole chain from seq 1: consecutive, each linked
 * to the hash before, each hash recomputable and each signature valid.
 */
export function expectIntactChain(entries: readonly AuditEntry[]): void {
  let prevHash = GENESIS_HASH;
  entries.forEach((entry, index) => {
    expect(entry.seq).toBe(index + 1);
    expect(entry.prevHash).toBe(prevHash);
    expect(hashEntry(entry)).toBe(entry.hash);
    const signature = Buffer.from(entry.signature, 'hex');
    expect(verify(null, Buffer.from(entry.hash, 'utf8'), publicKey, signature)).toBe(true);
    prevHash = entry.hash;
  });
}

/** Asserts `head` names entry `seq` with `hash` and carries a valid signature. */
export function expectSignedHead(head: AuditHead, seq: number, hash: string): void {
  expect({ seq: head.seq, hash: head.hash }).toEqual({ seq, hash });
  expect(headSignatureProblem(head, publicKey)).toBeUndefined();
}
