import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { pino } from 'pino';

import type { Role } from '../../src/charter/index.js';
import type { MapekServiceConfig } from '../../src/app/mapek-file.js';
import type { NotificationConfig } from '../../src/app/notifications.js';
import { startService, type RunningService } from '../../src/app/service.js';
import { createToken } from '../../src/http/tokens.js';
import { systemClock, type Clock } from '../../src/shared/clock.js';

/** The bearer tokens a suite calls with, one per principal it plays. */
export interface Tokens {
  admin: string;
  /** node_operator bound to `node-1`. */
  node: string;
  monitoring: string;
  /** audit_committee_member for each member of the development charter's committee. */
  lead: string;
  sec: string;
  ops: string;
  responder: string;
  public: string;
}

/** A service on 127.0.0.1 with a temporary data dir and its own copy of the charter. */
export interface Harness {
  service: RunningService;
  url: string;
  dir: string;
  charterFile: string;
  tokens: Tokens;
  /** The sequence number of the audit chain's last entry (0 when empty). */
  auditLength(): Promise<number>;
  call(method: string, path: string, options?: CallOptions): Promise<Reply>;
  stop(): Promise<void>;
}

export interface CallOptions {
  token?: string | undefined;
  /** A value is sent as JSON; a Buffer or string is sent as it is. */
  body?: unknown;
  headers?: Record<string, string>;
}

export interface Reply {
  status: number;
  contentType: string;
  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- test bodies are read field by field
  body: any;
  text: string;
}

/**
 * Starts the service on (a copy of) the development charter, edited by
 * `options.charter` if given, and mints a token per role.
 */
export async function startHarness(
  options: {
    charter?: (yaml: string) => string;
    notifications?: NotificationConfig;
    clock?: Clock;
    mapek?: MapekServiceConfig;
  } = {},
): Promise<Harness> {
  const dir = await mkdtemp(join(tmpdir(), 'charter-http-'));
  const charterFile = join(dir, 'charter.yaml');
  const edit = options.charter ?? ((yaml: string) => yaml);
  await writeFile(charterFile, edit(await readFile('charters/development.yaml', 'utf8')));
  const service = await startService({
    dataDir: dir,
    charterFile,
    host: '127.0.0.1',
    port: 0,
    logger: pino({ level: 'silent' }),
    ...(options.notifications ? { notifications: options.notifications } : {}),
    ...(options.clock ? { clock: options.clock } : {}),
    ...(options.mapek ? { mapek: options.mapek } : {}),
  });
  try {
    const mint = async (principal: string, role: Role) =>
      (await createToken(service.store, systemClock, { principal, role, actor: 'test' })).token;
    const tokens: Tokens = {
      admin: service.adminToken ?? '',
      node: await mint('node-1', 'node_operator'),
      monitoring: await mint('prometheus', 'monitoring_service'),
      lead: await mint('dev-lead', 'audit_committee_member'),
      sec: await mint('dev-sec', 'audit_committee_member'),
      ops: await mint('dev-ops', 'audit_committee_member'),
      responder: await mint('responder-1', 'emergency_responder'),
      public: await mint('reader', 'public'),
    };
    const url = service.url;
    return {
      service,
      url,
      dir,
      charterFile,
      tokens,
      auditLength: async () => (await service.store.audit.last())?.seq ?? 0,
      call: (method, path, options = {}) => call(url, method, path, options),
      async stop() {
        await service.stop();
        await rm(dir, { recursive: true, force: true });
      },
    };
  } catch (error) {
    await service.stop();
    throw error;
  }
}

async function call(url: string, method: string, path: string, options: CallOptions) {
  const headers: Record<string, string> = { ...options.headers };
  if (options.token !== undefined) headers.authorization = `Bearer ${options.token}`;
  let body: string | Buffer | undefined;
  if (typeof options.body === 'string' || Buffer.isBuffer(options.body)) {
    body = options.body;
  } else if (options.body !== undefined) {
    body = JSON.stringify(options.body);
  }
  if (body !== undefined) headers['content-type'] ??= 'application/json';
  const init: RequestInit = { method, headers, ...(body !== undefined ? { body } : {}) };
  const response = await fetch(`${url}${path}`, init);
  const text = await response.text();
  const contentType = response.headers.get('content-type') ?? '';
  let parsed: unknown = undefined;
  if (/^application\/(?:problem\+)?json/.test(contentType) && text !== '') {
    parsed = JSON.parse(text);
  }
  return { status: response.status, contentType, body: parsed, text };
}
