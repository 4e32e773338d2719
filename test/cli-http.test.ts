/* eslint-disable @typescript-eslint/no-unsafe-member-access, @typescript-eslint/no-unsafe-assignment, @typescript-eslint/no-unsafe-call, @typescript-eslint/no-unsafe-argument, @typescript-eslint/no-unsafe-return -- printed JSON is read field by field against expectations */
import { createServer } from 'node:net';
import { copyFile, mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import Database from 'better-sqlite3';
import { pino } from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { startService, type RunningService } from '../src/app/service.js';
import type { Role } from '../src/charter/index.js';
import { createToken } from '../src/http/tokens.js';
import { systemClock } from '../src/shared/clock.js';
import { charter, type CliRun } from './cli-helpers.js';

/*
 * Every workflow of the HTTP API driven through the `charter` CLI against a
 * real service on 127.0.0.1: what it prints (tables, JSON), how it exits,
 * and that refusals print the service's code and hint.
 */

const SHA = 'c'.repeat(64);

let service: RunningService;
let dir: string;
const tokens: Record<string, string> = {};

/** Runs the CLI as `who` against the service. */
function as(who: string, ...args: string[]): Promise<CliRun> {
  return charter(...args, '--url', service.url, '--token', tokens[who] ?? '');
}

/** Runs the CLI as `who` and parses what it printed as JSON. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- printed JSON, read field by field
async function json(who: string, ...args: string[]): Promise<any> {
  const run = await as(who, ...args, '--output', 'json');
  expect(run.err).toBe('');
  return JSON.parse(run.out);
}

/** Polls `check` until it holds; for effects the service applies after it answers. */
async function eventually(check: () => Promise<boolean>): Promise<void> {
  for (let i = 0; i < 100; i += 1) {
    if (await check()) return;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  throw new Error('condition not reached within 5 s');
}

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'charter-cli-http-'));
  const charterFile = join(dir, 'charter.yaml');
  await copyFile('charters/development.yaml', charterFile);
  service = await startService({
    dataDir: dir,
    charterFile,
    host: '127.0.0.1',
    port: 0,
    logger: pino({ level: 'silent' }),
  });
  const mint = async (principal: string, role: Role) =>
    (await createToken(service.store, systemClock, { principal, role, actor: 'test' })).token;
  tokens.admin = service.adminToken ?? '';
  tokens.node = await mint('node-7', 'node_operator');
  tokens.noisy = await mint('node-9', 'node_operator');
  tokens.monitoring = await mint('prometheus', 'monitoring_service');
  tokens.lead = await mint('dev-lead', 'audit_committee_member');
  tokens.sec = await mint('dev-sec', 'audit_committee_member');
  tokens.ops = await mint('dev-ops', 'audit_committee_member');
  tokens.responder = await mint('responder-1', 'emergency_responder');
});

afterAll(async () => {
  await service?.stop();
  await rm(dir, { recursive: true, force: true });
});

