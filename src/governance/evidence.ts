import { InputError } from '../shared/errors.js';
import type { Evidence } from '../store/records.js';

const SHA256 = /^[0-9a-f]{64}$/;
// A reference names where evidence is kept (`s3://…`, `ticket:INC-42`,
// `prometheus:query?…`): a scheme and a target, no spaces, so free text
// (where personal data would hide) does not fit.
const REFERENCE = /^[a-z][a-z0-9+.-]*:[^\s]{1,490}$/;

/** Evidence items accepted per report. */
export const MAX_EVIDENCE = 32;

/**
 * Checks evidence: hashes of material kept elsewhere and references to it,
 * never the material itself (SPEC §5). Throws InputError `evidence_invalid`
 * naming the item and what is accepted.
 */
export function checkEvidence(evidence: readonly Evidence[]): Evidence[] {
  if (evidence.length > MAX_EVIDENCE) {
    throw new InputError(
      'evidence_invalid',
      `Cannot accept evidence: ${evidence.length} items, expected at most ${MAX_EVIDENCE}`,
      'Send hashes and references only; keep the material itself elsewhere.',
    );
  }
  return evidence.map((item, i) => {
    const ok =
      (item.kind === 'sha256' && SHA256.test(item.value)) ||
      (item.kind === 'reference' && REFERENCE.test(item.value));
    if (!ok || (item.description?.length ?? 0) > 200) {
      throw new InputError(
        'evidence_invalid',
        `Cannot accept evidence[${i}]: ${item.kind} "${item.value.slice(0, 80)}" is not a lowercase hex SHA-256 or a scheme:target reference (descriptions up to 200 characters)`,
        'Use {"kind":"sha256","value":"<64 lowercase hex>"} or {"kind":"reference","value":"scheme:target"}',
      );
    }
    return item.description === undefined
      ? { kind: item.kind, value: item.value }
      : { kind: item.kind, value: item.value, description: item.description };
  });
}
