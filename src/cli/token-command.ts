import type { Command } from 'commander';

import { createToken, revokeToken } from '../http/tokens.js';
import { systemClock } from '../shared/clock.js';
import { emit, parseOutputFormat, table, type CliIo, type OutputFormat } from './io.js';
import { openStoreFrom, withStoreOptions, type StoreOptions } from './store-options.js';

type TokenOptions = StoreOptions & { output: OutputFormat };

/**
 * `charter token create|revoke|list`, on the store directly: tokens must be
 * made before anything can talk to the API. The token is printed once; the
 * store keeps only its hash.
 */
export function registerTokenCommands(program: Command, io: CliIo): void {
  const token = program.command('token').description('Create, revoke and list bearer tokens');
  const withOutput = (c: Command) =>
    withStoreOptions(c).option('--output <format>', 'table or json', parseOutputFormat, 'table');

  withOutput(token.command('create'))
    .description('Create a token bound to a principal and a role; prints it once')
    .requiredOption(
      '--role <role>',
      'public, node_operator, monitoring_service, audit_committee_member, emergency_responder or admin',
    )
    .requiredOption('--principal <id>', 'who the token speaks for (a node id, a member id)')
    .option('--description <text>', 'what the token is for', '')
    .action(
      async (opts: TokenOptions & { role: string; principal: string; description: string }) => {
        const opened = await openStoreFrom(opts);
        try {
          const { record, token: secret } = await createToken(opened.store, systemClock, {
            principal: opts.principal,
            role: opts.role,
            description: opts.description,
            actor: 'cli',
          });
          emit(
            io,
            opts.output,
            { id: record.id, principal: record.principal, role: record.role, token: secret },
            (t) =>
              [`token ${t.id} for ${t.principal} (${t.role}); shown once:`, t.token].join('\n'),
          );
        } finally {
          await opened.store.close();
        }
      },
    );

  withOutput(token.command('revoke'))
    .description('Revoke a token by id; it stops working within a second on every instance')
    .argument('<id>', 'token id, as `charter token list` shows it')
    .action(async (id: string, opts: TokenOptions) => {
      const opened = await openStoreFrom(opts);
      try {
        const record = await revokeToken(opened.store, systemClock, id, 'cli');
        emit(
          io,
          opts.output,
          { id: record.id, principal: record.principal, revoked_at_ms: record.revokedAtMs },
          (r) => `token ${r.id} for ${r.principal} revoked`,
        );
      } finally {
        await opened.store.close();
      }
    });

  withOutput(token.command('list'))
    .description('List tokens (never the tokens themselves)')
    .action(async (opts: TokenOptions) => {
      const opened = await openStoreFrom(opts);
      try {
        const rows = (await opened.store.tokens.list()).map((t) => ({
          id: t.id,
          principal: t.principal,
          role: t.role,
          description: t.description,
          created_at: new Date(t.createdAtMs).toISOString(),
          revoked_at: t.revokedAtMs === null ? null : new Date(t.revokedAtMs).toISOString(),
        }));
        emit(io, opts.output, rows, (list) =>
          table(
            ['ID', 'PRINCIPAL', 'ROLE', 'CREATED', 'REVOKED', 'DESCRIPTION'],
            list.map((t) => [
              t.id,
              t.principal,
              t.role,
              t.created_at,
              t.revoked_at ?? '-',
              t.description,
            ]),
          ),
        );
      } finally {
        await opened.store.close();
      }
    });
}
