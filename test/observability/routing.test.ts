import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

import { describe, expect, it } from 'vitest';

import { NOTIFICATION_ALERTNAME, toAlert } from '../../src/notify/index.js';
import type { AlertSeverity, NotificationKind, OutboxRecord } from '../../src/store/records.js';
import { ALERTMANAGER_DIR, alertLabels, alertRules, readYaml } from './alert-rules.js';
import { matchersCanMatch, type AlertmanagerConfig } from './alertmanager-config.js';
import { runTool } from './tools.js';

// The Alertmanager configuration, checked and routed by the real amtool for
// every rule's labels as charter-alerts.yml writes them (SPEC §8).

const CONFIG = 'alertmanager.yml';
const config = readYaml<AlertmanagerConfig>(join(ALERTMANAGER_DIR, CONFIG));

/**
 * Receivers in the order the routing tree visits its children, as amtool
 * prints them; the root's receiver gets what no child takes.
 */
const treeOrder = [...(config.route.routes ?? []).map((r) => r.receiver), config.route.receiver];

/**
 * Where SPEC §8 sends an alert: the service's own intake always; PagerDuty
 * for critical; the security or the SRE Slack channel for critical and
 * warning, by team; the audit committee's mailbox for everything security.
 */
function intendedReceivers(labels: Record<string, string>): string[] {
  const { severity, team } = labels;
  const wanted = new Set(['charter-intake']);
  if (severity === 'critical') wanted.add('pagerduty-critical');
  if (severity === 'critical' || severity === 'warning') {
    wanted.add(team === 'security' ? 'slack-security' : 'slack-sre');
  }
  if (team === 'security') wanted.add('audit-committee-email');
  return [...wanted].sort((a, b) => treeOrder.indexOf(a) - treeOrder.indexOf(b));
}

function routesTest(labels: Record<string, string>, verify?: string[]) {
  const args = ['config', 'routes', 'test', `--config.file=${CONFIG}`];
  if (verify !== undefined) args.push(`--verify.receivers=${verify.join(',')}`);
  args.push(...Object.entries(labels).map(([k, v]) => `${k}=${v}`));
  const run = runTool('amtool', args, ALERTMANAGER_DIR);
  const receivers = (run.stdout.trim().split('\n')[0] ?? '').split(',');
  return { run, receivers };
}

/** Labels the expressions add, so routing sees an alert as Alertmanager will. */
const RUNTIME_LABELS = {
  node_or_service: 'node-7',
  violation_type: 'silent_collection',
  penalty: 'permanent_ban',
  instance: 'charter-1:8000',
  job: 'charter',
};

describe('amtool check-config', () => {
  it('accepts alertmanager.yml with its templates and five receivers', () => {
    const run = runTool('amtool', ['check-config', CONFIG], ALERTMANAGER_DIR);
    expect(run.code, run.output).toBe(0);
    expect(run.output).toContain('SUCCESS');
    expect(run.output).toContain(' - 5 receivers');
    expect(run.output).toContain(' - 1 templates');
  });
});

describe('amtool config routes test, for every rule', () => {
  for (const rule of alertRules()) {
    it(`${rule.alert} (${rule.labels.severity}/${rule.labels.team}) reaches its receivers`, () => {
      const labels = alertLabels(rule, RUNTIME_LABELS);
      const wanted = intendedReceivers(labels);
      const { run, receivers } = routesTest(labels, wanted);
      expect(receivers).toEqual(wanted);
      expect(run.code, run.output).toBe(0);
    });
  }

  it('sends CriticalViolationDetected to PagerDuty, the committee, Slack and the intake', () => {
    const rule = alertRules().find((r) => r.alert === 'CriticalViolationDetected')!;
    const { receivers } = routesTest(alertLabels(rule, RUNTIME_LABELS));
    expect(receivers.sort()).toEqual(
      ['audit-committee-email', 'charter-intake', 'pagerduty-critical', 'slack-security'].sort(),
    );
  });

  it('pages only for critical rules, and posts each warning to exactly one Slack channel', () => {
    for (const rule of alertRules()) {
      const { receivers } = routesTest(alertLabels(rule, RUNTIME_LABELS));
      const paged = receivers.includes('pagerduty-critical');
      expect(paged, rule.alert).toBe(rule.labels.severity === 'critical');
      const slack = receivers.filter((r) => r.startsWith('slack-'));
      if (rule.labels.severity === 'warning') expect(slack, rule.alert).toHaveLength(1);
      if (rule.labels.severity === 'info') expect(slack, rule.alert).toEqual([]);
    }
  });

  // The verification itself must be able to fail, or the cases above prove nothing.
  it('amtool rejects a wrong expectation', () => {
    const rule = alertRules().find((r) => r.alert === 'ValidationLatencySLAViolation')!;
    const { run } = routesTest(alertLabels(rule, RUNTIME_LABELS), ['pagerduty-critical']);
    expect(run.code).not.toBe(0);
    expect(run.output).toContain('Expected receivers did not match');
  });
});

