import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { afterAll, describe, expect, it } from 'vitest';

import { ALERTMANAGER_DIR, alertLabels, alertRules, type AlertRule } from './alert-rules.js';
import { runTool } from './tools.js';

// What every channel says, rendered by amtool from the real templates with
// each rule's labels and annotations: severity, violation type, source,
// summary, runbook and dashboard (issue 5, Routing).

const dir = mkdtempSync(join(tmpdir(), 'charter-templates-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** Alertmanager's template data for one firing alert of `rule`. */
function templateData(rule: AlertRule, extra: Record<string, string>) {
  const labels = alertLabels(rule, extra);
  const alert = {
    status: 'firing',
    labels,
    annotations: rule.annotations,
    startsAt: '2026-01-01T00:00:00Z',
    endsAt: '0001-01-01T00:00:00Z',
    generatorURL: 'http://prometheus:9090/graph',
    fingerprint: '0000000000000001',
  };
  return {
    receiver: 'test',
    status: 'firing',
    alerts: [alert],
    groupLabels: { alertname: rule.alert },
    commonLabels: labels,
    commonAnnotations: rule.annotations,
    externalURL: 'http://alertmanager:9093',
  };
}

function render(text: string, data: unknown, type: 'text' | 'html' = 'text'): string {
  const file = join(dir, 'data.json');
  writeFileSync(file, JSON.stringify(data));
  const run = runTool('amtool', [
    'template',
    'render',
    `--template.glob=${join(ALERTMANAGER_DIR, 'templates', '*.tmpl')}`,
    `--template.text=${text}`,
    `--template.type=${type}`,
    `--template.data=${file}`,
  ]);
  expect(run.code, run.output).toBe(0);
  return run.stdout;
}

const VIOLATION = { node_or_service: 'node-7', violation_type: 'silent_collection' };

describe('alert messages', () => {
  for (const rule of alertRules()) {
    it(`${rule.alert}: Slack, e-mail and PagerDuty carry what the on-call needs`, () => {
      const data = templateData(rule, { ...VIOLATION, instance: 'charter-1:8000' });
      const text = render('{{ template "charter.text" . }}', data);
      const html = render('{{ template "charter.email.html" . }}', data, 'html');
      const title = render('{{ template "charter.title" . }}', data);

      for (const body of [text, html]) {
        expect(body).toContain(rule.labels.severity);
        expect(body).toContain('silent_collection');
        expect(body).toContain('node-7');
        expect(body).toContain(rule.annotations.runbook_url);
        expect(body).toContain(rule.annotations.dashboard);
      }
      expect(text).toContain(`summary: ${rule.annotations.summary}`);
      expect(title).toContain(`[FIRING:1] ${rule.alert} (${rule.labels.severity})`);
      expect(title).toContain('source=node-7');
    });
  }

  it('an alert without a source or type names its instance and says n/a', () => {
    const rule = alertRules().find((r) => r.alert === 'PolicyLoadFailure')!;
    const text = render('{{ template "charter.text" . }}', templateData(rule, { instance: 'i-1' }));
    expect(text).toContain('violation_type: n/a');
    expect(text).toContain('source: i-1');
  });

  it('PagerDuty details and severity come from the alert', () => {
    const rule = alertRules().find((r) => r.alert === 'CriticalViolationDetected')!;
    const data = templateData(rule, VIOLATION);
    const out = render(
      '{{ template "charter.pagerduty.severity" . }}|{{ template "charter.violation_type" . }}|{{ template "charter.source" . }}|{{ template "charter.runbook" . }}|{{ template "charter.dashboard" . }}',
      data,
    );
    expect(out.trim()).toBe(
      'critical|silent_collection|node-7|observability/runbooks/CriticalViolationDetected.md|/d/violations-threats',
    );
  });
});
