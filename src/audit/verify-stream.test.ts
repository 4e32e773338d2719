import { describe, expect, it } from 'vitest';

import { generateAuditKeyPair, loadAuditSigner } from './signer.js';
import { lazyChain } from './test-chain.js';
import { verifyChain } from './verify.js';

const COUNT = 20_000;

describe('verifyChain() streaming', () => {
  // Ed25519 costs ~60 µs to sign and ~170 µs to verify on a small CI core, so
  // this takes tens of seconds; it asserts the outcome, never the time.
  it(
    'verifies 20,000 entries yielded one at a time by a generator, holding none',
    { timeout: 120_000 },
    async () => {
      const keys = generateAuditKeyPair();
      const signer = loadAuditSigner(keys.privateKeyPem);
      let lastHash = '';
      let yielded = 0;
      const chain = (function* () {
        for (const entry of lazyChain(COUNT, signer)) {
          lastHash = entry.hash;
          yielded++;
          yield entry;
        }
      })();

      const verdict = await verifyChain(chain, keys.publicKeyPem);

      expect(verdict).toEqual({ ok: true, checked: COUNT, lastHash });
      expect(yielded).toBe(COUNT);
    },
  );
});
