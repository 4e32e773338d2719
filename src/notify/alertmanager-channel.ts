import type { OutboxRecord } from '../store/records.js';
import { expectAccepted, type Channel } from './channel.js';

/** The alertname every committee notification carries; `kind` tells them apart. */
export const NOTIFICATION_ALERTNAME = 'CharterCommitteeNotification';

/**
 * Posts to Alertmanager's API (`POST {base}/api/v2/alerts`). Alertmanager
 * identifies an alert by its label set, so `notification_id` is a label:
 * two notifications never merge into one alert, and redelivering one (a
 * lease that expired mid-post) only refreshes it. No `endsAt`: Alertmanager
 * resolves the alert after its `resolve_timeout`.
 */
export function createAlertmanagerChannel(name: string, base: URL): Channel {
  const url = new URL('api/v2/alerts', base.href.endsWith('/') ? base : `${base.href}/`).href;
  return {
    name,
    kind: 'alertmanager',
    url,
    async deliver(row, signal) {
      const response = await fetch(url, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify([toAlert(row)]),
        signal,
      });
      await expectAccepted(response, url);
    },
  };
}

/** The Alertmanager alert for a row (API v2 `postableAlert`). */
export function toAlert(row: OutboxRecord) {
  return {
    labels: {
      ...row.labels,
      alertname: NOTIFICATION_ALERTNAME,
      severity: row.severity,
      kind: row.kind,
      component: 'charter',
      team: 'security',
      notification_id: row.notificationId,
    },
    annotations: { summary: row.summary, description: row.description },
    startsAt: new Date(row.createdAtMs).toISOString(),
  };
}
