import { InputError } from '../shared/errors.js';
import { createAlertmanagerChannel } from './alertmanager-channel.js';
import type { Channel, ChannelKind } from './channel.js';
import { createWebhookChannel } from './webhook-channel.js';

/** The channels `charter serve` is configured with. */
export interface ChannelConfig {
  readonly alertmanagerUrls?: readonly string[];
  readonly webhookUrls?: readonly string[];
}

/**
 * Builds the channels, named by kind and position (`alertmanager`,
 * `alertmanager-2`, `webhook`, `webhook-2` …), so a receiver that moves to
 * another URL keeps its name and its undelivered rows. A URL given twice
 * is one channel.
 *
 * @throws InputError `notify_url_invalid` for anything but an http(s) URL.
 */
export function createChannels(config: ChannelConfig): Channel[] {
  const build = (
    kind: ChannelKind,
    urls: readonly string[] = [],
    create: (name: string, url: URL) => Channel,
  ) =>
    [...new Set(urls)].map((text, index) =>
      create(index === 0 ? kind : `${kind}-${index + 1}`, parseUrl(kind, text)),
    );
  return [
    ...build('alertmanager', config.alertmanagerUrls, createAlertmanagerChannel),
    ...build('webhook', config.webhookUrls, createWebhookChannel),
  ];
}

function parseUrl(kind: ChannelKind, text: string): URL {
  let url: URL | undefined;
  try {
    url = new URL(text);
  } catch {
    url = undefined;
  }
  if (url === undefined || (url.protocol !== 'http:' && url.protocol !== 'https:')) {
    throw new InputError(
      'notify_url_invalid',
      `Cannot configure the ${kind} channel: "${text}" is not an http or https URL`,
      kind === 'alertmanager'
        ? 'Give the Alertmanager base URL, for example http://127.0.0.1:9093.'
        : 'Give the full URL the webhook receiver listens on, for example https://hooks.example/charter.',
    );
  }
  return url;
}
