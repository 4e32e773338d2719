import { readdirSync, readFileSync } from 'node:fs';

import { describe, expect, it } from 'vitest';

import { CharterLoadError } from '../shared/errors.js';
import { parseCharter } from './load.js';

const BROKEN = 'test/fixtures/charters/broken';
const MINIMAL = 'test/fixtures/charters/minimal.yaml';
const read = (file: string): string =>
  readFileSync(new URL(`../../${file}`, import.meta.url), 'utf8');

/** What parseCharter() throws for `text`; fails the test when it does not throw. */
function loadError(text: string, file = 'charter.yaml'): CharterLoadError {
  try {
    parseCharter(text, file);
  } catch (error) {
    if (error instanceof CharterLoadError) return error;
    throw error;
  }
  throw new Error(`${file} loaded, expected a CharterLoadError`);
}

/** The minimal valid charter with `from` replaced by `to` (exactly once). */
function minimalWith(...edits: [from: string, to: string][]): string {
  let text = read(MINIMAL);
  for (const [from, to] of edits) {
    expect(text.split(from)).toHaveLength(2);
    text = text.replace(from, to);
  }
  return text;
}

// Each fixture holds one defect; the message after `FILE:` is asserted whole.
const BROKEN_CASES: [fixture: string, message: string][] = [
  [
    'allowed-and-forbidden',
    '28:13: metrics.allowed[2].name is "user_location", which metrics.forbidden[0].name ("user_location") forbids, expected a metric that is not forbidden',
  ],
  [
    'allowed-matched-by-forbidden-glob',
    '28:13: metrics.allowed[2].name is "GPS-Latitude", which metrics.forbidden[1].pattern ("gps_*") forbids, expected a metric that is not forbidden',
  ],
  [
    'bad-date',
    '9:19: charter.effective_date is "2025-02-30", expected a real calendar date as YYYY-MM-DD',
  ],
  [
    'bad-semver',
    '6:12: charter.version is a number (1.4), expected a semantic version such as 1.4.0',
  ],
  [
    'bad-severity',
    '35:17: metrics.forbidden[1].severity is "high", expected one of warning, suspension, ban_1year, permanent_ban, criminal_referral',
  ],
  [
    'bad-status',
    '8:11: charter.status is "live", expected one of active, pending, suspended, deprecated',
  ],
  [
    'duplicate-allowed',
    '28:13: metrics.allowed[2].name is "latency_p50", the same metric as metrics.allowed[0].name, expected each metric listed once',
  ],
  [
    'duplicate-forbidden-folded',
    '37:13: metrics.forbidden[2].name is "User-Location", the same metric as metrics.forbidden[0].name ("user_location"), expected each metric listed once',
  ],
  [
    'duplicate-key',
    '7:3: charter.version is given twice (first on line 6), expected each key once',
  ],
  [
    'duplicate-member',
    '62:11: committee.members[1].id is "ada", the same member id as committee.members[0].id, expected each member id listed once',
  ],
  [
    'duplicate-reason',
    '68:60: emergency_override.allowed_reasons[2] is "active-security-incident", the same reason as emergency_override.allowed_reasons[0] ("active_security_incident"), expected each reason listed once',
  ],
  [
    'duplicate-response-level',
    '51:14: violations.response_levels[1].level is 1, the same level as violations.response_levels[0].level, expected each level listed once',
  ],
  [
    'empty-principles',
    '12:15: charter.principles is an empty list, expected a list of at least 1 item',
  ],
  [
    'empty',
    '1:1: the document is empty, expected a mapping with keys schema_version, charter, metrics, labels, violations, access, committee, emergency_override, revocation, audit',
  ],
  [
    'forbidden-label-on-allowed',
    '22:22: metrics.allowed[0].labels[1] is "user_id", which labels.forbidden[0].name ("user_id") forbids, expected a label that is not forbidden',
  ],
  [
    'forbidden-matched-by-allowed-glob',
    '28:16: metrics.allowed[2].pattern is "user_*", which also allows metrics.forbidden[0].name ("user_location") that is forbidden, expected a pattern that matches no forbidden metric',
  ],
  [
    'missing-section',
    '2:1: audit is missing, expected a mapping with keys signing_algorithm, retention_years',
  ],
  [
    'name-and-pattern',
    '24:16: metrics.allowed[1].pattern is set together with name, expected exactly one of name or pattern',
  ],
  [
    'neither-name-nor-pattern',
    '23:7: metrics.allowed[1] has neither name nor pattern, expected exactly one of name or pattern',
  ],
  [
    'object-for-array',
    '11:16: charter.approved_by is a mapping, expected a list of at least 1 item',
  ],
  ['quorum-0', '66:19: emergency_override.quorum_percent is 0, expected an integer from 1 to 100'],
  ['quorum-150', '57:19: committee.quorum_percent is 150, expected an integer from 1 to 100'],
  ['schema-version-2', '2:17: schema_version is 2, expected 1'],
  [
    'status-deprecated',
    '8:11: charter.status is "deprecated", expected active or pending (a deprecated charter is refused; only active or pending charters are loaded)',
  ],
  [
    'status-suspended',
    '8:11: charter.status is "suspended", expected active or pending (a suspended charter is refused; only active or pending charters are loaded)',
  ],
  ['string-for-boolean', '54:12: access.public.write is a string ("yes"), expected a boolean'],
  [
    'string-for-integer',
    '57:19: committee.quorum_percent is a string ("66"), expected an integer from 1 to 100',
  ],
  [
    'suspend-before-violation',
    '45:20: violations.escalation.suspend_after is 2, expected an integer of at least violation_after (3)',
  ],
  [
    'unknown-nested-key',
    '26:7: metrics.allowed[1].retention_day is an unknown key, expected one of name, pattern, category, access_level, retention_days, purpose, labels',
  ],
  [
    'unknown-top-key',
    '3:1: telemetry is an unknown key, expected one of schema_version, charter, metrics, labels, violations, access, committee, emergency_override, revocation, audit',
  ],
  ['yaml-syntax', '5:9: invalid YAML: Missing closing "quote'],
];

