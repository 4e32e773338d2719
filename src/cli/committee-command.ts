import type { Command } from 'commander';

import type { CommitteeMemberRecord } from '../store/records.js';
import {
  clientFrom,
  groupOf,
  withClientOptions,
  type ClientOptions,
} from './client/client-options.js';
import { iso } from './format/text.js';
import { emit, table, type CliIo } from './io.js';

interface CommitteeView {
  quorum_percent: number;
  members: { id: string; name: string; since_ms: number }[];
}

/** `charter committee list|add|remove`, over HTTP; add and remove need an admin token. */
export function registerCommitteeCommands(program: Command, io: CliIo): void {
  const group = groupOf(program, 'committee', 'The audit committee');

  withClientOptions(group.command('list'))
    .description('List the active members and the quorum')
    .action(async (opts: ClientOptions) => {
      const view = await clientFrom(opts).get<CommitteeView>('/v1/committee');
      emit(io, opts.output, view, (v) =>
        [
          `quorum ${v.quorum_percent}% of ${v.members.length} active members`,
          table(
            ['ID', 'NAME', 'SINCE'],
            v.members.map((m) => [m.id, m.name, iso(m.since_ms)]),
          ),
        ].join('\n'),
      );
    });

  withClientOptions(group.command('add'))
    .description('Add a committee member (admin); audited')
    .argument('<id>', 'member id, the principal of their token')
    .requiredOption('--name <name>', 'full name')
    .requiredOption('--contact <contact>', 'where notifications reach them')
    .action(async (id: string, opts: ClientOptions & { name: string; contact: string }) => {
      const { member } = await clientFrom(opts).post<{ member: CommitteeMemberRecord }>(
        '/v1/committee/members',
        { id, name: opts.name, contact: opts.contact },
      );
      emit(io, opts.output, member, (m) => `committee member ${m.id} (${m.name}) added`);
    });

  withClientOptions(group.command('remove'))
    .description('Remove a committee member (admin); audited, votes already cast stay')
    .argument('<id>', 'member id')
    .action(async (id: string, opts: ClientOptions) => {
      const { member } = await clientFrom(opts).delete<{ member: CommitteeMemberRecord }>(
        `/v1/committee/members/${encodeURIComponent(id)}`,
      );
      emit(io, opts.output, member, (m) => `committee member ${m.id} (${m.name}) removed`);
    });
}
