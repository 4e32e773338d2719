// Configuration files of the local stack, derived from the production ones in
// observability/ so the stack exercises the same rules, routing and templates.
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

import { parse, stringify } from 'yaml';

import type { Receivers } from './receivers.js';

interface PrometheusFile {
  global: Record<string, unknown> & { external_labels?: Record<string, string> };
  rule_files: string[];
  alerting: { alertmanagers: Record<string, unknown>[] };
  scrape_configs: (Record<string, unknown> & { job_name: string })[];
}

/**
 * The production prometheus.yml with the targets moved to the local service
 * and Alertmanager, rule files made absolute and every interval set to
 * `interval` seconds (fast enough for a test to watch a rule fire). The
 * rules, job name and external labels other than `environment` are kept.
 */
export function prometheusConfig(o: {
  root: string;
  interval: number;
  servicePort: number;
  alertmanagerPort: number;
}): string {
  const prod = join(o.root, 'observability/prometheus');
  const config = parse(readFileSync(join(prod, 'prometheus.yml'), 'utf8')) as PrometheusFile;
  const every = `${o.interval}s`;

  Object.assign(config.global, { scrape_interval: every, evaluation_interval: every });
  config.global.external_labels = { ...config.global.external_labels, environment: 'development' };
  config.rule_files = config.rule_files.map((file) => join(prod, file));
  for (const am of config.alerting.alertmanagers) {
    am.scheme = 'http';
    am.static_configs = [{ targets: [`127.0.0.1:${o.alertmanagerPort}`] }];
  }
  for (const job of config.scrape_configs) {
    job.scrape_interval = every;
    job.static_configs = [{ targets: [`127.0.0.1:${o.servicePort}`] }];
  }
  return stringify(config);
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
