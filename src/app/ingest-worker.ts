/*
 * The worker thread behind the SQLite violation intake (see ingest-thread.ts):
 * its own connection to the store file and its own copy of the audit signer,
 * writing each batch it is sent in one transaction with governance's own
 * recordViolations, exactly as the main thread would.
 */
import { parentPort, workerData } from 'node:worker_threads';

import { compileCharter, type CharterDocument, type CompiledCharter } from '../charter/index.js';
import { storeBatchWriter, type BatchWriter, type ViolationReport } from '../governance/index.js';
import { createNotifier } from '../notify/index.js';
import { systemClock } from '../shared/clock.js';
import { createSqliteStore } from '../store/sqlite/create-sqlite-store.js';
import { loadOrCreateAuditKeys } from './key-files.js';
import type { ToWorker, WorkerSetup } from './ingest-messages.js';
import { errorToWire } from './ingest-messages.js';

const port = parentPort;
if (port === null) throw new Error('ingest-worker.js runs as a worker thread only');
const setup = workerData as WorkerSetup;

const keys = await loadOrCreateAuditKeys(setup.auditKeyFile);
const store = await createSqliteStore({ file: setup.file, signer: keys.signer, migrate: false });
let charter: CompiledCharter | undefined;
const write: BatchWriter = storeBatchWriter({
  store,
  clock: systemClock,
  charter: () => {
    if (charter === undefined) throw new Error('No charter sent to the ingest worker');
    return charter;
  },
  notifier: createNotifier(setup.channels),
});

// One message at a time, in order: a batch never overtakes a charter change.
let chain: Promise<void> = Promise.resolve();
port.on('message', (message: ToWorker) => {
  chain = chain.then(() => handle(message));
});
port.postMessage({ kind: 'ready' });

async function handle(message: ToWorker): Promise<void> {
  switch (message.kind) {
    case 'charter':
      charter = compileCharter(message.document as CharterDocument);
      return;
    case 'batch':
      try {
        const reports = JSON.parse(message.reportsJson) as ViolationReport[];
        const outcomes = await write(reports, message.nowMs);
        port!.postMessage({
          kind: 'written',
          id: message.id,
          outcomesJson: JSON.stringify(outcomes),
        });
      } catch (error) {
        port!.postMessage({ kind: 'failed', id: message.id, error: errorToWire(error) });
      }
      return;
    case 'close':
      await store.close();
      port!.postMessage({ kind: 'closed' });
      port!.close();
      return;
  }
}