describe("the service's committee notifications", () => {
  const kinds: [NotificationKind, AlertSeverity][] = [
    ['critical_violation', 'critical'],
    ['investigation_opened', 'critical'],
    ['investigation_opened', 'warning'],
    ['override_requested', 'warning'],
    ['revocation_breach', 'warning'],
    ['response_requested', 'critical'],
  ];
  for (const [kind, severity] of kinds) {
    it(`${kind} (${severity}) reaches the audit committee's mailbox`, () => {
      const row: OutboxRecord = {
        id: '1',
        notificationId: `${kind}:1`,
        channel: 'alertmanager',
        kind,
        severity,
        summary: 's',
        description: 'd',
        labels: { node_or_service: 'node-7', violation_type: 'silent_collection' },
        subjectType: 'violation',
        subjectId: '1',
        createdAtMs: 0,
        attempts: 0,
        nextAttemptAtMs: 0,
        leaseOwner: null,
        leaseUntilMs: null,
        lastError: null,
        deliveredAtMs: null,
      };
      const labels = toAlert(row).labels;
      expect(labels.alertname).toBe(NOTIFICATION_ALERTNAME);
      const wanted = intendedReceivers(labels);
      expect(wanted).toContain('audit-committee-email');
      const { run, receivers } = routesTest(labels, wanted);
      expect(receivers).toEqual(wanted);
      expect(run.code, run.output).toBe(0);
    });
  }
});

describe('inhibit rules', () => {
  const critical = alertRules().find((r) => r.alert === 'CriticalViolationDetected')!;

  it('none can mute CriticalViolationDetected, whatever labels the expression adds', () => {
    const fixed = alertLabels(critical);
    for (const [i, rule] of (config.inhibit_rules ?? []).entries()) {
      const can = matchersCanMatch(rule, fixed);
      expect(can, `inhibit_rules[${i}] can target CriticalViolationDetected`).toBe(false);
    }
  });

  it('the check catches a rule that would mute it', () => {
    const fixed = alertLabels(critical);
    expect(matchersCanMatch({ target_matchers: ['severity="critical"'] }, fixed)).toBe(true);
    expect(matchersCanMatch({ target_match_re: { alertname: 'Critical.*' } }, fixed)).toBe(true);
    expect(matchersCanMatch({ target_matchers: ['node_or_service="node-7"'] }, fixed)).toBe(true);
    expect(matchersCanMatch({}, fixed)).toBe(true);
  });
});

describe('secrets', () => {
  const files = [
    join(ALERTMANAGER_DIR, CONFIG),
    ...readdirSync(join(ALERTMANAGER_DIR, 'templates')).map((f) =>
      join(ALERTMANAGER_DIR, 'templates', f),
    ),
  ];

  it('no file relies on ${VAR} expansion, which Alertmanager does not do', () => {
    for (const file of files)
      expect(readFileSync(file, 'utf8'), file).not.toMatch(/\$\{[^}]*\}|\$[A-Z][A-Z0-9_]*\b/);
  });

  it('every secret is read from a file, never written inline', () => {
    const text = readFileSync(join(ALERTMANAGER_DIR, CONFIG), 'utf8');
    const inline =
      /^\s*(?:smtp_auth_password|smtp_auth_secret|routing_key|service_key|api_url|api_key|credentials|bearer_token|password):/m;
    expect(text).not.toMatch(inline);

    const r = (name: string) => config.receivers.find((x) => x.name === name)!;
    expect(config.global.smtp_auth_password_file).toMatch(/^\/etc\/alertmanager\/secrets\//);
    expect(r('pagerduty-critical').pagerduty_configs?.[0]?.routing_key_file).toBeDefined();
    for (const name of ['slack-security', 'slack-sre']) {
      expect(r(name).slack_configs?.[0]?.api_url_file, name).toBeDefined();
    }
    const intake = r('charter-intake').webhook_configs?.[0]?.http_config?.authorization;
    expect(intake?.credentials_file).toBeDefined();
  });
});
