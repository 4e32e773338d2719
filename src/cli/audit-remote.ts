import { createWriteStream } from 'node:fs';
import { once } from 'node:events';

import type { ChainVerdict } from '../audit/verify.js';
import { clientFrom } from './client/client-options.js';
import { emit, type CliIo, type ExitCode, type OutputFormat } from './io.js';

/** What `charter audit verify|export --url` take besides the store options they ignore. */
export interface RemoteAuditOptions {
  url: string;
  token?: string;
  output?: OutputFormat;
  out?: string;
}

function client(opts: RemoteAuditOptions, timeoutMs: number) {
  return clientFrom({
    url: opts.url,
    token: opts.token ?? process.env.CHARTER_TOKEN ?? '',
    timeout: timeoutMs,
    output: opts.output ?? 'table',
  });
}

/**
 * `charter audit verify --url …`: the service verifies its own trail
 * (GET /v1/audit/verify). Exit 1 when the chain is broken.
 */
export async function verifyAuditOverHttp(opts: RemoteAuditOptions, io: CliIo): Promise<ExitCode> {
  const service = client(opts, 600_000);
  const verdict = await service.get<ChainVerdict>('/v1/audit/verify');
  emit(io, opts.output ?? 'table', verdict, (v) =>
    v.ok
      ? `audit chain intact: ${v.checked} entries verified by ${service.url}, last hash ${v.lastHash}`
      : `audit chain BROKEN at entry ${v.firstBroken.seq} (${v.firstBroken.problem}): ${v.firstBroken.detail}\n${v.checked} entries verified before it`,
  );
  return verdict.ok ? 0 : 1;
}

/**
 * `charter audit export --url …`: the trail as JSON Lines from GET
 * /v1/audit/export, streamed to standard output or `--out`; the same lines
 * as the store-direct export, so `charter audit verify` can check either.
 */
export async function exportAuditOverHttp(opts: RemoteAuditOptions, io: CliIo): Promise<void> {
  const sink = opts.out ? createWriteStream(opts.out, { mode: 0o600 }) : undefined;
  let count = 0;
  try {
    for await (const line of client(opts, 600_000).lines('/v1/audit/export')) {
      if (line === '') continue;
      if (sink === undefined) io.out(`${line}\n`);
      else if (!sink.write(`${line}\n`)) await once(sink, 'drain');
      count += 1;
    }
  } finally {
    if (sink) await new Promise<void>((resolve) => sink.end(resolve));
  }
  if (opts.out) io.err(`exported ${count} audit entries to ${opts.out}`);
}
