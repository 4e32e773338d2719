import type { Command } from 'commander';

import type { ChainVerdict } from '../audit/verify.js';
import type { CharterDocument } from '../charter/index.js';
import {
  clientFrom,
  groupOf,
  withClientOptions,
  type ClientOptions,
} from './client/client-options.js';
import { formatCharter } from './format/charter-format.js';
import { iso } from './format/text.js';
import { emit, type CliIo, type ExitCode } from './io.js';

interface CurrentCharter {
  file: string;
  generation: number;
  loaded_at_ms: number;
  charter: CharterDocument;
}

interface Reloaded {
  reloaded: boolean;
  generation: number;
  id: string;
  version: string;
}

/**
 * `charter charter current|reload`: the charter a running service has in
 * force, next to the file commands validate, show and diff.
 */
export function registerServiceCharterCommands(program: Command, io: CliIo): void {
  const group = groupOf(program, 'charter', 'Validate, show and compare charter files');

  withClientOptions(group.command('current'))
    .description('Show the charter the service has in force (GET /v1/charter)')
    .action(async (opts: ClientOptions) => {
      const current = await clientFrom(opts).get<CurrentCharter>('/v1/charter');
      emit(io, opts.output, current, (c) =>
        [
          `in force: generation ${c.generation}, loaded ${iso(c.loaded_at_ms)} from ${c.file}`,
          '',
          formatCharter(c.charter),
        ].join('\n'),
      );
    });

  withClientOptions(group.command('reload'))
    .description('Reload the charter file (admin); a bad file is refused, the old one stays')
    .action(async (opts: ClientOptions) => {
      const answer = await clientFrom(opts).post<Reloaded>('/v1/charter/reload');
      emit(
        io,
        opts.output,
        answer,
        (r) => `charter reloaded: ${r.id} ${r.version}, generation ${r.generation}`,
      );
    });
}

/**
 * `charter audit verify --url …`: the service verifies its own trail
 * (GET /v1/audit/verify). Exit 1 when the chain is broken.
 */
export async function verifyAuditOverHttp(
  opts: { url: string; token?: string; timeout?: number; output: ClientOptions['output'] },
  io: CliIo,
): Promise<ExitCode> {
  const client = clientFrom({
    url: opts.url,
    token: opts.token ?? process.env.CHARTER_TOKEN ?? '',
    timeout: opts.timeout ?? 60_000,
    output: opts.output,
  });
  const verdict = await client.get<ChainVerdict>('/v1/audit/verify');
  emit(io, opts.output, verdict, (v) =>
    v.ok
      ? `audit chain intact: ${v.checked} entries verified by ${client.url}, last hash ${v.lastHash}`
      : `audit chain BROKEN at entry ${v.firstBroken.seq} (${v.firstBroken.problem}): ${v.firstBroken.detail}\n${v.checked} entries verified before it`,
  );
  return verdict.ok ? 0 : 1;
}
