/** The parts of alertmanager.yml the suites read. */
export interface AlertmanagerConfig {
  global: Record<string, unknown> & { smtp_auth_password_file?: string };
  route: Route;
  inhibit_rules?: InhibitRule[];
  receivers: {
    name: string;
    pagerduty_configs?: { routing_key_file?: string }[];
    slack_configs?: { api_url_file?: string; channel?: string }[];
    email_configs?: { to?: string }[];
    webhook_configs?: {
      url: string;
      http_config?: { authorization?: { credentials_file?: string } };
    }[];
  }[];
}

export interface Route {
  receiver: string;
  matchers?: string[];
  continue?: boolean;
  routes?: Route[];
}

/** An inhibit rule in either the current (`*_matchers`) or the older (`*_match*`) form. */
export interface InhibitRule {
  source_matchers?: string[];
  target_matchers?: string[];
  source_match?: Record<string, string>;
  source_match_re?: Record<string, string>;
  target_match?: Record<string, string>;
  target_match_re?: Record<string, string>;
  equal?: string[];
}

interface Matcher {
  name: string;
  op: '=' | '!=' | '=~' | '!~';
  value: string;
}

/** Parses `name="value"` (or `=~`, `!=`, `!~`; quotes optional) as Alertmanager does. */
export function parseMatcher(text: string): Matcher {
  const m = /^\s*([a-zA-Z_][a-zA-Z0-9_]*)\s*(=~|!~|!=|=)\s*(.*?)\s*$/.exec(text);
  if (m === null) throw new Error(`Cannot parse matcher "${text}"`);
  const raw = m[3]!;
  const value = raw.startsWith('"') ? (JSON.parse(raw) as string) : raw;
  return { name: m[1]!, op: m[2] as Matcher['op'], value };
}

function holds(matcher: Matcher, actual: string): boolean {
  // Alertmanager anchors every regex at both ends.
  const re = () => new RegExp(`^(?:${matcher.value})$`);
  if (matcher.op === '=') return actual === matcher.value;
  if (matcher.op === '!=') return actual !== matcher.value;
  if (matcher.op === '=~') return re().test(actual);
  return !re().test(actual);
}

/**
 * Whether the target side of an inhibit rule could match an alert whose
 * labels include `fixed`. A matcher on a label outside `fixed` is taken as
 * satisfiable, since the alert's expression may add any value there; so
 * `false` means no alert with these labels can ever be muted by the rule.
 */
export function matchersCanMatch(rule: InhibitRule, fixed: Record<string, string>): boolean {
  const matchers = [
    ...(rule.target_matchers ?? []).map(parseMatcher),
    ...Object.entries(rule.target_match ?? {}).map(([name, value]) => ({
      name,
      op: '=' as const,
      value,
    })),
    ...Object.entries(rule.target_match_re ?? {}).map(([name, value]) => ({
      name,
      op: '=~' as const,
      value,
    })),
  ];
  return matchers.every((m) => {
    const actual = fixed[m.name];
    return actual === undefined || holds(m, actual);
  });
}
