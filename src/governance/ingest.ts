import { CharterError } from '../shared/errors.js';
import { emit, type GovernanceDeps } from './deps.js';
import { checkEvidence } from './evidence.js';
import { recordViolations, type ReportOutcome, type ViolationReport } from './violations.js';

/**
 * Stores one batch of reports in one transaction (violations, audit entries,
 * committee notifications) and returns their outcomes in order; rejects,
 * storing nothing, if the transaction does not commit.
 */
export type BatchWriter = (
  reports: readonly ViolationReport[],
  nowMs: number,
) => Promise<ReportOutcome[]>;

export interface IngestOptions {
  /** Reports written per transaction at most. */
  maxBatch?: number;
  /** Reports waiting at most; beyond it submit() refuses with `ingest_overloaded`. */
  maxQueue?: number;
  /**
   * Where batches are written; default in this thread through `deps.store`.
   * The service passes a worker thread's writer for SQLite, so that sealing
   * and writing overlap with the HTTP work of the next batch.
   */
  writer?: BatchWriter;
  /**
   * Batches handed to the writer before the first is acknowledged; default
   * 1. A writer that queues batches (the worker thread) is given several,
   * so it never waits for the responses and the next requests in between.
   */
  maxInFlight?: number;
}

/** The batch writer over `deps.store`, in the calling thread. */
export function storeBatchWriter(deps: GovernanceDeps): BatchWriter {
  return (reports, nowMs) =>
    deps.store.transaction((tx) => recordViolations(tx, deps, reports, nowMs));
}

/** Group-committing violation intake: many reports per transaction, each acknowledged after commit. */
export interface ViolationIngest {
  /** Resolves once the report (and its audit entry) is committed; rejects if it was not. */
  submit(report: ViolationReport): Promise<ReportOutcome>;
  /** Resolves when everything submitted so far is committed or refused. */
  flush(): Promise<void>;
  /** Refuses new reports, then flushes. */
  close(): Promise<void>;
  /** Reports waiting for a transaction. */
  pending(): number;
}

export const INGEST_ERROR_CODES = ['ingest_overloaded', 'ingest_closed'] as const;

interface Pending {
  report: ViolationReport;
  submittedMs: number;
  resolve: (outcome: ReportOutcome) => void;
  reject: (error: unknown) => void;
}

/**
 * Creates the intake. While one transaction commits, new reports queue; the
 * next transaction takes up to `maxBatch` of them, so the commit cost (the
 * fsync) is shared by a batch while no report is acknowledged before it is
 * durable. If a batch fails, each of its reports is retried alone, so one bad
 * report cannot sink the others.
 */
export function createViolationIngest(
  deps: GovernanceDeps,
  options: IngestOptions = {},
): ViolationIngest {
  const maxBatch = options.maxBatch ?? 500;
  const maxQueue = options.maxQueue ?? 100_000;
  const write = options.writer ?? storeBatchWriter(deps);
  const maxInFlight = options.maxInFlight ?? 1;
  const queue: Pending[] = [];
  let running: Promise<void> | undefined;
  let closed = false;

  const commit = async (batch: Pending[]): Promise<void> => {
    try {
      const outcomes = await write(
        batch.map((item) => item.report),
        deps.clock.nowMs(),
      );
      const doneMs = deps.clock.nowMs();
      batch.forEach((item, i) => {
        const outcome = outcomes[i]!;
        if (outcome.created)
          emit(deps, 'violationRecorded', outcome.violation, doneMs - item.submittedMs);
        item.resolve(outcome);
      });
    } catch (error) {
      if (batch.length === 1) {
        batch[0]!.reject(error);
        return;
      }
      for (const item of batch) await commit([item]);
    }
  };

  const drain = async (): Promise<void> => {
    const inFlight = new Set<Promise<void>>();
    while (queue.length > 0 || inFlight.size > 0) {
      while (queue.length > 0 && inFlight.size < maxInFlight) {
        const done: Promise<void> = commit(queue.splice(0, maxBatch)).finally(() =>
          inFlight.delete(done),
        );
        inFlight.add(done);
      }
      await Promise.race(inFlight);
    }
    running = undefined;
  };

  const start = (): void => {
    // Let the reports of this tick join the first batch.
    running ??= new Promise<void>((resolve) => setImmediate(resolve)).then(drain);
  };

  return {
    submit(report) {
      if (closed) {
        return Promise.reject(
          new CharterError(
            'ingest_closed',
            'Cannot accept the report: the service is shutting down',
            'Retry against another instance or after restart.',
          ),
        );
      }
      if (queue.length >= maxQueue) {
        return Promise.reject(
          new CharterError(
            'ingest_overloaded',
            `Cannot accept the report: ${queue.length} reports are waiting to be stored`,
            'Retry after a short pause; the report was not stored.',
          ),
        );
      }
      try {
        // Refuse malformed evidence now, not after it has cost a batch its transaction.
        checkEvidence(report.evidence);
      } catch (error) {
        return Promise.reject(error instanceof Error ? error : new Error(String(error)));
      }
      return new Promise<ReportOutcome>((resolve, reject) => {
        queue.push({ report, submittedMs: deps.clock.nowMs(), resolve, reject });
        start();
      });
    },
    async flush() {
      while (running !== undefined) await running;
    },
    async close() {
      closed = true;
      while (running !== undefined) await running;
    },
    pending: () => queue.length,
  };
}
