import { readFileSync } from 'node:fs';

import { parse } from 'yaml';

/** Where the alert rules and their promtool tests live, relative to the repository root. */
export const PROMETHEUS_DIR = 'observability/prometheus';
export const RULES_FILE = `${PROMETHEUS_DIR}/alerts/charter-alerts.yml`;
export const ALERTMANAGER_DIR = 'observability/alertmanager';
export const RUNBOOKS_DIR = 'observability/runbooks';

/** One alerting rule as charter-alerts.yml writes it. */
export interface AlertRule {
  alert: string;
  expr: string;
  for?: string;
  labels: Record<string, string>;
  annotations: Record<string, string>;
}

interface RuleFile {
  groups: { name: string; rules: AlertRule[] }[];
}

/** Reads a YAML file relative to the repository root (the vitest working directory). */
export function readYaml<T>(path: string): T {
  return parse(readFileSync(path, 'utf8')) as T;
}

/** The groups of charter-alerts.yml, read from the file, never retyped. */
export function ruleGroups(): RuleFile['groups'] {
  return readYaml<RuleFile>(RULES_FILE).groups;
}

/** Every alerting rule of charter-alerts.yml, in file order. */
export function alertRules(): AlertRule[] {
  return ruleGroups().flatMap((g) => g.rules);
}

/**
 * The labels Alertmanager sees on an alert of `rule`: the rule's own, its
 * name, and Prometheus's external labels. Labels the expression adds
 * (`node_or_service`, `violation_type`, `instance`…) come from `extra`.
 */
export function alertLabels(
  rule: AlertRule,
  extra: Record<string, string> = {},
): Record<string, string> {
  const prometheus = readYaml<{ global: { external_labels?: Record<string, string> } }>(
    `${PROMETHEUS_DIR}/prometheus.yml`,
  );
  return {
    ...prometheus.global.external_labels,
    ...extra,
    ...rule.labels,
    alertname: rule.alert,
  };
}
