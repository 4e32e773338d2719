import type { Command } from 'commander';

import { openStore, type OpenedStore } from '../app/open-store.js';

/** Options of every command that opens the store directly. */
export interface StoreOptions {
  data: string;
  databaseUrl?: string;
  databaseSchema?: string;
  auditKey?: string;
}

/** Adds `--data`, `--database-url`, `--database-schema` and `--audit-key` to a command. */
export function withStoreOptions(command: Command): Command {
  return command
    .option(
      '--data <dir>',
      'data directory (SQLite file, key files)',
      process.env.CHARTER_DATA ?? './data',
    )
    .option(
      '--database-url <url>',
      'PostgreSQL URL instead of SQLite (or CHARTER_DATABASE_URL)',
      process.env.CHARTER_DATABASE_URL,
    )
    .option('--database-schema <name>', 'PostgreSQL schema', process.env.CHARTER_DATABASE_SCHEMA)
    .option('--audit-key <file>', 'Ed25519 audit signing key (default DATA/audit-ed25519.pem)');
}

/** Opens the store the options name; the caller closes it. */
export function openStoreFrom(opts: StoreOptions, migrate = true): Promise<OpenedStore> {
  return openStore({
    migrate,
    dataDir: opts.data,
    ...(opts.databaseUrl ? { databaseUrl: opts.databaseUrl } : {}),
    ...(opts.databaseSchema ? { databaseSchema: opts.databaseSchema } : {}),
    ...(opts.auditKey ? { auditKeyFile: opts.auditKey } : {}),
  });
}
