/*
 * Committee notifications (SPEC §5): written to the store's outbox in the
 * transaction of the change they announce, then delivered to Alertmanager
 * and webhooks by a dispatcher that retries until the receiver accepts.
 */

/** Retry delays: exponential from `baseMs`, capped at `maxMs`, jittered. */
export { DEFAULT_BACKOFF, retryDelayMs, type BackoffOptions } from './backoff.js';

/** A configured receiver and its kind (`alertmanager` or `webhook`, metric 4's `channel`). */
export type { Channel, ChannelKind } from './channel.js';

/**
 * Builds channels from `--alertmanager-url` and `--notify-webhook` URLs;
 * throws InputError `notify_url_invalid` for anything but http(s).
 */
export { createChannels, type ChannelConfig } from './channels.js';

/** Alertmanager's API as a channel; the alert's `alertname` and how a row becomes an alert. */
export {
  createAlertmanagerChannel,
  NOTIFICATION_ALERTNAME,
  toAlert,
} from './alertmanager-channel.js';

/** A JSON webhook as a channel, and the body it receives. */
export { createWebhookChannel, toWebhookBody } from './webhook-channel.js';

/**
 * What each governance event tells the committee. Ids derive from the event,
 * so announcing one twice delivers it once.
 */
export {
  criticalViolationNotice,
  investigationNotice,
  overrideRequestNotice,
  responseRequestNotice,
  revocationBreachNotice,
  type NotificationDraft,
  type ResponseRequest,
} from './notification.js';

/** Enqueues notifications inside a store transaction, one row per channel. */
export { createNotifier, type Notifier } from './notifier.js';

/**
 * Delivers due outbox rows with retries, leases and a bounded flush on stop;
 * reports each attempt to an observer (metrics 4 and 10).
 */
export {
  createDispatcher,
  type DeliveryFailure,
  type DeliveryObservation,
  type Dispatcher,
  type DispatcherOptions,
  type DispatchReport,
} from './dispatcher.js';
