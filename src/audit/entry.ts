/** An entry to append to the audit trail; the trail seals and signs it. */
export interface AuditDraft {
  atMs: number;
  /** Principal that caused the change (`system` for the service itself). */
  actor: string;
  /** What happened, `resource.verb`: `violation.reported`, `override.approved`. */
  action: string;
  subjectType: string;
  subjectId: string;
  /** Facts of the change: ids, hashes, states. Never raw personal data. */
  payload: Record<string, unknown>;
}

/**
 * A sealed audit entry. `hash` is SHA-256 over the canonical JSON of every
 * other field but `signature` (so it covers `prevHash`, chaining the entries);
 * `signature` is Ed25519 over `hash`. Hex throughout.
 */
export interface AuditEntry extends AuditDraft {
  seq: number;
  prevHash: string;
  hash: string;
  signature: string;
}

/** The `prevHash` of the first entry. */
export const GENESIS_HASH = '0'.repeat(64);
