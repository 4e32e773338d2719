import type { OutboxRecord } from '../store/records.js';
import { expectAccepted, type Channel } from './channel.js';

/**
 * Posts each notification as JSON to a generic webhook. The body carries
 * the notification id, also sent as `Idempotency-Key`: delivery is at least
 * once, so a receiver that must not act twice dedupes on it.
 */
export function createWebhookChannel(name: string, target: URL): Channel {
  const url = target.href;
  return {
    name,
    kind: 'webhook',
    url,
    async deliver(row, signal) {
      const response = await fetch(url, {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'idempotency-key': row.notificationId },
        body: JSON.stringify(toWebhookBody(row)),
        signal,
      });
      await expectAccepted(response, url);
    },
  };
}

/** The JSON a webhook receives (version 1). */
export function toWebhookBody(row: OutboxRecord) {
  return {
    version: 1,
    notificationId: row.notificationId,
    kind: row.kind,
    severity: row.severity,
    summary: row.summary,
    description: row.description,
    labels: row.labels,
    subject: { type: row.subjectType, id: row.subjectId },
    createdAt: new Date(row.createdAtMs).toISOString(),
  };
}
