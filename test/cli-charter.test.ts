import { describe, expect, it } from 'vitest';

import { charter } from './cli-helpers.js';

const DEV = 'charters/development.yaml';
const PROD = 'charters/production.yaml';

describe('charter charter validate', () => {
  it('prints one summary line per valid file and exits 0', async () => {
    const run = await charter('charter', 'validate', DEV, PROD);
    expect(run.code).toBe(0);
    expect(run.out.trim().split('\n')).toEqual([
      'charters/development.yaml: valid, anti-delos-development 1.1.0-dev.1 (development, active): 13 allowed, 6 forbidden, 6 forbidden labels',
      'charters/production.yaml: valid, anti-delos-production 1.1.0 (production, pending): 13 allowed, 6 forbidden, 6 forbidden labels',
    ]);
  });

  it('prints the file:line:column error with its hint and exits 1 for a broken file', async () => {
    const file = 'test/fixtures/charters/broken/bad-severity.yaml';
    const run = await charter('charter', 'validate', DEV, file);
    expect(run.code).toBe(1);
    expect(run.out).toContain(
      `${file}:35:17: metrics.forbidden[1].severity is "high", expected one of warning, suspension, ban_1year, permanent_ban, criminal_referral`,
    );
    expect(run.out).toContain('hint: one of warning, suspension');
  });

  it('reports a missing file as an invalid charter, not a crash', async () => {
    const run = await charter('charter', 'validate', 'charters/nope.yaml', '--output', 'json');
    expect(run.code).toBe(1);
    const [result] = JSON.parse(run.out) as { valid: boolean; error: string; code: string }[];
    expect(result).toMatchObject({ valid: false, code: 'charter_invalid' });
    expect(result?.error).toBe('charters/nope.yaml: cannot be read (ENOENT)');
  });
});

describe('charter check', () => {
  const check = async (...args: string[]) => {
    const run = await charter('check', ...args, '--output', 'json');
    return { code: run.code, decision: JSON.parse(run.out) as Record<string, unknown> };
  };

  it.each([
    [
      'User-Location',
      [],
      DEV,
      1,
      {
        effect: 'deny',
        reason: 'forbidden_metric',
        rule: 'user_location',
        severity: 'permanent_ban',
      },
    ],
    [
      'user.location',
      [],
      DEV,
      1,
      { effect: 'deny', reason: 'forbidden_metric', rule: 'user_location' },
    ],
    ['user_location_v2', [], DEV, 1, { effect: 'deny', reason: 'not_allowed', rule: null }],
    [
      'latency_p50',
      [],
      DEV,
      0,
      { effect: 'allow', reason: 'allowed', rule: 'latency_p50', severity: null },
    ],
    [
      'latency_p50',
      ['--label', 'user_id=u1'],
      DEV,
      1,
      { effect: 'deny', reason: 'forbidden_label', rule: 'label:user_id' },
    ],
    ['latency_p50', ['--value', 'fast'], DEV, 1, { effect: 'deny', reason: 'malformed' }],
    [
      'latency_p50',
      ['--source', 'node-7', '--value', '12.5', '--timestamp', '2026-01-01T01:00:00+01:00'],
      DEV,
      0,
      { effect: 'allow', reason: 'allowed', rule: 'latency_p50' },
    ],
    [
      'latency_p50',
      ['--timestamp', '2026-01-01T01:00:00'],
      DEV,
      1,
      { effect: 'deny', reason: 'malformed', rule: null },
    ],
    ['user_location', [], PROD, 0, { effect: 'allow', reason: 'forbidden_metric', dryRun: true }],
  ] as const)('%s %j under %s exits %i with %j', async (name, extra, file, code, expected) => {
    const result = await check(name, ...extra, '--charter', file);
    expect(result.code).toBe(code);
    expect(result.decision).toMatchObject({ metric: name, ...expected });
  });

  it('prints a readable decision without --output json', async () => {
    const run = await charter('check', 'User-Location', '--charter', DEV);
    expect(run.out).toBe(
      'deny User-Location: forbidden_metric\n  rule user_location, category location, severity permanent_ban\n',
    );
  });

  it('refuses a label without a value with the code and a hint, exit 2', async () => {
    const run = await charter('check', 'latency_p50', '--label', 'region', '--charter', DEV);
    expect(run.code).toBe(2);
    expect(run.err).toBe(
      'error[bad_argument]: --label "region" is not a label\nhint: Write labels as --label NAME=VALUE, once per label\n',
    );
  });
});

describe('charter charter diff and show', () => {
  it('lists what changed from staging to production', async () => {
    const run = await charter('charter', 'diff', 'charters/staging.yaml', PROD);
    expect(run.code).toBe(0);
    const lines = run.out.trimEnd().split('\n');
    expect(lines.slice(0, 4)).toEqual([
      '+ committee.members[dora]',
      '+ committee.members[emil]',
      '~ allowed:latency_p50',
      '    retention_days: 30 -> 90',
    ]);
    expect(run.out).toContain('~ charter.status\n    value: active -> pending');
    expect(lines.at(-1)).toBe('2 added, 0 removed, 19 changed');
  });

  it('says there are no differences between a file and itself', async () => {
    const run = await charter('charter', 'diff', DEV, DEV, '--output', 'json');
    expect(JSON.parse(run.out)).toEqual({ added: [], removed: [], changed: [] });
  });

  it('shows rules added and removed by key', async () => {
    const run = await charter(
      'charter',
      'diff',
      DEV,
      'charters/reference.yaml',
      '--output',
      'json',
    );
    const diff = JSON.parse(run.out) as { added: { key: string }[] };
    expect(diff.added.map((c) => c.key)).toEqual(
      expect.arrayContaining(['allowed:node_cpu_*', 'forbidden:gps_*']),
    );
  });

  it('shows a charter for a human with its rules and dry-run status', async () => {
    const run = await charter('charter', 'show', PROD);
    expect(run.out).toContain('status pending (dry run: decisions reported, nothing blocked)');
    expect(run.out).toContain('Allowed metrics (13)');
    expect(run.out).toContain('Forbidden metrics (6)');
  });
});

describe('charter bench', () => {
  it('prints the JSON report with decide, Cedar peer and load rows', async () => {
    const run = await charter(
      'bench',
      '--quick',
      '--suite',
      'decide,load',
      '--rules',
      '10',
      '--json',
    );
    expect(run.code).toBe(0);
    const report = JSON.parse(run.out) as {
      decide: { rules: number; names: string; p50_ns: number; p99_ns: number; ops_per_s: number }[];
      peer_cedar: { rules: number; p50_ns: number; p99_ns: number; ratio_p99: number }[];
      load: { rules: number; ms: number }[];
    };
    expect(report.decide.map((r) => r.names)).toEqual(['allowed', 'forbidden', 'unknown', 'mixed']);
    for (const row of report.decide) {
      expect(row.rules).toBe(10);
      expect(row.p99_ns).toBeGreaterThanOrEqual(row.p50_ns);
      expect(row.ops_per_s).toBeGreaterThan(0);
    }
    expect(report.peer_cedar).toHaveLength(4);
    expect(report.peer_cedar.every((r) => r.p50_ns > 0 && r.ratio_p99 > 0)).toBe(true);
    expect(report.load).toEqual([expect.objectContaining({ rules: 10 })]);
  }, 120_000);

  it('refuses an unknown suite with a hint', async () => {
    const run = await charter('bench', '--suite', 'warp');
    expect(run.code).toBe(2);
    expect(run.err).toContain('hint: Use a comma-separated list of decide, load');
  });
});
