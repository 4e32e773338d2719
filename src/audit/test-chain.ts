import type { AuditDraft, AuditEntry } from './entry.js';
import { sealEntry } from './seal.js';
import type { AuditSigner } from './seal.js';

/*
 * Audit chains for tests and benchmarks, built in memory with the real
 * sealEntry so they verify. Every call returns fresh objects the caller may
 * tamper with.
 */

const T0 = Date.parse('2026-01-01T00:00:00Z');
const ACTIONS = ['violation.reported', 'investigation.opened', 'override.approved'] as const;

/** A plausible draft, different for every `i`, with a nested payload. */
export function sampleDraft(i: number): AuditDraft {
  return {
    atMs: T0 + i * 1_000,
    actor: i % 5 === 0 ? 'system' : `committee:member-${i % 3}`,
    action: ACTIONS[i % ACTIONS.length] ?? 'violation.reported',
    subjectType: 'violation',
    subjectId: `v-${i.toString(36)}`,
    payload: {
      severity: 'warning',
      evidence: [`sha256:${i.toString(16).padStart(64, '0')}`],
      source: { node: `node-${i % 7}`, service: 'collector' },
      count: i,
    },
  };
}

/** Seals `count` sample drafts into a chain starting at seq 1. */
export function sealChain(count: number, signer: AuditSigner): AuditEntry[] {
  const entries: AuditEntry[] = [];
  let previous: AuditEntry | undefined;
  for (let i = 0; i < count; i++) {
    previous = sealEntry(previous, sampleDraft(i), signer);
    entries.push(previous);
  }
  return entries;
}

/**
 * Yields a sealed chain of `count` entries one at a time, holding only the
 * previous entry, so a chain of millions costs no memory.
 */
export function* lazyChain(count: number, signer: AuditSigner): Generator<AuditEntry> {
  let previous: AuditEntry | undefined;
  for (let i = 0; i < count; i++) {
    previous = sealEntry(previous, sampleDraft(i), signer);
    yield previous;
  }
}

/** Yields `entries` asynchronously, as a database cursor would. */
export async function* asAsync<T>(entries: Iterable<T>): AsyncGenerator<T> {
  for (const entry of entries) {
    await Promise.resolve();
    yield entry;
  }
}
