import type { OutboxRecord } from '../store/records.js';

/** Where committee notifications can go; the `channel` label of metric 4. */
export type ChannelKind = 'alertmanager' | 'webhook';

/** One configured receiver. */
export interface Channel {
  /** Stable name the outbox rows carry: `alertmanager`, `alertmanager-2`, `webhook` … */
  readonly name: string;
  readonly kind: ChannelKind;
  /** Where it posts; for logs. */
  readonly url: string;
  /**
   * Delivers one row; resolves once the receiver accepted it (a 2xx).
   * Rejects on a refused connection, a non-2xx answer or when `signal` aborts.
   */
  deliver(row: OutboxRecord, signal: AbortSignal): Promise<void>;
}

/** Fails a delivery on a non-2xx answer, quoting the start of the receiver's reply. */
export async function expectAccepted(response: Response, url: string): Promise<void> {
  if (response.ok) {
    await response.body?.cancel();
    return;
  }
  const text = (await response.text().catch(() => '')).slice(0, 200).trim();
  throw new Error(`POST ${url} answered ${response.status}${text ? `: ${text}` : ''}`);
}
