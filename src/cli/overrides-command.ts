import type { Command } from 'commander';

import type { OverrideVoteResult } from '../governance/overrides.js';
import type { OverrideRecord } from '../store/records.js';
import { collect, parseCount } from './client/arg-parsers.js';
import {
  clientFrom,
  groupOf,
  withClientOptions,
  type ClientOptions,
} from './client/client-options.js';
import {
  formatOverride,
  formatOverrideChange,
  formatOverrides,
  formatOverrideVote,
} from './format/override-format.js';
import { emit, type CliIo } from './io.js';

interface RequestOptions extends ClientOptions {
  reason: string;
  justification: string;
  metric: string[];
  label: string[];
  source: string[];
  durationSeconds: number;
}

type One = { override: OverrideRecord };
const enc = encodeURIComponent;

/**
 * `charter overrides request|list|show|vote|activate|renew|end`, over HTTP:
 * the emergency override lifecycle of SPEC §5.
 */
export function registerOverrideCommands(program: Command, io: CliIo): void {
  const group = groupOf(program, 'overrides', 'Emergency overrides');
  const duration = parseCount('--duration-seconds');

  withClientOptions(group.command('request'))
    .description('Request an override of forbidden metrics or labels for some sources')
    .requiredOption('--reason <reason>', "one of the charter's allowed reasons")
    .requiredOption('--justification <text>', 'why, for the committee and the public')
    .option('--metric <name>', 'forbidden metric to allow; repeatable', collect, [])
    .option('--label <name>', 'forbidden label to allow; repeatable', collect, [])
    .requiredOption('--source <id>', 'source the override covers; repeatable', collect)
    .requiredOption('--duration-seconds <n>', "how long, at most the charter's maximum", duration)
    .action(async (opts: RequestOptions) => {
      const { override } = await clientFrom(opts).post<One>('/v1/overrides', {
        reason: opts.reason,
        justification: opts.justification,
        metrics: opts.metric,
        labels: opts.label,
        sources: opts.source,
        duration_seconds: opts.durationSeconds,
      });
      emit(io, opts.output, override, formatOverrideChange('requested'));
    });

  withClientOptions(group.command('list'))
    .description('List overrides, newest first')
    .action(async (opts: ClientOptions) => {
      const { overrides } = await clientFrom(opts).get<{ overrides: OverrideRecord[] }>(
        '/v1/overrides',
      );
      emit(io, opts.output, overrides, formatOverrides);
    });

  withClientOptions(group.command('show'))
    .description('Show one override')
    .argument('<id>', 'override id')
    .action(async (id: string, opts: ClientOptions) => {
      const { override } = await clientFrom(opts).get<One>(`/v1/overrides/${enc(id)}`);
      emit(io, opts.output, override, formatOverride);
    });

  withClientOptions(group.command('vote'))
    .description('Vote as a committee member: approve or reject')
    .argument('<id>', 'override id')
    .argument('<choice>', 'approve or reject')
    .action(async (id: string, choice: string, opts: ClientOptions) => {
      const answer = await clientFrom(opts).post<OverrideVoteResult>(
        `/v1/overrides/${enc(id)}/votes`,
        { choice },
      );
      emit(io, opts.output, answer, formatOverrideVote);
    });

  for (const [name, verb, description] of [
    ['activate', 'activated', 'Start an approved override; its duration runs from now'],
    ['end', 'ended', 'End an active override before it expires'],
  ] as const) {
    withClientOptions(group.command(name))
      .description(description)
      .argument('<id>', 'override id')
      .action(async (id: string, opts: ClientOptions) => {
        const { override } = await clientFrom(opts).post<One>(`/v1/overrides/${enc(id)}/${name}`);
        emit(io, opts.output, override, formatOverrideChange(verb));
      });
  }

  withClientOptions(group.command('renew'))
    .description('Request a renewal of an active override; it needs its own approval')
    .argument('<id>', 'the active override')
    .requiredOption('--duration-seconds <n>', 'how long the renewal runs', duration)
    .action(async (id: string, opts: ClientOptions & { durationSeconds: number }) => {
      const { override } = await clientFrom(opts).post<One>(`/v1/overrides/${enc(id)}/renewals`, {
        duration_seconds: opts.durationSeconds,
      });
      emit(io, opts.output, override, (o) =>
        [
          formatOverrideChange('requested')(o),
          `renews ${o.renewsId ?? id}; vote on ${o.id}, then activate it`,
        ].join('\n'),
      );
    });
}
