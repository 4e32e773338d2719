import type { Clock } from '../shared/clock.js';
import { newId } from '../shared/ids.js';
import type { AlertSeverity, OutboxRecord } from '../store/records.js';
import type { OutboxRepo } from '../store/store.js';
import { DEFAULT_BACKOFF, retryDelayMs, type BackoffOptions } from './backoff.js';
import type { Channel, ChannelKind } from './channel.js';

/** One delivery attempt, for metrics 4 and 10. */
export interface DeliveryObservation {
  severity: AlertSeverity;
  channel: ChannelKind;
  outcome: 'delivered' | 'failed';
  /** From the notification's creation to this attempt's end, in ms. */
  latencyMs: number;
}

/** A failed attempt, as the dispatcher reports it. */
export interface DeliveryFailure {
  notificationId: string;
  channel: string;
  /** Attempts so far, this one included. */
  attempts: number;
  error: string;
  nextAttemptAtMs: number;
}

/** What one pass (or a flush) did. */
export interface DispatchReport {
  claimed: number;
  delivered: number;
  failed: number;
  /** Attempts whose outcome could not be recorded (lease lost, store down); retried later. */
  unrecorded: number;
  failures: DeliveryFailure[];
}

export interface DispatcherOptions {
  readonly outbox: OutboxRepo;
  readonly channels: readonly Channel[];
  readonly clock: Clock;
  readonly observe?: (observation: DeliveryObservation) => void;
  /** Told after every pass that failed or left an outcome unrecorded; the edge logs it. */
  readonly onReport?: (report: DispatchReport) => void;
  /** Told when a pass could not even claim (the store is unreachable). */
  readonly onError?: (error: unknown) => void;
  /** Idle time between polls, in ms; default 1 000. `wake()` cuts it short. */
  readonly pollIntervalMs?: number;
  /** Rows claimed per pass; default 50. */
  readonly batchSize?: number;
  /** How long a claim holds a row, in ms; must exceed `timeoutMs`. Default 60 000. */
  readonly leaseMs?: number;
  /** Per-attempt timeout, in ms; default 5 000. */
  readonly timeoutMs?: number;
  readonly backoff?: BackoffOptions;
  readonly random?: () => number;
  /** Lease owner id; default a random one per dispatcher. */
  readonly owner?: string;
}

/** Delivers the outbox; see {@link createDispatcher}. */
export interface Dispatcher {
  /** Starts polling. */
  start(): void;
  /** Runs a pass soon: call after committing a change that enqueued notifications. */
  wake(): void;
  /** Claims and delivers one batch of due rows now. */
  runOnce(): Promise<DispatchReport>;
  /**
   * Stops polling, then delivers what is due within `deadlineMs` (default
   * 5 000): the flush on shutdown. What it cannot deliver stays in the outbox.
   */
  stop(deadlineMs?: number): Promise<DispatchReport>;
}

const emptyReport = (): DispatchReport => ({
  claimed: 0,
  delivered: 0,
  failed: 0,
  unrecorded: 0,
  failures: [],
});

/**
 * The outbox dispatcher: polls due rows of its channels, delivers each,
 * records the outcome, and schedules a failed row's retry with exponential
 * backoff and jitter. Delivery is at least once: a row is marked delivered
 * only after the receiver accepted it, so a crash in between delivers it
 * again once the lease runs out. Rows are claimed under a lease, so
 * dispatchers of several instances never post the same row concurrently.
 */
