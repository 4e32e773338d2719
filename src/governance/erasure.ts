import { createHmac } from 'node:crypto';

import { MAX_NAME_LENGTH, REVOCATION_REASONS, type RevocationReason } from '../charter/index.js';
import { CharterError, InputError } from '../shared/errors.js';
import { newId } from '../shared/ids.js';
import type { ErasureRecord, SubjectRecord } from '../store/records.js';
import { emit, type GovernanceDeps } from './deps.js';
import {
  ERASURE_STEP_ERROR_CODES,
  eraseNow,
  erasureAudit,
  exportInWindow,
  type SubjectExport,
} from './erasure-steps.js';

/** Every error code the erasure service throws. */
export const ERASURE_ERROR_CODES = [
  'pseudonym_key_invalid',
  'subject_id_invalid',
  'subject_record_invalid',
  'erasure_reason_invalid',
  ...ERASURE_STEP_ERROR_CODES,
] as const;

/** Shortest pseudonym key accepted, in bytes: the HMAC-SHA256 output size. */
export const MIN_PSEUDONYM_KEY_BYTES = 32;
const DAY_MS = 86_400_000;
const KIND = /^[a-z][a-z0-9_]{0,63}$/;

/** Erasure needs the governance deps and the secret key behind pseudonyms. */
export interface ErasureDeps extends GovernanceDeps {
  /** HMAC key, at least 32 bytes; whoever holds it can re-identify pseudonyms. */
  readonly pseudonymKey: Buffer;
}

/**
 * A data subject's erasure (SPEC §5 revocation b). The state machine:
 * `export_window` (the subject may export their records) until
 * `exportUntilMs`, then `erased`: records deleted, `subjectId` cleared.
 *
 * The audit trail names a subject only by pseudonym, HMAC-SHA256 of the
 * subject id under `pseudonymKey`: stable, so the trail of one subject can
 * be followed, and not reversible without the key. Erasure then deletes
 * records without touching the hash-chained trail.
 */
export interface ErasureService {
  /** The subject's pseudonym, lowercase hex. */
  pseudonymOf(subjectId: string): string;
  /**
   * Stores something the network holds about a subject; the audit entry
   * carries the pseudonym and `kind` only.
   *
   * @throws InputError `subject_id_invalid`, `subject_record_invalid`.
   */
  addRecord(input: {
    subjectId: string;
    kind: string;
    data: Record<string, unknown>;
  }): Promise<SubjectRecord>;
  /**
   * Starts an erasure: `export_window` until now + the charter's
   * `export_window_days`; with 0 days the records are erased at once.
   * When the subject asks themselves (`requestedBy` equals `subjectId`),
   * the trail records the actor as `subject:<pseudonym>`.
   *
   * @throws InputError `subject_id_invalid`, `erasure_reason_invalid`.
   */
  requestErasure(input: {
    subjectId: string;
    reason: RevocationReason;
    requestedBy: string;
  }): Promise<ErasureRecord>;
  /**
   * The subject's records while the window is open, with an audit entry.
   *
   * @throws NotFoundError `erasure_not_found`; ConflictError
   *   `erasure_complete` once erased, `export_window_closed` after the
   *   window closed but before `processDueErasures` ran.
   */
  exportSubject(erasureId: string, actor?: string): Promise<SubjectExport>;
  /**
   * Erases every erasure whose window has closed, one transaction each, so
   * a failure keeps those already done and the next run picks up the rest.
   * Returns the erasures it completed.
   */
  processDueErasures(): Promise<ErasureRecord[]>;
}

/**
 * Builds the erasure service.
 *
 * @throws CharterError `pseudonym_key_invalid` for a key under 32 bytes.
 */
