import type { ChainVerdict } from '../audit/verify.js';
import { verifyTrail } from '../audit/verify-trail.js';
import { auditEntries } from './audit-entries.js';
import type { Store } from './store.js';

/**
 * Verifies the store's audit trail against `publicKeyPem`: every entry
 * (hash, signature, link, order) and then the signed head, which is read
 * first so that entries committed during the run are not taken for
 * tampering. Finds edited, removed (the newest ones included) and reordered
 * entries; streams a page at a time, constant memory.
 *
 * @throws CharterError `audit_key_invalid` for a key that is not Ed25519;
 *   store errors propagate.
 */
export async function verifyStoredTrail(store: Store, publicKeyPem: string): Promise<ChainVerdict> {
  const head = await store.audit.head();
  return verifyTrail(auditEntries(store), publicKeyPem, head);
}
