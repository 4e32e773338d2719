import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { generateAuditKeyPair, loadAuditSigner } from '../audit/signer.js';
import { compileCharter, type CharterDocument, type CompiledCharter } from '../charter/index.js';
import { testCharterDocument } from '../charter/test-charter.js';
import { ManualClock } from '../shared/clock.js';
import { createSqliteStore } from '../store/sqlite/create-sqlite-store.js';
import type { Store } from '../store/store.js';
import type { GovernanceDeps } from './deps.js';

/** Governance wired to a real SQLite file in a temp directory, for tests. */
export interface TestGovernance {
  deps: GovernanceDeps;
  store: Store;
  clock: ManualClock;
  publicKeyPem: string;
  /** Every event hook call, in order, as [name, ...args]. */
  events: [string, ...unknown[]][];
  setCharter(doc: CharterDocument): void;
  close(): Promise<void>;
}

/** Opens a fresh store and deps; call close() in afterEach. */
export async function openTestGovernance(
  doc: CharterDocument = testCharterDocument(),
): Promise<TestGovernance> {
  const dir = await mkdtemp(join(tmpdir(), 'charter-gov-'));
  const keys = generateAuditKeyPair();
  const store = await createSqliteStore({
    file: join(dir, 'charter.db'),
    signer: loadAuditSigner(keys.privateKeyPem),
  });
  const clock = new ManualClock(Date.parse('2026-03-01T12:00:00Z'));
  let charter: CompiledCharter = compileCharter(doc);
  const events: [string, ...unknown[]][] = [];
  const recorder = new Proxy(
    {},
    {
      get:
        (_target, name: string) =>
        (...args: unknown[]) =>
          events.push([name, ...args]),
    },
  );
  return {
    deps: { store, clock, charter: () => charter, events: recorder },
    store,
    clock,
    publicKeyPem: keys.publicKeyPem,
    events,
    setCharter(next) {
      charter = compileCharter(next);
    },
    async close() {
      await store.close();
      await rm(dir, { recursive: true, force: true });
    },
  };
}
