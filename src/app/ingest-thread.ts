import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';

import type { CompiledCharter } from '../charter/index.js';
import type { BatchWriter, ReportOutcome } from '../governance/index.js';
import { CharterError } from '../shared/errors.js';
import {
  errorFromWire,
  type FromWorker,
  type ToWorker,
  type WorkerSetup,
} from './ingest-messages.js';

/** The SQLite violation intake's worker thread, as a batch writer. */
export interface IngestThread {
  readonly write: BatchWriter;
  /** Lets the running batch finish, closes the worker's store and ends the thread. */
  close(): Promise<void>;
}

interface Waiting {
  resolve: (outcomes: ReportOutcome[]) => void;
  reject: (error: unknown) => void;
}

/**
 * Starts the worker that writes violation batches to the SQLite file. The
 * main thread keeps parsing and answering requests while a batch is sealed,
 * signed and committed there: on SQLite every write is synchronous, so in
 * one thread the two would take turns. A batch is acknowledged only when the
 * worker reports its commit; if the worker dies, its batches are refused
 * (never acknowledged) and the next batch starts a new worker.
 */
export async function startIngestThread(
  setup: WorkerSetup,
  charter: () => CompiledCharter,
  onExit: (error: Error) => void,
): Promise<IngestThread> {
  const waiting = new Map<number, Waiting>();
  let nextId = 1;
  let worker: Promise<Worker> | undefined;
  let sentCharter: CompiledCharter | undefined;
  let closing = false;

  const start = (): Promise<Worker> => {
    const thread = new Worker(workerEntry(), { workerData: setup });
    sentCharter = undefined;
    thread.on('message', (message: FromWorker) => {
      if (message.kind === 'written') {
        settle(message.id)?.resolve(JSON.parse(message.outcomesJson) as ReportOutcome[]);
      }
      if (message.kind === 'failed') settle(message.id)?.reject(errorFromWire(message.error));
    });
    thread.on('exit', (code) => {
      worker = undefined;
      if (closing) return;
      const error = new Error(`The ingest worker exited with code ${code}`);
      for (const id of [...waiting.keys()]) settle(id)?.reject(error);
      onExit(error);
    });
    return new Promise<Worker>((resolve, reject) => {
      thread.once('error', reject);
      thread.once('message', (message: FromWorker) => {
        if (message.kind === 'ready') resolve(thread);
      });
    });
  };

  const settle = (id: number) => {
    const entry = waiting.get(id);
    waiting.delete(id);
    return entry;
  };

  worker = start();
  await worker;

  return {
    async write(reports, nowMs) {
      if (closing) {
        throw new CharterError(
          'ingest_closed',
          'Cannot store the reports: the ingest worker is closed',
          'Retry against another instance or after restart.',
        );
      }
      const thread = await (worker ??= start());
      const current = charter();
      if (current !== sentCharter) {
        post(thread, { kind: 'charter', document: current.document });
        sentCharter = current;
      }
      const id = nextId++;
      return new Promise<ReportOutcome[]>((resolve, reject) => {
        waiting.set(id, { resolve, reject });
        post(thread, { kind: 'batch', id, reportsJson: JSON.stringify(reports), nowMs });
      });
    },
    async close() {
      closing = true;
      const thread = await worker?.catch(() => undefined);
      if (thread === undefined) return;
      const closed = new Promise<void>((resolve) => thread.once('exit', () => resolve()));
      post(thread, { kind: 'close' });
      await closed;
    },
  };
}

function post(thread: Worker, message: ToWorker): void {
  thread.postMessage(message);
}

/**
 * The worker's script. Built, it sits beside this file; run from the
 * TypeScript sources (the test runner), the worker runs the build, which
 * `npm test` makes first.
 */
function workerEntry(): URL {
  const beside = new URL('./ingest-worker.js', import.meta.url);
  const entry = import.meta.url.endsWith('.ts')
    ? new URL('../../dist/src/app/ingest-worker.js', import.meta.url)
    : beside;
  if (!existsSync(fileURLToPath(entry))) {
    throw new Error(`The ingest worker "${fileURLToPath(entry)}" is missing: run npm run build`);
  }
  return entry;
}