describe('charter CLI over HTTP: errors', () => {
  it('a wrong token prints error[token_invalid] and the hint, exit 2', async () => {
    const run = await charter(
      'committee',
      'list',
      '--url',
      service.url,
      '--token',
      'wct_not-a-token-at-all',
    );
    expect(run).toEqual({
      code: 2,
      out: '',
      err: 'error[token_invalid]: The bearer token is malformed, unknown or revoked\nhint: Send Authorization: Bearer <token> with a token from `charter token create`.\n',
    });
  });

  it('no token on a committee route prints error[token_missing], exit 2', async () => {
    const run = await charter('violations', 'list', '--url', service.url);
    expect(run.code).toBe(2);
    expect(run.err).toBe(
      'error[token_missing]: GET /v1/violations needs a bearer token\nhint: Send Authorization: Bearer <token>; create one with `charter token create`.\n',
    );
  });

  it('a token of the wrong role prints error[role_forbidden] with the allowed roles', async () => {
    const run = await as('lead', 'committee', 'add', 'dev-new', '--name', 'N', '--contact', 'n@x');
    expect(run.code).toBe(2);
    expect(run.err).toBe(
      'error[role_forbidden]: Role audit_committee_member may not POST /v1/committee/members\nhint: Allowed roles: admin\n',
    );
  });

  it('nothing listening prints error[service_unreachable] with a hint naming the URL', async () => {
    const url = await closedPortUrl();
    const run = await charter('overrides', 'list', '--url', url, '--token', tokens.lead!);
    expect(run.code).toBe(2);
    expect(run.out).toBe('');
    const [first, hint] = run.err.trimEnd().split('\n');
    expect(first).toBe(
      `error[service_unreachable]: Cannot reach the service at ${url} (GET /v1/overrides): ECONNREFUSED`,
    );
    expect(hint).toBe(
      `hint: Start it with \`charter serve\`, or point --url (or CHARTER_URL) at where it runs; tried ${url}.`,
    );
  });

  it('a malformed --url prints error[url_invalid] before any request', async () => {
    const run = await charter('committee', 'list', '--url', 'ftp://example');
    expect(run).toEqual({
      code: 2,
      out: '',
      err: 'error[url_invalid]: --url is "ftp://example", expected an http or https URL\nhint: For example --url http://127.0.0.1:8000\n',
    });
  });

  it('reads CHARTER_URL and CHARTER_TOKEN when --url and --token are absent', async () => {
    process.env.CHARTER_URL = service.url;
    process.env.CHARTER_TOKEN = tokens.ops;
    try {
      const run = await charter('committee', 'list', '--output', 'json');
      expect(run.code).toBe(0);
      expect(JSON.parse(run.out).members.map((m: { id: string }) => m.id)).toEqual([
        'dev-lead',
        'dev-ops',
        'dev-sec',
      ]);
    } finally {
      delete process.env.CHARTER_URL;
      delete process.env.CHARTER_TOKEN;
    }
  });
});

describe('charter submit', () => {
  it('prints one decision per metric in order and exits 1 when one is denied', async () => {
    const run = await as(
      'node',
      'submit',
      '--metric',
      'cpu_usage_percent',
      '--metric',
      'user_location',
      '--source',
      'node-7',
      '--label',
      'node=node-7',
    );
    expect(run.code).toBe(1);
    expect(run.out).toBe(
      [
        '#  METRIC             SOURCE  EFFECT  REASON            RULE               SEVERITY',
        '1  cpu_usage_percent  node-7  allow   allowed           cpu_usage_percent  -',
        '2  user_location      node-7  deny    forbidden_metric  user_location      permanent_ban',
        '2 decision(s): 1 allowed, 1 denied',
        '',
      ].join('\n'),
    );
  });

  it('exits 0 when every metric is allowed, with the decisions as JSON', async () => {
    const run = await as(
      'node',
      'submit',
      '--metric',
      'latency_p50',
      '--source',
      'node-7',
      '--output',
      'json',
    );
    expect(run.code).toBe(0);
    const { decisions } = JSON.parse(run.out);
    expect(decisions).toHaveLength(1);
    expect(decisions[0]).toMatchObject({ name: 'latency_p50', effect: 'allow', reason: 'allowed' });
  });

  it('a forged source prints error[forged_source], exit 2', async () => {
    const run = await as('node', 'submit', '--metric', 'latency_p50', '--source', 'node-8');
    expect(run.code).toBe(2);
    expect(run.err).toBe(
      'error[forged_source]: metrics[0].source is "node-8", but this token belongs to "node-7"\nhint: A node operator submits metrics only with its own id as source.\n',
    );
  });
});

