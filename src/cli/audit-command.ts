import { createWriteStream } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { once } from 'node:events';

import { auditEntries } from '../store/audit-entries.js';
import { verifyStoredTrail } from '../store/verify-stored-trail.js';
import type { Command } from 'commander';
import { emit, parseOutputFormat, type CliIo, type ExitCode, type OutputFormat } from './io.js';
import { exportAuditOverHttp, verifyAuditOverHttp } from './audit-remote.js';
import { openStoreFrom, withStoreOptions, type StoreOptions } from './store-options.js';

type VerifyOptions = StoreOptions & {
  publicKey?: string;
  output: OutputFormat;
  url?: string;
  token?: string;
};

/** `charter audit verify|export|public-key`, working on the store directly. */
export function registerAuditCommands(
  program: Command,
  io: CliIo,
  setExit: (code: ExitCode) => void,
): void {
  const audit = program
    .command('audit')
    .description('Verify, export and anchor the signed audit trail');

  withStoreOptions(audit.command('verify'))
    .description(
      'Check every entry (hash chain, order, Ed25519 signature) and the signed head; exit 1 at the first broken entry',
    )
    .option(
      '--public-key <file>',
      'verify with this public key PEM instead of the one derived from the signing key',
    )
    .option('--output <format>', 'table or json', parseOutputFormat, 'table' as OutputFormat)
    .option('--url <url>', 'ask the service at this URL to verify (GET /v1/audit/verify)')
    .option('--token <token>', 'with --url: a committee or admin token (or CHARTER_TOKEN)')
    .action(async (opts: VerifyOptions) => {
      if (opts.url !== undefined) {
        setExit(await verifyAuditOverHttp({ ...opts, url: opts.url }, io));
        return;
      }
      const opened = await openStoreFrom(opts);
      try {
        const publicKeyPem = opts.publicKey
          ? await readFile(opts.publicKey, 'utf8')
          : opened.publicKeyPem;
        const verdict = await verifyStoredTrail(opened.store, publicKeyPem);
        emit(io, opts.output, verdict, (v) =>
          v.ok
            ? `audit chain intact: ${v.checked} entries verified, last hash ${v.lastHash}`
            : `audit chain BROKEN at entry ${v.firstBroken.seq} (${v.firstBroken.problem}): ${v.firstBroken.detail}\n${v.checked} entries verified before it`,
        );
        setExit(verdict.ok ? 0 : 1);
      } finally {
        await opened.store.close();
      }
    });

  withStoreOptions(audit.command('export'))
    .description('Write every audit entry as JSON Lines, in sequence order')
    .option('--out <file>', 'write to a file instead of standard output')
    .option('--url <url>', 'export from the service at this URL (GET /v1/audit/export)')
    .option('--token <token>', 'with --url: a committee or admin token (or CHARTER_TOKEN)')
    .action(async (opts: StoreOptions & { out?: string; url?: string; token?: string }) => {
      if (opts.url !== undefined) return exportAuditOverHttp({ ...opts, url: opts.url }, io);
      const opened = await openStoreFrom(opts);
      const sink = opts.out ? createWriteStream(opts.out, { mode: 0o600 }) : undefined;
      let count = 0;
      try {
        for await (const entry of auditEntries(opened.store)) {
          const line = `${JSON.stringify(entry)}\n`;
          if (sink === undefined) io.out(line);
          else if (!sink.write(line)) await once(sink, 'drain');
          count += 1;
        }
      } finally {
        await opened.store.close();
        if (sink) await new Promise<void>((resolve) => sink.end(resolve));
      }
      if (opts.out) io.err(`exported ${count} audit entries to ${opts.out}`);
    });

  withStoreOptions(audit.command('public-key'))
    .description('Print the public key that verifies the audit trail (PEM)')
    .action(async (opts: StoreOptions) => {
      const opened = await openStoreFrom(opts);
      await opened.store.close();
      io.out(opened.publicKeyPem);
    });
}