describe('parseCharter() refuses a broken charter with file:line:column, path and what is accepted', () => {
  it.each(BROKEN_CASES)('%s', (fixture, message) => {
    const file = `${BROKEN}/${fixture}.yaml`;
    const error = loadError(read(file), file);
    expect(error.message).toBe(`${file}:${message}`);
    expect(error.code).toBe('charter_invalid');
    expect(error.hint).toBeTruthy();
  });

  it('has a case for every fixture in the broken directory', () => {
    const fixtures = readdirSync(new URL(`../../${BROKEN}`, import.meta.url))
      .map((f) => f.replace(/\.yaml$/, ''))
      .sort();
    expect(BROKEN_CASES.map(([fixture]) => fixture).sort()).toEqual(fixtures);
  });
});

describe('parseCharter() error details', () => {
  it('carries the path, position and accepted values as fields', () => {
    const error = loadError(minimalWith(['severity: ban_1year', 'severity: high']), 'prod.yaml');
    expect(error.file).toBe('prod.yaml');
    expect(error.path).toBe('labels.forbidden[0].severity');
    expect(error.position).toEqual({ line: 40, column: 17 });
    expect(error.hint).toBe(
      'one of warning, suspension, ban_1year, permanent_ban, criminal_referral',
    );
  });

  it('reports the first of several problems in document order', () => {
    const text = minimalWith(
      ['  quorum_percent: 66\n  members:', '  quorum_percent: 150\n  members:'],
      [
        '      severity: permanent_ban\n      reason: Locates a person.\nlabels',
        '      severity: high\n      reason: Locates a person.\nlabels',
      ],
    );
    expect(loadError(text).path).toBe('metrics.forbidden[1].severity');
  });

  it('reports the first consistency problem in document order, whatever check finds it', () => {
    const text = minimalWith(
      ['    suspend_after: 5\n', '    suspend_after: 2\n'],
      ['  status: active\n', '  status: suspended\n'],
    );
    expect(loadError(text).path).toBe('charter.status');
  });

  it('checks the shape before consistency', () => {
    const text = minimalWith(
      ['  status: active\n', '  status: suspended\n'],
      ['  retention_years: 7\n', '  retention_years: seven\n'],
    );
    expect(loadError(text).path).toBe('audit.retention_years');
  });

  it('reports an unknown key in preference to the key it misspells', () => {
    const error = loadError(minimalWith(['  enabled: true\n', '  enabeld: true\n']));
    expect(error.path).toBe('emergency_override.enabeld');
  });

  it('says what an unquoted number looks like as written', () => {
    const error = loadError(minimalWith(['  version: 1.0.0\n', '  version: 1.0\n']));
    expect(error.message).toBe(
      'charter.yaml:6:12: charter.version is a number (1.0), expected a semantic version such as 1.4.0',
    );
  });

  it('refuses a file with two YAML documents', () => {
    const error = loadError(`${read(MINIMAL)}---\nschema_version: 1\n`);
    expect(error.message).toMatch(
      /^charter\.yaml:75:1: invalid YAML: Source contains multiple documents/,
    );
  });
});

describe('parseCharter() and YAML aliases', () => {
  it('follows an alias to a valid value', () => {
    const text = minimalWith(
      ['    read: [public]\n', '    read: &public-only [public]\n'],
      [
        '    rate_limit_per_minute: 60\n',
        '    rate_limit_per_minute: 60\n  node_operator:\n    read: *public-only\n    write: true\n    rate_limit_per_minute: 600\n',
      ],
    );
    expect(parseCharter(text, 'charter.yaml').access.node_operator?.read).toEqual(['public']);
  });

  it('refuses an alias to an anchor that does not exist', () => {
    const error = loadError(minimalWith(['    read: [public]\n', '    read: *nowhere\n']));
    expect(error.message).toBe(
      'charter.yaml:53:11: access.public.read is an alias *nowhere that no earlier anchor defines, expected a list',
    );
  });

  it('refuses more than 100 alias expansions, so nested aliases cannot explode', () => {
    const rule = (i: number) =>
      `    - { name: m${i}, category: network, access_level: public, retention_days: 1, purpose: p, labels: *l }\n`;
    const text = minimalWith(
      ['      labels: [node]\n', '      labels: &l [node]\n'],
      [
        '  forbidden:\n    - name: user_location',
        `${Array.from({ length: 101 }, (_, i) => rule(i)).join('')}  forbidden:\n    - name: user_location`,
      ],
    );
    const error = loadError(text);
    expect(error.path).toBe('metrics.allowed[102].labels');
    expect(error.message).toMatch(
      /is alias expansion number 101, expected at most 100 in a charter$/,
    );
  });
});
