import type { Command } from 'commander';

import type { InvestigationView } from '../governance/investigations.js';
import type { InvestigationRecord } from '../store/records.js';
import { collect, parseCount, parseEvidence } from './client/arg-parsers.js';
import {
  clientFrom,
  groupOf,
  withClientOptions,
  type ClientOptions,
} from './client/client-options.js';
import { InputError } from '../shared/errors.js';
import {
  formatAfterVote,
  formatInvestigation,
  formatInvestigations,
} from './format/investigation-format.js';
import { emit, type CliIo } from './io.js';

type One = { investigation: InvestigationView };
const enc = encodeURIComponent;

/**
 * `charter investigations open|list|show|assign|note|evidence|vote`, over
 * HTTP. Every command that changes a case prints the case after the change.
 */
export function registerInvestigationCommands(program: Command, io: CliIo): void {
  const group = groupOf(program, 'investigations', 'Investigations and the committee votes');
  const show = (opts: ClientOptions, answer: One) =>
    emit(io, opts.output, answer.investigation, formatInvestigation);

  withClientOptions(group.command('open'))
    .description('Open an investigation of a reported violation')
    .argument('<violation-id>', 'the violation to investigate')
    .option('--assignee <member>', 'committee member in charge')
    .option('--deadline <date-time>', 'due by (default: 14 days from now)')
    .action(
      async (
        violationId: string,
        opts: ClientOptions & { assignee?: string; deadline?: string },
      ) => {
        const body = {
          violation_id: violationId,
          ...(opts.assignee !== undefined ? { assignee: opts.assignee } : {}),
          ...(opts.deadline !== undefined ? { deadline_at: dateTime(opts.deadline) } : {}),
        };
        const { investigation } = await clientFrom(opts).post<{
          investigation: InvestigationRecord;
        }>('/v1/investigations', body);
        emit(io, opts.output, investigation, (i) =>
          [
            `investigation ${i.id} opened for violation ${i.violationId}`,
            `assignee ${i.assignee ?? '-'}, deadline ${new Date(i.deadlineAtMs).toISOString()}`,
          ].join('\n'),
        );
      },
    );

  withClientOptions(group.command('list'))
    .description('List investigations')
    .option('--status <status>', 'open or closed')
    .option('--limit <n>', 'at most this many (1-1000, default 100)', parseCount('--limit'))
    .action(async (opts: ClientOptions & { status?: string; limit?: number }) => {
      const { investigations } = await clientFrom(opts).get<{
        investigations: InvestigationRecord[];
      }>('/v1/investigations', { status: opts.status, limit: opts.limit });
      emit(io, opts.output, investigations, formatInvestigations);
    });

  withClientOptions(group.command('show'))
    .description('Show an investigation with its timeline and votes')
    .argument('<id>', 'investigation id')
    .action(async (id: string, opts: ClientOptions) => {
      show(opts, await clientFrom(opts).get<One>(`/v1/investigations/${enc(id)}`));
    });

  withClientOptions(group.command('assign'))
    .description('Assign an investigation to a committee member')
    .argument('<id>', 'investigation id')
    .argument('<assignee>', 'member id')
    .action(async (id: string, assignee: string, opts: ClientOptions) => {
      const path = `/v1/investigations/${enc(id)}/assign`;
      show(opts, await clientFrom(opts).post<One>(path, { assignee }));
    });

  withClientOptions(group.command('note'))
    .description("Add a note to an investigation's timeline")
    .argument('<id>', 'investigation id')
    .argument('<text>', 'the note')
    .action(async (id: string, text: string, opts: ClientOptions) => {
      const path = `/v1/investigations/${enc(id)}/notes`;
      show(opts, await clientFrom(opts).post<One>(path, { text }));
    });

  withClientOptions(group.command('evidence'))
    .description('Add evidence (hashes or references, never raw personal data)')
    .argument('<id>', 'investigation id')
    .requiredOption(
      '--evidence <kind:value>',
      'sha256:<hex> or reference:<uri>; repeatable',
      collect,
    )
    .action(async (id: string, opts: ClientOptions & { evidence: string[] }) => {
      const path = `/v1/investigations/${enc(id)}/evidence`;
      const body = { evidence: opts.evidence.map(parseEvidence) };
      show(opts, await clientFrom(opts).post<One>(path, body));
    });

  withClientOptions(group.command('vote'))
    .description('Vote as a committee member: confirm (with --penalty) or dismiss')
    .argument('<id>', 'investigation id')
    .argument('<choice>', 'confirm or dismiss')
    .option('--penalty <severity>', 'with confirm: warning, suspension, ban_1year, …')
    .action(async (id: string, choice: string, opts: ClientOptions & { penalty?: string }) => {
      const path = `/v1/investigations/${enc(id)}/votes`;
      const body = { choice, ...(opts.penalty !== undefined ? { penalty: opts.penalty } : {}) };
      const { investigation } = await clientFrom(opts).post<One>(path, body);
      emit(io, opts.output, investigation, formatAfterVote);
    });
}

function dateTime(text: string): string {
  const ms = Date.parse(text);
  if (Number.isNaN(ms)) {
    throw new InputError(
      'deadline_argument_invalid',
      `--deadline is "${text}", expected a date or date-time`,
      'For example --deadline 2026-08-01T12:00:00Z',
    );
  }
  return new Date(ms).toISOString();
}