export function createErasureService(deps: ErasureDeps): ErasureService {
  const { store, clock, pseudonymKey } = deps;
  if (!Buffer.isBuffer(pseudonymKey) || pseudonymKey.length < MIN_PSEUDONYM_KEY_BYTES) {
    throw new CharterError(
      'pseudonym_key_invalid',
      `Cannot start erasure: the pseudonym key has ${pseudonymKey?.length ?? 0} bytes, expected at least ${MIN_PSEUDONYM_KEY_BYTES}`,
      'Generate one with `openssl rand -hex 32` and keep it secret.',
    );
  }
  const pseudonymOf = (subjectId: string) =>
    createHmac('sha256', pseudonymKey).update(subjectId, 'utf8').digest('hex');

  return {
    pseudonymOf,

    async addRecord({ subjectId, kind, data }) {
      checkSubjectId(subjectId);
      if (typeof kind !== 'string' || !KIND.test(kind) || !isPlainObject(data)) {
        throw new InputError(
          'subject_record_invalid',
          `Cannot store subject record: kind ${JSON.stringify(kind ?? null)} or its data is invalid`,
          'Send a kind of lowercase letters, digits and _ (up to 64) and data as a JSON object.',
        );
      }
      return store.transaction(async (tx) => {
        const nowMs = clock.nowMs();
        const record: SubjectRecord = {
          id: newId('subj'),
          subjectId,
          kind,
          data,
          createdAtMs: nowMs,
        };
        await tx.subjects.insertRecord(record);
        const pseudonym = pseudonymOf(subjectId);
        await tx.audit.append({
          atMs: nowMs,
          actor: 'system',
          action: 'subject.record_added',
          subjectType: 'subject',
          subjectId: pseudonym,
          payload: { recordId: record.id, pseudonym, kind },
        });
        return record;
      });
    },

    async requestErasure({ subjectId, reason, requestedBy }) {
      checkSubjectId(subjectId);
      if (!(REVOCATION_REASONS as readonly string[]).includes(reason)) {
        throw new InputError(
          'erasure_reason_invalid',
          `Cannot erase subject data: reason ${JSON.stringify(reason ?? null)} is not a revocation reason`,
          `Accepted reasons: ${REVOCATION_REASONS.join(', ')}.`,
        );
      }
      const pseudonym = pseudonymOf(subjectId);
      // A subject asking for their own erasure must not put their id in the trail as actor.
      const actor = requestedBy === subjectId ? `subject:${pseudonym}` : requestedBy;

      const erasure = await store.transaction(async (tx) => {
        const nowMs = clock.nowMs();
        const windowMs = deps.charter().settings.revocation.exportWindowDays * DAY_MS;
        const created: ErasureRecord = {
          id: newId('era'),
          pseudonym,
          subjectId,
          reason,
          status: 'export_window',
          requestedAtMs: nowMs,
          exportUntilMs: nowMs + windowMs,
          erasedAtMs: null,
          recordsErased: 0,
        };
        await tx.subjects.insertErasure(created);
        await tx.audit.append({
          ...erasureAudit(created, actor, 'erasure.requested', nowMs),
          payload: {
            erasureId: created.id,
            pseudonym,
            reason,
            exportUntilMs: created.exportUntilMs,
          },
        });
        // No window: there is nothing to wait for, so erase in the same transaction.
        return windowMs === 0 ? eraseNow(tx, created, nowMs) : created;
      });

      emit(deps, 'erasureChanged', erasure);
      return erasure;
    },

    async exportSubject(erasureId, actor = 'system') {
      return store.transaction((tx) => exportInWindow(tx, erasureId, actor, clock.nowMs()));
    },

    async processDueErasures() {
      const done: ErasureRecord[] = [];
      for (const due of await store.subjects.dueErasures(clock.nowMs())) {
        const erased = await store.transaction(async (tx) => {
          // Another instance may have erased it since the list was read.
          const current = await tx.subjects.getErasure(due.id);
          if (current?.status !== 'export_window') return undefined;
          return eraseNow(tx, current, clock.nowMs());
        });
        if (erased === undefined) continue;
        done.push(erased);
        emit(deps, 'erasureChanged', erased);
      }
      return done;
    },
  };
}

function checkSubjectId(subjectId: unknown): asserts subjectId is string {
  if (
    typeof subjectId !== 'string' ||
    subjectId.length === 0 ||
    subjectId.length > MAX_NAME_LENGTH
  ) {
    // The value is not quoted: it may be personal data.
    throw new InputError(
      'subject_id_invalid',
      'Cannot accept subject id: it is empty, not a string or too long',
      `Send the subject id as 1 to ${MAX_NAME_LENGTH} characters.`,
    );
  }
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