describe('charter violations, investigations and sources', () => {
  it('reports a violation once per idempotency key, lists and shows it', async () => {
    const report = [
      'violations',
      'report',
      '--type',
      'silent_collection',
      '--source',
      'node-7',
      '--evidence',
      `sha256:${SHA}`,
      '--evidence',
      'reference:ticket:4521',
      '--idempotency-key',
      'cli-key-0001',
      '--property',
      'metric=user_location',
    ];
    const first = await as('node', ...report);
    expect(first.code).toBe(0);
    const id =
      /^violation (vio_\S+) reported: silent_collection by node-7, severity ban_1year, status reported\n$/.exec(
        first.out,
      )?.[1];
    expect(id).toBeDefined();

    const again = await as('node', ...report);
    expect(again.out).toBe(
      `violation ${id} already reported (same idempotency key): silent_collection by node-7, severity ban_1year, status reported\n`,
    );

    const listed = await json('lead', 'violations', 'list', '--source', 'node-7');
    expect(listed.map((v: { id: string }) => v.id)).toEqual([id]);
    const shown = await as('lead', 'violations', 'show', id!);
    expect(shown.out).toContain(`id             ${id}\n`);
    expect(shown.out).toContain(`evidence\n  sha256:${SHA}\n  reference:ticket:4521\n`);
    expect(shown.out).toContain('properties\n  metric=user_location\n');
  });

  it('runs an investigation from open to a confirmed penalty by quorum', async () => {
    const { violation } = await json(
      'node',
      'violations',
      'report',
      '--type',
      'data_extraction',
      '--source',
      'node-7',
      '--evidence',
      `sha256:${SHA}`,
    );
    const opened = await json(
      'lead',
      'investigations',
      'open',
      violation.id,
      '--assignee',
      'dev-sec',
    );
    expect(opened).toMatchObject({
      violationId: violation.id,
      assignee: 'dev-sec',
      status: 'open',
    });
    const id: string = opened.id;

    expect((await json('lead', 'investigations', 'assign', id, 'dev-ops')).assignee).toBe(
      'dev-ops',
    );
    await as('ops', 'investigations', 'note', id, 'Collector logs point at a patched build.');
    await as('ops', 'investigations', 'evidence', id, '--evidence', 'reference:log:9931');
    const listed = await json('lead', 'investigations', 'list', '--status', 'open');
    expect(listed.map((i: { id: string }) => i.id)).toContain(id);

    const firstVote = await as(
      'lead',
      'investigations',
      'vote',
      id,
      'confirm',
      '--penalty',
      'suspension',
    );
    expect(firstVote).toEqual({
      code: 0,
      out: `investigation ${id} still open: 1 vote(s) recorded, quorum not reached\n`,
      err: '',
    });
    const second = await as(
      'sec',
      'investigations',
      'vote',
      id,
      'confirm',
      '--penalty',
      'suspension',
    );
    expect(second.out).toBe(`investigation ${id} closed: confirmed with penalty suspension\n`);

    const shown = await as('lead', 'investigations', 'show', id);
    expect(shown.out).toContain(
      'status        closed\noutcome       confirmed\npenalty       suspension\n',
    );
    const events = shown.out
      .split('\n')
      .filter((line) => /^\d{4}-/.test(line))
      .map((line) => line.split(/\s+/)[2]);
    expect(events).toEqual(['opened', 'assigned', 'note', 'evidence', 'vote', 'vote', 'closed']);
    expect(shown.out).toMatch(
      /\nvotes\nMEMBER {4}CHOICE {3}PENALTY {5}AT\ndev-lead {2}confirm {2}suspension {2}\d{4}-.+\ndev-sec {3}confirm {2}suspension {2}\d{4}-/,
    );

    const after = await json('lead', 'violations', 'show', violation.id);
    expect(after).toMatchObject({ status: 'confirmed', penalty: 'suspension' });

    const late = await as('ops', 'investigations', 'vote', id, 'dismiss');
    expect(late.code).toBe(2);
    expect(late.err).toMatch(/^error\[investigation_closed\]: .+\nhint: .+\n$/);
  });

  it('lists a source suspended by its forbidden attempts and reinstates it', async () => {
    const attempts = Array.from({ length: 5 }, () => ['--metric', 'browsing_history']).flat();
    expect((await as('noisy', 'submit', ...attempts, '--source', 'node-9')).code).toBe(1);
    await eventually(async () => (await json('lead', 'sources', 'suspended')).includes('node-9'));
    expect((await as('lead', 'sources', 'suspended')).out).toMatch(/^SOURCE\n(?:.+\n)*node-9\n/);

    const run = await as('lead', 'sources', 'reinstate', 'node-9', '--reason', 'Collector patched');
    expect(run).toEqual({ code: 0, out: 'source node-9 reinstated\n', err: '' });
    expect(await json('lead', 'sources', 'suspended')).not.toContain('node-9');
  });
});

