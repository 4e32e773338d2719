import { newId } from '../shared/ids.js';
import type { TimelineKind } from '../store/records.js';
import type { StoreTx } from '../store/store.js';

/** Adds one line to an investigation's timeline. */
export async function timeline(
  tx: StoreTx,
  investigationId: string,
  atMs: number,
  actor: string,
  kind: TimelineKind,
  body: Record<string, unknown>,
): Promise<void> {
  await tx.investigations.addEvent({ id: newId('evt'), investigationId, atMs, actor, kind, body });
}
