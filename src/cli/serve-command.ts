import { mkdir } from 'node:fs/promises';

import type { Command } from 'commander';
import { pino } from 'pino';

import { parseMapekConfig, readMapekFile } from '../app/mapek-file.js';
import { startService } from '../app/service.js';
import type { CliIo } from './io.js';
import { parseListen } from './listen.js';

interface ServeOptions {
  data: string;
  charter: string;
  listen: string;
  databaseUrl?: string;
  databaseSchema?: string;
  auditKey?: string;
  logLevel: string;
  alertmanagerUrl: string[];
  notifyWebhook: string[];
  mapek?: boolean;
  mapekConfig?: string;
}

const collect = (value: string, previous: string[]) => [...previous, value];

/** URLs from a flag given any number of times, else from `env` (comma or space separated). */
function urlsFrom(flag: string[], env: string | undefined): string[] {
  if (flag.length > 0) return flag;
  return (env ?? '').split(/[\s,]+/).filter((url) => url !== '');
}

/** How long a graceful shutdown may take before the process exits regardless. */
const SHUTDOWN_LIMIT_MS = 10_000;

/**
 * `charter serve`: runs the service until SIGTERM or SIGINT. SIGHUP reloads
 * the charter file; a bad file is refused and the charter in force stays.
 */
export function registerServeCommand(program: Command, io: CliIo): void {
  program
    .command('serve')
    .description('Run the HTTP service')
    .option('--data <dir>', 'data directory (SQLite file, keys, admin token)', './data')
    .option('--charter <file>', 'charter file', 'charters/development.yaml')
    .option('--listen <host:port>', 'address to listen on', '127.0.0.1:8000')
    .option(
      '--database-url <url>',
      'PostgreSQL URL instead of SQLite',
      process.env.CHARTER_DATABASE_URL,
    )
    .option('--database-schema <name>', 'PostgreSQL schema', process.env.CHARTER_DATABASE_SCHEMA)
    .option('--audit-key <file>', 'Ed25519 audit signing key (default DATA/audit-ed25519.pem)')
    .option('--log-level <level>', 'pino log level', process.env.CHARTER_LOG_LEVEL ?? 'info')
    .option(
      '--alertmanager-url <url>',
      'Alertmanager base URL for committee notifications; repeat for each (default CHARTER_ALERTMANAGER_URL)',
      collect,
      [],
    )
    .option(
      '--notify-webhook <url>',
      'webhook receiving committee notifications as JSON; repeat for each (default CHARTER_NOTIFY_WEBHOOK)',
      collect,
      [],
    )
    .option('--mapek', 'run the MAPE-K loop in process, with the defaults of docs/mapek.md')
    .option(
      '--mapek-config <file>',
      'run the MAPE-K loop in process with this YAML configuration (docs/mapek.md)',
      process.env.CHARTER_MAPEK_CONFIG,
    )
    .action(async (opts: ServeOptions) => {
      const { host, port } = parseListen(opts.listen);
      const mapek = opts.mapekConfig
        ? await readMapekFile(opts.mapekConfig)
        : opts.mapek === true
          ? parseMapekConfig({}, '--mapek')
          : undefined;
      await mkdir(opts.data, { recursive: true });
      const logger = pino({ level: opts.logLevel });
      const service = await startService({
        dataDir: opts.data,
        charterFile: opts.charter,
        host,
        port,
        logger,
        ...(opts.databaseUrl ? { databaseUrl: opts.databaseUrl } : {}),
        ...(opts.databaseSchema ? { databaseSchema: opts.databaseSchema } : {}),
        ...(opts.auditKey ? { auditKeyFile: opts.auditKey } : {}),
        ...(mapek ? { mapek } : {}),
        notifications: {
          alertmanagerUrls: urlsFrom(opts.alertmanagerUrl, process.env.CHARTER_ALERTMANAGER_URL),
          webhookUrls: urlsFrom(opts.notifyWebhook, process.env.CHARTER_NOTIFY_WEBHOOK),
        },
      });
      if (service.adminToken !== undefined) {
        io.err(`admin token (shown once, also in ${opts.data}/admin.token): ${service.adminToken}`);
      }
      logger.info(
        { url: service.url, charter: opts.charter, mapek: mapek !== undefined },
        'Service listening',
      );

      process.on('SIGHUP', () => {
        service.charter
          .reload()
          .then(() => logger.info({ file: opts.charter }, 'Charter reloaded on SIGHUP'))
          .catch((error: unknown) =>
            logger.warn({ err: error }, 'Charter reload on SIGHUP refused, previous charter stays'),
          );
      });
      await new Promise<void>((resolve) => {
        const shutdown = (signal: NodeJS.Signals) => {
          logger.info({ signal }, 'Shutting down');
          const limit = setTimeout(() => {
            logger.error({ limitMs: SHUTDOWN_LIMIT_MS }, 'Shutdown took too long, exiting');
            process.exit(1);
          }, SHUTDOWN_LIMIT_MS);
          limit.unref();
          service
            .stop()
            .then(() => logger.info('Stopped'))
            .catch((error: unknown) => logger.error({ err: error }, 'Shutdown failed'))
            .finally(resolve);
        };
        process.once('SIGTERM', shutdown);
        process.once('SIGINT', shutdown);
      });
    });
}
