import { readdirSync } from 'node:fs';
import { join } from 'node:path';

import { describe, expect, it } from 'vitest';

import { alertRules, PROMETHEUS_DIR, readYaml, RULES_FILE } from './alert-rules.js';
import { runTool } from './tools.js';

// The alert rules and their unit tests, run by the real promtool (SPEC §8).

const TESTS_DIR = join(PROMETHEUS_DIR, 'tests');

interface RuleTestFile {
  rule_files: string[];
  tests: {
    name: string;
    alert_rule_test?: { alertname: string; exp_alerts: unknown[] }[];
  }[];
}

const testFiles = readdirSync(TESTS_DIR)
  .filter((f) => f.endsWith('.yml'))
  .sort();
const parsed = testFiles.map((file) => ({
  file,
  doc: readYaml<RuleTestFile>(join(TESTS_DIR, file)),
}));

describe('promtool check', () => {
  it('accepts the rule file with its eleven rules', () => {
    const run = runTool('promtool', ['check', 'rules', RULES_FILE]);
    expect(run.code, run.output).toBe(0);
    expect(run.output).toContain('SUCCESS: 11 rules found');
  });

  it('accepts prometheus.yml and the rule files it names', () => {
    const run = runTool('promtool', ['check', 'config', 'prometheus.yml'], PROMETHEUS_DIR);
    expect(run.code, run.output).toBe(0);
    expect(run.output).toContain('SUCCESS: prometheus.yml is valid prometheus config file syntax');
    expect(run.output).toContain('SUCCESS: 11 rules found');
  });
});

describe('promtool test rules', () => {
  it('finds a test file per rule, plus the fresh-instance file', () => {
    expect(testFiles.length).toBeGreaterThanOrEqual(12);
  });

  for (const file of testFiles) {
    it(`${file} passes`, () => {
      const run = runTool('promtool', ['test', 'rules', join('tests', file)], PROMETHEUS_DIR);
      expect(run.code, run.output).toBe(0);
      expect(run.output).toContain('SUCCESS');
      expect(run.output).not.toContain('FAILED');
    });
  }
});

describe('what the promtool tests cover', () => {
  const rules = alertRules().map((r) => r.alert);
  const cases = parsed.flatMap(({ file, doc }) =>
    doc.tests.flatMap((t) => (t.alert_rule_test ?? []).map((a) => ({ file, test: t.name, ...a }))),
  );

  it('every test file loads the real rule file', () => {
    for (const { file, doc } of parsed) {
      expect(doc.rule_files, file).toEqual(['../alerts/charter-alerts.yml']);
    }
  });

  // promtool passes `exp_alerts: []` for an alert that does not exist, so a
  // misspelt name would make a "does not fire" case prove nothing.
  it('names only alerts the rule file has', () => {
    for (const c of cases) expect(rules, `${c.file}: ${c.test}`).toContain(c.alertname);
  });

  it('shows every rule firing and not firing', () => {
    for (const rule of rules) {
      const mine = cases.filter((c) => c.alertname === rule);
      expect(
        mine.some((c) => c.exp_alerts.length > 0),
        `${rule} has a firing case`,
      ).toBe(true);
      expect(
        mine.some((c) => c.exp_alerts.length === 0),
        `${rule} has a not-firing case`,
      ).toBe(true);
    }
  });

  it('a fresh healthy instance is checked against all eleven rules', () => {
    const fresh = cases.filter((c) => c.file === 'fresh-instance.yml');
    expect(fresh.every((c) => c.exp_alerts.length === 0)).toBe(true);
    expect([...new Set(fresh.map((c) => c.alertname))].sort()).toEqual([...rules].sort());
  });

  // The cases issue 5 names, each in the file of its rule; promtool above
  // proves they pass, this proves they are still there.
  const named: [string, RegExp][] = [
    ['critical-violation-detected.yml', /first critical violation of a brand-new label set/],
    ['forbidden-metric-spike.yml', /spread over many sources, each below 10 per minute/],
    ['forbidden-metric-spike.yml', /exactly 10 per minute .* does not fire/],
    ['policy-load-failure.yml', /freshly started healthy instance fires nothing/],
    ['validation-latency-sla-violation.yml', /just above the SLA/],
    ['validation-latency-sla-violation.yml', /just below the SLA/],
    ['committee-notification-latency-sla.yml', /just above the SLA/],
    ['committee-notification-latency-sla.yml', /just below the SLA/],
    ['data-revocation-sla-violation.yml', /just above the SLA/],
    ['data-revocation-sla-violation.yml', /just below the SLA/],
    ['policy-load-frequency-anomaly.yml', /per-hour window is an hour/],
    ['high-violation-investigation-rate.yml', /per-hour window is an hour/],
    ['unusual-data-revocation-activity.yml', /per-hour window is an hour/],
  ];
  for (const [file, name] of named) {
    it(`${file} has a case matching ${String(name)}`, () => {
      const doc = parsed.find((p) => p.file === file)?.doc;
      expect(doc?.tests.some((t) => name.test(t.name))).toBe(true);
    });
  }
});
