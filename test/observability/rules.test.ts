import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

import type { Command } from 'commander';
import { describe, expect, it } from 'vitest';

import { buildDashboards, DASHBOARDS_DIR, readDashboards } from '../../scripts/dashboards/index.js';
import { createProgram } from '../../src/cli/program.js';
import {
  COMMITTEE_NOTIFICATION_LATENCY_MS_BUCKETS,
  DATA_REVOCATION_LATENCY_MS_BUCKETS,
  VALIDATION_LATENCY_NS_BUCKETS,
} from '../../src/metrics/buckets.js';
import { alertRules, ruleGroups, RUNBOOKS_DIR } from './alert-rules.js';

// Every rule carries what an on-call needs, and every link it carries leads
// somewhere real: a runbook in the repository, a dashboard uid that exists.

/** SPEC §8: the eleven rules, each with its alert severity and team. */
const SPEC_RULES: Record<string, [severity: string, team: string]> = {
  CriticalViolationDetected: ['critical', 'security'],
  ForbiddenMetricSpike: ['warning', 'security'],
  ValidationLatencySLAViolation: ['warning', 'infrastructure'],
  PolicyLoadFailure: ['critical', 'security'],
  EmergencyOverrideStayingActive: ['critical', 'security'],
  CommitteeOverloaded: ['warning', 'security'],
  CommitteeNotificationLatencySLA: ['warning', 'infrastructure'],
  DataRevocationSLAViolation: ['warning', 'infrastructure'],
  PolicyLoadFrequencyAnomaly: ['warning', 'infrastructure'],
  HighViolationInvestigationRate: ['info', 'security'],
  UnusualDataRevocationActivity: ['warning', 'security'],
};

/** The sections issue 5 asks of every runbook, in this order. */
const SECTIONS = [
  'What it means',
  'Likely causes',
  'How to check',
  'How to resolve',
  'When to escalate',
];

const rules = alertRules();
const runbook = (alert: string) => readFileSync(join(RUNBOOKS_DIR, `${alert}.md`), 'utf8');

/** `## Heading` → its body, in file order. */
function sections(markdown: string): [string, string][] {
  const parts = markdown.split(/^## /m).slice(1);
  return parts.map((p) => {
    const end = p.indexOf('\n');
    return [p.slice(0, end).trim(), p.slice(end + 1).trim()];
  });
}

describe('the rule file', () => {
  it('holds the eleven rules of SPEC §8 in one group', () => {
    expect(ruleGroups()).toHaveLength(1);
    expect(rules.map((r) => r.alert).sort()).toEqual(Object.keys(SPEC_RULES).sort());
  });

  for (const rule of rules) {
    it(`${rule.alert} has component, severity, team, summary, description and links`, () => {
      const [severity, team] = SPEC_RULES[rule.alert]!;
      expect(rule.labels).toEqual({ component: 'charter', severity, team });
      expect(rule.annotations.summary?.length).toBeGreaterThan(10);
      expect(rule.annotations.description?.length).toBeGreaterThan(
        rule.annotations.summary!.length,
      );
      expect(rule.annotations.runbook_url).toBe(`${RUNBOOKS_DIR}/${rule.alert}.md`);
      expect(existsSync(rule.annotations.runbook_url!)).toBe(true);
      expect(rule.annotations.dashboard).toMatch(/^\/d\/[a-z0-9-]+$/);
    });
  }

  it('links only dashboard uids that the generator builds and the repository holds', () => {
    const generated = [...buildDashboards().values()].map((d) => d.uid);
    const committed = readDashboards(DASHBOARDS_DIR).map((d) => d.uid);
    for (const rule of rules) {
      const uid = rule.annotations.dashboard!.slice('/d/'.length);
      expect(generated, rule.alert).toContain(uid);
      expect(committed, rule.alert).toContain(uid);
    }
  });

  // A histogram can only tell "just above" from "just below" a bound it has.
  it('puts every latency threshold on a bucket bound of its histogram', () => {
    const buckets: Record<string, readonly number[]> = {
      westworld_charter_metric_validation_latency_ns: VALIDATION_LATENCY_NS_BUCKETS,
      westworld_charter_committee_notification_latency_ms:
        COMMITTEE_NOTIFICATION_LATENCY_MS_BUCKETS,
      westworld_charter_data_revocation_latency_ms: DATA_REVOCATION_LATENCY_MS_BUCKETS,
    };
    const quantileRules = rules.filter((r) => r.expr.includes('histogram_quantile'));
    expect(quantileRules).toHaveLength(3);
    for (const rule of quantileRules) {
      const histogram = /(westworld_charter_[a-z_]+)_bucket/.exec(rule.expr)![1]!;
      const threshold = Number(/\)\s*>\s*(\d+)\s*$/.exec(rule.expr.trim())![1]);
      expect(buckets[histogram], rule.alert).toContain(threshold);
    }
  });
});

