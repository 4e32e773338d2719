// Configuration files of the local stack, derived from the production ones in
// observability/ so the stack exercises the same rules, routing and templates.
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

import { parse, stringify } from 'yaml';

import type { Receivers } from './receivers.js';

/** Prometheus scraping the service and alerting through the local Alertmanager. */
export function prometheusConfig(o: {
  root: string;
  interval: number;
  servicePort: number;
  alertmanagerPort: number;
}): string {
  const every = `${o.interval}s`;
  return stringify({
    global: {
      scrape_interval: every,
      evaluation_interval: every,
      external_labels: { environment: 'development' },
    },
    rule_files: [join(o.root, 'observability/prometheus/alerts/charter-alerts.yml')],
    alerting: {
      alertmanagers: [{ static_configs: [{ targets: [`127.0.0.1:${o.alertmanagerPort}`] }] }],
    },
    scrape_configs: [
      {
        job_name: 'charter',
        metrics_path: '/metrics',
        static_configs: [{ targets: [`127.0.0.1:${o.servicePort}`] }],
      },
    ],
  });
}

interface Receiver {
  name: string;
  pagerduty_configs?: Record<string, unknown>[];
  slack_configs?: Record<string, unknown>[];
  email_configs?: Record<string, unknown>[];
  webhook_configs?: Record<string, unknown>[];
}

/**
 * The production Alertmanager configuration with every endpoint moved to the
 * local receivers and every secret written to a file under `secretsDir` (mode
 * 0600), exactly as production reads them. The charter intake also copies each
 * delivery to the local webhook receiver, so tests can read what was sent.
 * Timings are shortened; the routing tree and templates are unchanged.
 */
export function alertmanagerConfig(o: {
  root: string;
  secretsDir: string;
  service: string;
  receivers: Receivers;
  intakeToken: string;
}): string {
  const prod = join(o.root, 'observability/alertmanager');
  const config = parse(readFileSync(join(prod, 'alertmanager.yml'), 'utf8')) as Record<
    string,
    unknown
  >;
  const secret = (name: string, value: string) => {
    const path = join(o.secretsDir, name);
    writeFileSync(path, value, { mode: 0o600 });
    return path;
  };
  const slackUrls: Record<string, string> = {
    'slack-security': o.receivers.slackSecurity.url,
    'slack-sre': o.receivers.slackSre.url,
  };

  const global = config.global as Record<string, unknown>;
  global.smtp_smarthost = o.receivers.smtp.smarthost;
  global.smtp_require_tls = false;
  global.smtp_auth_password_file = secret('smtp-password', 'local-smtp-password');
  config.templates = [join(prod, 'templates/*.tmpl')];

  const route = config.route as Record<string, unknown>;
  Object.assign(route, { group_wait: '1s', group_interval: '2s', repeat_interval: '1h' });

  for (const r of config.receivers as Receiver[]) {
    for (const c of r.pagerduty_configs ?? []) {
      c.routing_key_file = secret('pagerduty-routing-key', 'local0routing0key0000000000000000');
      c.url = o.receivers.pagerduty.url;
    }
    for (const c of r.slack_configs ?? []) {
      const url = slackUrls[r.name];
      if (url === undefined) throw new Error(`No local Slack receiver for "${r.name}"`);
      c.api_url_file = secret(`${r.name}-webhook-url`, url);
    }
    if (r.webhook_configs !== undefined) {
      const token = secret('charter-intake-token', o.intakeToken);
      const intake = r.webhook_configs.map((c) => {
        const path = new URL(String(c.url)).pathname;
        const http = { authorization: { type: 'Bearer', credentials_file: token } };
        return { ...c, url: `${o.service}${path}`, http_config: http };
      });
      const copies = intake.map((c) => ({ ...c, url: o.receivers.webhook.url }));
      r.webhook_configs = [...intake, ...copies];
    }
  }
  return stringify(config);
}
