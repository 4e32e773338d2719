import type { Command } from 'commander';

import type { SubjectExport } from '../governance/erasure-steps.js';
import type { RevocationRecord } from '../store/records.js';
import { InputError } from '../shared/errors.js';
import {
  clientFrom,
  groupOf,
  withClientOptions,
  type ClientOptions,
} from './client/client-options.js';
import { fields, iso } from './format/text.js';
import { emit, table, type CliIo } from './io.js';

interface ErasureAnswer {
  erasure: { id: string; pseudonym: string; status: string; export_until_ms: number };
}

/**
 * `charter revocations revoke|list` and `charter erasure
 * request|export|record`, over HTTP (SPEC §5 revocations).
 */
export function registerRightsCommands(program: Command, io: CliIo): void {
  const revocations = groupOf(program, 'revocations', "Revoke a collector's access");

  withClientOptions(revocations.command('revoke'))
    .description("Revoke a collector's access; every instance denies it within the deadline")
    .argument('<collector>', 'node or service id')
    .requiredOption('--reason <reason>', 'a revocation reason of the charter vocabulary')
    .action(async (collector: string, opts: ClientOptions & { reason: string }) => {
      const { revocation } = await clientFrom(opts).post<{ revocation: RevocationRecord }>(
        '/v1/revocations',
        { collector, reason: opts.reason },
      );
      emit(
        io,
        opts.output,
        revocation,
        (r) => `revocation ${r.id}: ${r.collector} revoked (${r.reason})`,
      );
    });

  withClientOptions(revocations.command('list'))
    .description('List revocations and how fast they came into force')
    .action(async (opts: ClientOptions) => {
      const { revocations: list } = await clientFrom(opts).get<{
        revocations: RevocationRecord[];
      }>('/v1/revocations');
      emit(io, opts.output, list, (rows) =>
        rows.length === 0
          ? 'no revocations'
          : table(
              ['ID', 'COLLECTOR', 'REASON', 'REQUESTED BY', 'REQUESTED', 'IN FORCE', 'LATENCY'],
              rows.map((r) => [
                r.id,
                r.collector,
                r.reason,
                r.requestedBy,
                iso(r.requestedAtMs),
                iso(r.inForceAtMs),
                r.latencyMs === null ? '-' : `${r.latencyMs} ms`,
              ]),
            ),
      );
    });

  const erasure = groupOf(program, 'erasure', "A data subject's export and erasure");

  withClientOptions(erasure.command('request'))
    .description('Start an erasure; the records can be exported until the window closes')
    .argument('<subject-id>', "the data subject's id")
    .requiredOption('--reason <reason>', 'a revocation reason of the charter vocabulary')
    .action(async (subjectId: string, opts: ClientOptions & { reason: string }) => {
      const { erasure: e } = await clientFrom(opts).post<ErasureAnswer>('/v1/erasures', {
        subject_id: subjectId,
        reason: opts.reason,
      });
      emit(io, opts.output, e, (r) =>
        fields([
          ['erasure', r.id],
          ['pseudonym', r.pseudonym],
          ['status', r.status],
          ['export until', iso(r.export_until_ms)],
        ]),
      );
    });

  withClientOptions(erasure.command('export'))
    .description("Export the subject's records while the export window is open")
    .argument('<erasure-id>', 'id printed by `charter erasure request`')
    .action(async (id: string, opts: ClientOptions) => {
      const answer = await clientFrom(opts).get<SubjectExport>(
        `/v1/erasures/${encodeURIComponent(id)}/export`,
      );
      emit(io, opts.output, answer, (x) =>
        [
          `erasure ${x.erasureId}: ${x.records.length} record(s), export window open until ${iso(x.exportUntilMs)}`,
          table(
            ['ID', 'KIND', 'CREATED', 'DATA'],
            x.records.map((r) => [r.id, r.kind, iso(r.createdAtMs), JSON.stringify(r.data)]),
          ),
        ].join('\n'),
      );
    });

  withClientOptions(erasure.command('record'))
    .description('Store a record about a data subject (admin or monitoring service)')
    .argument('<subject-id>', "the data subject's id")
    .requiredOption('--kind <kind>', 'what kind of record, e.g. consent')
    .requiredOption('--data <json>', 'the record, a JSON object', parseJsonObject)
    .action(async (subjectId: string, opts: ClientOptions & { kind: string; data: object }) => {
      const { record } = await clientFrom(opts).post<{
        record: { id: string; kind: string; created_at_ms: number };
      }>('/v1/subjects/records', { subject_id: subjectId, kind: opts.kind, data: opts.data });
      emit(io, opts.output, record, (r) => `record ${r.id} (${r.kind}) stored`);
    });
}

function parseJsonObject(text: string): object {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    value = undefined;
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw new InputError(
      'data_argument_invalid',
      `--data is ${JSON.stringify(text)}, expected a JSON object`,
      `For example --data '{"consent":"granted"}'`,
    );
  }
  return value;
}