describe('runbooks', () => {
  it('exist one per rule, and no other (besides the index)', () => {
    const files = readdirSync(RUNBOOKS_DIR).filter((f) => f !== 'README.md');
    expect(files.sort()).toEqual(rules.map((r) => `${r.alert}.md`).sort());
  });

  for (const rule of rules) {
    it(`${rule.alert}.md has the five sections, with queries and commands to check`, () => {
      const text = runbook(rule.alert);
      expect(text.startsWith(`# ${rule.alert}\n`)).toBe(true);
      const found = sections(text);
      expect(found.map(([h]) => h)).toEqual(SECTIONS);
      for (const [heading, body] of found) expect(body.length, heading).toBeGreaterThan(40);

      const check = found.find(([h]) => h === 'How to check')![1];
      expect(check).toContain('```promql');
      expect(check).toMatch(/```sh\n(?:.*\n)*?charter /);
      const [severity, team] = SPEC_RULES[rule.alert]!;
      expect(text).toContain(`**Severity:** ${severity} · **Team:** ${team}`);
      expect(text).toContain(`](${rule.annotations.dashboard})`);
    });
  }

  // The thresholds of the two "more than normal" rules are the runbook's stated normal.
  for (const alert of ['HighViolationInvestigationRate', 'UnusualDataRevocationActivity']) {
    it(`${alert}.md states the normal per hour its rule uses`, () => {
      const rule = rules.find((r) => r.alert === alert)!;
      const normal = /\)\s*>\s*(\d+)\s*$/.exec(rule.expr.trim())![1];
      expect(runbook(alert)).toMatch(new RegExp(`\\b${normal} (?:\\w+ )*per hour`));
    });
  }

  it('name only `charter` commands and options the CLI has', () => {
    const program = createProgram({ out: () => undefined, err: () => undefined }, () => undefined);
    // Commands are the lines of sh blocks and the code spans that start with `charter `.
    const commandsOf = (text: string) => [
      ...[...text.matchAll(/```sh\n([\s\S]*?)```/g)].flatMap((b) =>
        b[1]!.split('\n').filter((l) => l.startsWith('charter ')),
      ),
      ...[...text.matchAll(/`(charter [^`]+)`/g)].map((m) => m[1]!),
    ];
    const lines = rules.flatMap((r) =>
      commandsOf(runbook(r.alert)).map((l) => ({
        alert: r.alert,
        line: l
          .replace(/^charter /, '')
          .replace(/#.*$/, '')
          .trim(),
      })),
    );
    expect(lines.length).toBeGreaterThan(20);
    for (const { alert, line } of lines) {
      let command: Command = program;
      const words = line.split(/\s+/);
      for (const word of words) {
        const sub = command.commands.find((c) => c.name() === word);
        if (sub === undefined) break;
        command = sub;
      }
      const where = `${alert}.md: "charter ${line}"`;
      expect(command, `${where} names a command`).not.toBe(program);
      expect(command.commands, `${where} names a leaf command`).toHaveLength(0);
      const known = new Set(command.options.flatMap((o) => [o.long, o.short]));
      for (const flag of words.filter((w) => /^--?[a-z]/.test(w))) {
        expect(known.has(flag), `${where}: ${flag}`).toBe(true);
      }
    }
  });
});
