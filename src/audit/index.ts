/*
 * The audit module's public API: sealing entries into a hash-chained,
 * Ed25519-signed trail, the signing keys, and streaming verification.
 * Pure: no file I/O, no logging, nothing of ours but ../shared. The store
 * persists entries; the edges log and report.
 */

export { canonicalJson } from './canonical-json.js';
export { GENESIS_HASH, type AuditDraft, type AuditEntry } from './entry.js';
export { hashEntry, sealEntry, type AuditSigner, type HashedFields } from './seal.js';
export {
  createAuditSigner,
  generateAuditKeyPair,
  keyIdOf,
  loadAuditPublicKey,
  loadAuditSigner,
  publicKeyPemOf,
} from './signer.js';
export { verifyEntry, type EntryProblem } from './verify-entry.js';
export { verifyChain, type ChainProblem, type ChainVerdict } from './verify.js';
export { headMessage, headSignatureProblem, signHead, type AuditHead } from './head.js';
export { verifyTrail } from './verify-trail.js';