describe('charter committee and overrides', () => {
  it('lists the committee with its quorum; an admin adds and removes a member', async () => {
    const list = await as('lead', 'committee', 'list');
    expect(list.out).toMatch(
      /^quorum 66% of 3 active members\nID {8}NAME {13}SINCE\ndev-lead {2}Priya Natarajan {2}\d{4}-/,
    );
    const added = await as(
      'admin',
      'committee',
      'add',
      'dev-new',
      '--name',
      'Ada Brandt',
      '--contact',
      'ada@example.org',
    );
    expect(added.out).toBe('committee member dev-new (Ada Brandt) added\n');
    expect((await json('lead', 'committee', 'list')).members).toHaveLength(4);
    const removed = await as('admin', 'committee', 'remove', 'dev-new');
    expect(removed.out).toBe('committee member dev-new (Ada Brandt) removed\n');
    expect((await json('lead', 'committee', 'list')).members).toHaveLength(3);
  });

  it('runs an override through request, votes, activation, renewal and end', async () => {
    const requested = await json(
      'responder',
      'overrides',
      'request',
      '--reason',
      'network_outage_diagnosis',
      '--justification',
      'Diagnosing a partition between two mesh regions.',
      '--metric',
      'device_hardware_id',
      '--source',
      'node-7',
      '--duration-seconds',
      '600',
    );
    expect(requested).toMatchObject({ status: 'requested', metrics: ['device_hardware_id'] });
    const id: string = requested.id;

    const one = await as('lead', 'overrides', 'vote', id, 'approve');
    expect(one.out).toBe(
      `override ${id} requested\napprovals 1, rejections 0, needed 2, voters left 2\n`,
    );
    const two = await as('sec', 'overrides', 'vote', id, 'approve');
    expect(two.out).toBe(
      `override ${id} approved\napprovals 2, rejections 0, needed 2, voters left 1\n`,
    );

    const active = await json('responder', 'overrides', 'activate', id);
    expect(active.status).toBe('active');
    expect(active.expiresAtMs - active.activatedAtMs).toBe(600_000);
    const decision = await json(
      'node',
      'submit',
      '--metric',
      'device_hardware_id',
      '--source',
      'node-7',
    );
    expect(decision.decisions[0]).toMatchObject({ effect: 'allow', overrideId: id });

    const renewal = await as('responder', 'overrides', 'renew', id, '--duration-seconds', '300');
    const renewalId = /^override (\S+) requested: status requested\n/.exec(renewal.out)?.[1];
    expect(renewal.out).toBe(
      `override ${renewalId} requested: status requested\nrenews ${id}; vote on ${renewalId}, then activate it\n`,
    );

    const table = await as('lead', 'overrides', 'list');
    const [header, ...rows] = table.out.trimEnd().split('\n');
    expect(header!.split(/\s+/)).toEqual([
      'ID',
      'STATUS',
      'REASON',
      'METRICS',
      'LABELS',
      'SOURCES',
      'DURATION',
      'EXPIRES',
    ]);
    const row = rows.find((r) => r.startsWith(`${id} `))!.split(/\s+/);
    expect(row.slice(0, 7)).toEqual([
      id,
      'active',
      'network_outage_diagnosis',
      'device_hardware_id',
      '-',
      'node-7',
      '600',
    ]);
    const shown = await as('lead', 'overrides', 'show', id);
    expect(shown.out).toContain('status         active\n');

    const ended = await as('responder', 'overrides', 'end', id);
    expect(ended.out).toMatch(new RegExp(`^override ${id} ended: status ended, expires \\d{4}-`));
    const again = await as('responder', 'overrides', 'end', id);
    expect(again.code).toBe(2);
    expect(again.err).toMatch(/^error\[override_not_active\]: .+\nhint: .+\n$/);
  });
});