export function createDispatcher(options: DispatcherOptions): Dispatcher {
  const { outbox, clock } = options;
  const byName = new Map(options.channels.map((c) => [c.name, c]));
  const channels = [...byName.keys()];
  const pollIntervalMs = options.pollIntervalMs ?? 1_000;
  const batchSize = options.batchSize ?? 50;
  const leaseMs = options.leaseMs ?? 60_000;
  const timeoutMs = options.timeoutMs ?? 5_000;
  const backoff = options.backoff ?? DEFAULT_BACKOFF;
  const random = options.random ?? Math.random;
  const owner = options.owner ?? newId('dispatcher');

  const observe = (observation: DeliveryObservation) => {
    try {
      options.observe?.(observation);
    } catch {
      // A failure to record a metric never fails the delivery it measures.
    }
  };

  async function attempt(
    row: OutboxRecord,
    channel: Channel,
    untilMs: number,
    into: DispatchReport,
  ) {
    const signal = AbortSignal.timeout(
      Math.max(1, Math.min(timeoutMs, untilMs - performance.now())),
    );
    let error: unknown;
    try {
      await channel.deliver(row, signal);
    } catch (caught) {
      error = caught ?? 'failed';
    }

    const atMs = clock.nowMs();
    const latencyMs = Math.max(0, atMs - row.createdAtMs);
    const { severity } = row;
    if (error === undefined) {
      observe({ severity, channel: channel.kind, outcome: 'delivered', latencyMs });
      const recorded = await outbox.markDelivered(row.id, owner, atMs).catch(() => false);
      if (recorded) into.delivered += 1;
      else into.unrecorded += 1;
      return;
    }

    observe({ severity, channel: channel.kind, outcome: 'failed', latencyMs });
    const attempts = row.attempts + 1;
    const nextAttemptAtMs = atMs + retryDelayMs(attempts, backoff, random);
    const message = describe(error);
    const recorded = await outbox
      .markFailed(row.id, owner, { error: message, nextAttemptAtMs })
      .catch(() => false);
    if (recorded) into.failed += 1;
    else into.unrecorded += 1;
    into.failures.push({
      notificationId: row.notificationId,
      channel: row.channel,
      attempts,
      error: message,
      nextAttemptAtMs,
    });
  }

  async function pass(untilMs: number): Promise<DispatchReport> {
    const report = emptyReport();
    const rows = await outbox.claim({
      channels,
      nowMs: clock.nowMs(),
      limit: batchSize,
      owner,
      leaseMs,
    });
    report.claimed = rows.length;
    await Promise.all(rows.map((row) => attempt(row, byName.get(row.channel)!, untilMs, report)));
    if (report.failed + report.unrecorded > 0) options.onReport?.(report);
    return report;
  }

  let started = false;
  let stopped = false;
  let timer: NodeJS.Timeout | undefined;
  let running: Promise<DispatchReport> | undefined;
  let again = false;

  const schedule = (delayMs: number) => {
    if (!started || stopped) return;
    clearTimeout(timer);
    timer = setTimeout(() => void tick(), delayMs);
    timer.unref();
  };

  const runGuarded = () => {
    running ??= pass(Number.POSITIVE_INFINITY)
      .catch((error: unknown) => {
        options.onError?.(error);
        return emptyReport();
      })
      .finally(() => (running = undefined));
    return running;
  };

  async function tick() {
    timer = undefined;
    const report = await runGuarded();
    const more = again || report.claimed === batchSize;
    again = false;
    schedule(more ? 0 : pollIntervalMs);
  }

  return {
    start() {
      if (started || channels.length === 0) return;
      started = true;
      schedule(0);
    },
    wake() {
      if (running !== undefined) again = true;
      else if (timer !== undefined) schedule(0);
    },
    runOnce: () => pass(Number.POSITIVE_INFINITY),
    async stop(deadlineMs = 5_000) {
      stopped = true;
      clearTimeout(timer);
      timer = undefined;
      const untilMs = performance.now() + deadlineMs;
      const total = emptyReport();
      if (running !== undefined) await running;
      if (channels.length === 0) return total;

      while (performance.now() < untilMs) {
        const report = await pass(untilMs).catch((error: unknown) => {
          options.onError?.(error);
          return emptyReport();
        });
        total.claimed += report.claimed;
        total.delivered += report.delivered;
        total.failed += report.failed;
        total.unrecorded += report.unrecorded;
        total.failures.push(...report.failures);
        if (report.claimed < batchSize) break;
      }
      return total;
    },
  };
}

/** One line for the outbox's `last_error`: the error and, for fetch, its cause. */
function describe(error: unknown): string {
  if (!(error instanceof Error)) return String(error);
  const cause = error.cause as { code?: unknown; message?: unknown } | undefined;
  const detail = cause?.code ?? cause?.message;
  return typeof detail === 'string' ? `${error.message}: ${detail}` : error.message;
}
