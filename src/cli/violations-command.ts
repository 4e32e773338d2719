import type { Command } from 'commander';

import type { ViolationRecord } from '../store/records.js';
import { collect, parseCount, parseEvidence, parsePairs } from './client/arg-parsers.js';
import {
  clientFrom,
  groupOf,
  withClientOptions,
  type ClientOptions,
} from './client/client-options.js';
import {
  formatReported,
  formatSuspended,
  formatViolation,
  formatViolations,
} from './format/violation-format.js';
import { emit, type CliIo } from './io.js';

interface ReportOptions extends ClientOptions {
  type: string;
  source: string;
  evidence: string[];
  idempotencyKey?: string;
  rule?: string;
  severity?: string;
  property: string[];
}

interface ListOptions extends ClientOptions {
  status?: string;
  source?: string;
  limit?: number;
  offset?: number;
}

const enc = encodeURIComponent;

/**
 * `charter violations report|list|show` and `charter sources
 * suspended|reinstate`, over HTTP.
 */
export function registerViolationCommands(program: Command, io: CliIo): void {
  const violations = groupOf(program, 'violations', 'Violation reports');

  withClientOptions(violations.command('report'))
    .description('Report a violation (POST /v1/violations); idempotent with --idempotency-key')
    .requiredOption('--type <type>', 'violation type, e.g. silent_collection')
    .requiredOption('--source <id>', 'node or service the report is about')
    .option('--evidence <kind:value>', 'sha256:<hex> or reference:<uri>; repeatable', collect, [])
    .option('--idempotency-key <key>', 'reporting twice with it records once (8-128 chars)')
    .option('--rule <rule>', 'the charter rule that matched')
    .option('--severity <severity>', 'proposed penalty; the charter decides when absent')
    .option('--property <key=value>', 'a property of the report; repeatable', collect, [])
    .action(async (opts: ReportOptions) => {
      const body = {
        type: opts.type,
        source: opts.source,
        evidence: opts.evidence.map(parseEvidence),
        ...(opts.idempotencyKey !== undefined ? { idempotency_key: opts.idempotencyKey } : {}),
        ...(opts.rule !== undefined ? { rule: opts.rule } : {}),
        ...(opts.severity !== undefined ? { severity: opts.severity } : {}),
        ...(opts.property.length > 0
          ? { properties: parsePairs('--property', opts.property) }
          : {}),
      };
      const answer = await clientFrom(opts).post<{ violation: ViolationRecord; created: boolean }>(
        '/v1/violations',
        body,
      );
      emit(io, opts.output, answer, formatReported);
    });

  withClientOptions(violations.command('list'))
    .description('List violations, newest first')
    .option('--status <status>', 'reported, investigating, confirmed or dismissed')
    .option('--source <id>', 'only this source')
    .option('--limit <n>', 'at most this many (1-1000, default 100)', parseCount('--limit'))
    .option('--offset <n>', 'skip this many', parseOffset)
    .action(async (opts: ListOptions) => {
      const { violations: list } = await clientFrom(opts).get<{ violations: ViolationRecord[] }>(
        '/v1/violations',
        { status: opts.status, source: opts.source, limit: opts.limit, offset: opts.offset },
      );
      emit(io, opts.output, list, formatViolations);
    });

  withClientOptions(violations.command('show'))
    .description('Show one violation with its evidence')
    .argument('<id>', 'violation id')
    .action(async (id: string, opts: ClientOptions) => {
      const { violation } = await clientFrom(opts).get<{ violation: ViolationRecord }>(
        `/v1/violations/${enc(id)}`,
      );
      emit(io, opts.output, violation, formatViolation);
    });

  const sources = groupOf(program, 'sources', 'Standing of nodes and services');

  withClientOptions(sources.command('suspended'))
    .description('List suspended sources')
    .action(async (opts: ClientOptions) => {
      const { sources: list } = await clientFrom(opts).get<{ sources: string[] }>(
        '/v1/sources/suspended',
      );
      emit(io, opts.output, list, formatSuspended);
    });

  withClientOptions(sources.command('reinstate'))
    .description('Lift a suspension; the reason goes into the audit trail')
    .argument('<source>', 'node or service id')
    .requiredOption('--reason <text>', 'why the source may collect again')
    .action(async (source: string, opts: ClientOptions & { reason: string }) => {
      const answer = await clientFrom(opts).post<{ source: string; suspended: boolean }>(
        `/v1/sources/${enc(source)}/reinstate`,
        { reason: opts.reason },
      );
      emit(io, opts.output, answer, (a) => `source ${a.source} reinstated`);
    });
}

function parseOffset(value: string): number {
  return value === '0' ? 0 : parseCount('--offset')(value);
}