describe('charter revocations and erasure', () => {
  it('revokes a collector and lists the revocation once it is in force', async () => {
    const run = await as(
      'lead',
      'revocations',
      'revoke',
      'collector-3',
      '--reason',
      'policy_violation',
    );
    expect(run.out).toMatch(/^revocation (\S+): collector-3 revoked \(policy_violation\)\n$/);
    await eventually(async () =>
      (await json('lead', 'revocations', 'list')).some(
        (r: { collector: string; inForceAtMs: number | null }) =>
          r.collector === 'collector-3' && r.inForceAtMs !== null,
      ),
    );
    const list = await as('lead', 'revocations', 'list');
    expect(list.out.split('\n')[1]).toMatch(
      / collector-3 {2}policy_violation {2}dev-lead {6}\d{4}-.+ ms$/,
    );
  });

  it("exports a subject's records during the window after an erasure request", async () => {
    const stored = await as(
      'admin',
      'erasure',
      'record',
      'subject-42',
      '--kind',
      'consent',
      '--data',
      '{"consent":"granted"}',
    );
    expect(stored.out).toMatch(/^record (\S+) \(consent\) stored\n$/);
    const requested = await json(
      'admin',
      'erasure',
      'request',
      'subject-42',
      '--reason',
      'consent_withdrawn',
    );
    expect(requested.status).toBe('export_window');
    const exported = await json('admin', 'erasure', 'export', requested.id);
    expect(exported.records.map((r: { kind: string; data: unknown }) => [r.kind, r.data])).toEqual([
      ['consent', { consent: 'granted' }],
    ]);
    const table = await as('lead', 'erasure', 'export', requested.id);
    expect(table.out).toMatch(
      new RegExp(`^erasure ${requested.id}: 1 record\\(s\\), export window open until \\d{4}-`),
    );
  });

  it('refuses a bad --data argument before any request', async () => {
    const run = await as(
      'admin',
      'erasure',
      'record',
      'subject-42',
      '--kind',
      'consent',
      '--data',
      '[1]',
    );
    expect(run.code).toBe(2);
    expect(run.err).toBe(
      `error[data_argument_invalid]: --data is "[1]", expected a JSON object\nhint: For example --data '{"consent":"granted"}'\n`,
    );
  });
});

