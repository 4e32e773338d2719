import type { Logger } from 'pino';

import type { GovernanceEvents } from '../governance/index.js';
import {
  createDispatcher,
  type Channel,
  createNotifier,
  type BackoffOptions,
  type DeliveryObservation,
  type Dispatcher,
  type Notifier,
} from '../notify/index.js';
import type { Clock } from '../shared/clock.js';
import type { Store } from '../store/store.js';
import { mergeEvents } from './merge-events.js';

/** Where committee notifications go and how hard delivery tries. */
export interface NotificationConfig {
  /** Base URLs of Alertmanager's API (`POST /api/v2/alerts`). */
  alertmanagerUrls?: readonly string[];
  webhookUrls?: readonly string[];
  backoff?: BackoffOptions;
  pollIntervalMs?: number;
}

/** The service's committee notifications: the notifier governance writes with, and delivery. */
export interface ServiceNotifications {
  readonly notifier: Notifier;
  readonly dispatcher: Dispatcher;
  /** `events` that also wake the dispatcher after each change that may have enqueued. */
  wakeOn(events: GovernanceEvents): GovernanceEvents;
  /** Starts delivery, and `sweep` (overdue revocations) every `sweepMs`. */
  start(sweep: () => Promise<number>, sweepMs?: number): void;
  /** Stops the sweep, then flushes what is due within `deadlineMs`. */
  stop(deadlineMs: number): Promise<void>;
}

const WAKING_EVENTS = [
  'violationRecorded',
  'investigationOpened',
  'overrideChanged',
  'revocationRequested',
  'responseRequested',
] as const;

/** Wires channels, notifier and dispatcher for `startService`, logging at this edge. */
export function createServiceNotifications(
  config: NotificationConfig,
  deps: {
    store: Store;
    clock: Clock;
    log: Logger;
    channels: readonly Channel[];
    /** Told of every delivery attempt (metrics 4 and 10). */
    observe: (observation: DeliveryObservation) => void;
  },
): ServiceNotifications {
  const { log, channels } = deps;
  const dispatcher = createDispatcher({
    outbox: deps.store.outbox,
    channels,
    clock: deps.clock,
    observe: deps.observe,
    ...(config.backoff ? { backoff: config.backoff } : {}),
    ...(config.pollIntervalMs ? { pollIntervalMs: config.pollIntervalMs } : {}),
    onReport: (report) => {
      const first = report.failures[0];
      log.warn(
        {
          failed: report.failed,
          unrecorded: report.unrecorded,
          channel: first?.channel,
          notificationId: first?.notificationId,
          attempts: first?.attempts,
          error: first?.error,
        },
        'Committee notifications not delivered, will retry',
      );
    },
    onError: (error) => log.error({ err: error }, 'Committee notification outbox unreachable'),
  });
  let sweeper: NodeJS.Timeout | undefined;

  return {
    notifier: createNotifier(channels.map((c) => c.name)),
    dispatcher,
    wakeOn(events) {
      const wake = () => dispatcher.wake();
      return mergeEvents(events, Object.fromEntries(WAKING_EVENTS.map((name) => [name, wake])));
    },
    start(sweep, sweepMs = 1_000) {
      if (channels.length === 0) {
        log.warn('No committee notification channel configured: notifications are not recorded');
        return;
      }
      // Origins only: a webhook's path or query may carry its secret.
      const where = channels.map((c) => `${c.name}=${new URL(c.url).origin}`);
      log.info({ channels: where }, 'Committee notifications enabled');
      dispatcher.start();
      sweeper = setInterval(() => {
        sweep()
          .then((overdue) => overdue > 0 && dispatcher.wake())
          .catch((error: unknown) => log.error({ err: error }, 'Revocation deadline sweep failed'));
      }, sweepMs);
      sweeper.unref();
    },
    async stop(deadlineMs) {
      clearInterval(sweeper);
      const report = await dispatcher.stop(deadlineMs);
      const left = await deps.store.outbox.backlog().catch(() => undefined);
      log.info(
        { delivered: report.delivered, failed: report.failed, undelivered: left?.count },
        'Committee notifications flushed',
      );
    },
  };
}
