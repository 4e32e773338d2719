import { ConflictError, NotFoundError } from '../shared/errors.js';
import type { ErasureRecord, SubjectRecord } from '../store/records.js';
import type { StoreTx } from '../store/store.js';

/*
 * The steps of an erasure inside the caller's transaction: the export
 * during the window and the erasure itself. erasure.ts decides when.
 */

/** Every error code thrown here. */
export const ERASURE_STEP_ERROR_CODES = [
  'erasure_not_found',
  'erasure_complete',
  'export_window_closed',
] as const;

/** What the network holds about one subject, exported during the window. */
export interface SubjectExport {
  readonly erasureId: string;
  readonly pseudonym: string;
  readonly exportedAtMs: number;
  /** The window closes here (Unix ms); the records are erased after it. */
  readonly exportUntilMs: number;
  readonly records: SubjectRecord[];
}

/**
 * Reads the subject's records for export and appends `erasure.exported`
 * (pseudonym and count only). Allowed while the window is open: from the
 * request up to, not including, `exportUntilMs`.
 *
 * @throws NotFoundError `erasure_not_found`; ConflictError
 *   `erasure_complete` once erased, `export_window_closed` after the window.
 */
export async function exportInWindow(
  tx: StoreTx,
  erasureId: string,
  actor: string,
  nowMs: number,
): Promise<SubjectExport> {
  const erasure = await tx.subjects.getErasure(erasureId);
  if (erasure === undefined) {
    throw new NotFoundError(
      'erasure_not_found',
      `Cannot find erasure "${erasureId}"`,
      'Use the id returned when the erasure was requested.',
    );
  }
  if (erasure.status === 'erased' || erasure.subjectId === null) {
    throw new ConflictError(
      'erasure_complete',
      `Cannot export subject data of erasure "${erasureId}": it was erased at ${iso(erasure.erasedAtMs)}, the data is gone`,
      'Nothing can be exported after erasure; export during the window next time.',
    );
  }
  if (nowMs >= erasure.exportUntilMs) {
    throw new ConflictError(
      'export_window_closed',
      `Cannot export subject data of erasure "${erasureId}": the export window closed at ${iso(erasure.exportUntilMs)}`,
      'The data is due for erasure and can no longer be exported.',
    );
  }

  const records = await tx.subjects.records(erasure.subjectId);
  await tx.audit.append({
    ...erasureAudit(erasure, actor, 'erasure.exported', nowMs),
    payload: { erasureId, pseudonym: erasure.pseudonym, records: records.length },
  });
  const { pseudonym, exportUntilMs } = erasure;
  return { erasureId, pseudonym, exportedAtMs: nowMs, exportUntilMs, records };
}

/** Deletes the subject's records and closes the erasure, inside `tx`. */
export async function eraseNow(
  tx: StoreTx,
  erasure: ErasureRecord,
  nowMs: number,
): Promise<ErasureRecord> {
  const recordsErased =
    erasure.subjectId === null ? 0 : await tx.subjects.eraseRecords(erasure.subjectId);
  const patch = { status: 'erased', subjectId: null, erasedAtMs: nowMs, recordsErased } as const;
  await tx.subjects.updateErasure(erasure.id, patch);
  await tx.audit.append({
    ...erasureAudit(erasure, 'system', 'erasure.completed', nowMs),
    payload: { erasureId: erasure.id, pseudonym: erasure.pseudonym, recordsErased },
  });
  return { ...erasure, ...patch };
}

/** The common fields of an erasure's audit entry; the subject is the erasure, never the person. */
export function erasureAudit(erasure: ErasureRecord, actor: string, action: string, nowMs: number) {
  return { atMs: nowMs, actor, action, subjectType: 'erasure', subjectId: erasure.id };
}

function iso(ms: number | null): string {
  return ms === null ? 'an unknown time' : new Date(ms).toISOString();
}