describe('charter report, charter current/reload and audit verify --url', () => {
  it('prints the audit report of a quarter and the public transparency report', async () => {
    const now = new Date();
    const quarter = `${now.getUTCFullYear()}Q${Math.floor(now.getUTCMonth() / 3) + 1}`;
    const audit = await json('lead', 'report', 'audit', '--quarter', quarter);
    expect(audit.kind).toBe('audit');
    const all = await json('lead', 'violations', 'list', '--limit', '1000');
    expect(audit.violations.total).toBe(all.length);
    expect(audit.violations.byType.data_extraction).toBe(1);
    expect(audit.investigations).toMatchObject({ confirmed: 1 });
    expect(audit.details.penalties).toEqual([
      expect.objectContaining({ source: 'node-7', penalty: 'suspension' }),
    ]);

    const table = await as('lead', 'report', 'audit', '--quarter', quarter);
    expect(table.out.split('\n')[0]).toBe(
      'audit report, charter anti-delos-development 1.1.0-dev.1',
    );
    expect(table.out).toContain('nodes penalised 1\n  SOURCE  PENALTIES\n  node-7  suspension\n');

    const empty = await charter(
      'report',
      'transparency',
      '--url',
      service.url,
      '--from',
      '2020-01-01',
      '--to',
      '2020-04-01',
    );
    expect(empty.code).toBe(0);
    expect(empty.out.split('\n').slice(0, 4)).toEqual([
      'transparency report, charter anti-delos-development 1.1.0-dev.1',
      expect.stringMatching(
        /^period 2020-01-01T00:00:00.000Z to 2020-04-01T00:00:00.000Z \(end excluded\), generated /,
      ),
      '',
      'violations     0',
    ]);
    expect(empty.out).not.toContain('details');
  });

  it('refuses --quarter with --from', async () => {
    const run = await as('lead', 'report', 'audit', '--quarter', '2026Q3', '--from', '2026-07-01');
    expect(run.code).toBe(2);
    expect(run.err).toMatch(
      /^error\[period_argument_invalid\]: .*--quarter cannot be combined.*\nhint: /,
    );
  });

  it('shows the charter in force and reloads it as admin', async () => {
    const current = await as('lead', 'charter', 'current');
    expect(current.out.split('\n')[0]).toMatch(
      /^in force: generation 1, loaded \d{4}-.+ from .+charter\.yaml$/,
    );
    expect(current.out).toContain(
      'Anti-Delos Charter (development) — anti-delos-development 1.1.0-dev.1',
    );
    const reloaded = await as('admin', 'charter', 'reload');
    expect(reloaded.out).toBe(
      'charter reloaded: anti-delos-development 1.1.0-dev.1, generation 2\n',
    );
    const refused = await as('lead', 'charter', 'reload');
    expect(refused.err).toBe(
      'error[role_forbidden]: Role audit_committee_member may not POST /v1/charter/reload\nhint: Allowed roles: admin\n',
    );
  });

  it('audit verify --url has the service verify its trail, exit 0 when intact', async () => {
    const run = await charter('audit', 'verify', '--url', service.url, '--token', tokens.lead!);
    expect(run.code).toBe(0);
    expect(run.out).toMatch(
      new RegExp(
        `^audit chain intact: \\d+ entries verified by ${service.url}, last hash [0-9a-f]{64}\\n$`,
      ),
    );
  });
});

describe('charter status and audit export --url', () => {
  it('status prints the readiness without a token', async () => {
    const run = await charter('status', '--url', service.url);
    expect(run).toEqual({
      code: 0,
      out: 'ready: charter anti-delos-development 1.1.0-dev.1, generation 2\n',
      err: '',
    });
  });

  it('audit export --url streams every entry as JSON Lines in sequence order', async () => {
    const out = join(dir, 'export.jsonl');
    const run = await charter(
      'audit',
      'export',
      '--url',
      service.url,
      '--token',
      tokens.lead!,
      '--out',
      out,
    );
    expect(run.code).toBe(0);
    const lines = (await readFile(out, 'utf8')).trimEnd().split('\n');
    expect(run.err).toBe(`exported ${lines.length} audit entries to ${out}\n`);
    const seqs = lines.map((line) => (JSON.parse(line) as { seq: number }).seq);
    expect(seqs).toEqual(Array.from({ length: lines.length }, (_, i) => i + 1));
    const verdict = await json('lead', 'audit', 'verify');
    expect(verdict).toMatchObject({ ok: true, checked: lines.length });
  });
});

// Last: it breaks the chain of the shared service.
describe('charter audit verify --url on an edited trail', () => {
  it('names the first broken entry and exits 1', async () => {
    const db = new Database(join(dir, 'charter.db'));
    try {
      db.exec(`UPDATE audit_entries SET actor = 'someone-else' WHERE seq = 3`);
    } finally {
      db.close();
    }
    const run = await charter('audit', 'verify', '--url', service.url, '--token', tokens.lead!);
    expect(run.code).toBe(1);
    expect(run.out).toMatch(
      /^audit chain BROKEN at entry 3 \(hash_mismatch\): .+\n2 entries verified before it\n$/,
    );
  });
});

async function closedPortUrl(): Promise<string> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  const port = typeof address === 'object' && address !== null ? address.port : 0;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return `http://127.0.0.1:${port}`;
}
