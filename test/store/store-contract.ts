import { afterAll, afterEach, beforeEach, describe } from 'vitest';

import type { Store } from '../../src/store/store.js';
import { bulkContract } from './contract/bulk.js';
import { auditContract } from './contract/audit.js';
import { committeeOverrideContract } from './contract/committee-overrides.js';
import type { ContractContext } from './contract/fixtures.js';
import { investigationContract } from './contract/investigations.js';
import { knowledgeContract } from './contract/knowledge.js';
import { outboxContract } from './contract/outbox.js';
import { revocationSubjectContract } from './contract/revocations-subjects.js';
import { roundTripContract } from './contract/round-trips.js';
import { transactionContract } from './contract/transactions.js';
import { violationContract } from './contract/violations.js';

export { testSigner } from './contract/fixtures.js';

/**
 * Runs the store contract (SPEC §5) against one adapter. `open` must return a
 * new, empty, migrated store on every call, signing with `testSigner`; each
 * test gets its own and closes it. `cleanup` runs once after all tests
 * (remove files, drop schemas).
 */
export function describeStoreContract(
  name: string,
  open: () => Promise<Store>,
  cleanup?: () => Promise<void>,
): void {
  describe(`store contract: ${name}`, () => {
    let current: Store | undefined;
    const ctx: ContractContext = {
      store() {
        if (current === undefined) throw new Error('No store: open() failed for this test');
        return current;
      },
    };

    beforeEach(async () => {
      current = await open();
    });

    afterEach(async () => {
      await current?.close();
      current = undefined;
    });

    if (cleanup !== undefined) afterAll(cleanup);

    violationContract(ctx);
    investigationContract(ctx);
    committeeOverrideContract(ctx);
    revocationSubjectContract(ctx);
    auditContract(ctx);
    transactionContract(ctx);
    roundTripContract(ctx);
    bulkContract(ctx);
    outboxContract(ctx);
    knowledgeContract(ctx);
  });
}
