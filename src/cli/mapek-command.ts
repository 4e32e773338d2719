import type { Command } from 'commander';
import { pino } from 'pino';
import { Registry } from 'prom-client';

import { readCharterFile } from '../app/charter-file.js';
import { compileCharter } from '../charter/index.js';
import {
  createExecutor,
  createHttpActuator,
  createMapekLoop,
  createMonitor,
  createPrometheusClient,
  registerMapekMetrics,
  resolveMapekConfig,
} from '../mapek/index.js';
import { systemClock } from '../shared/clock.js';
import { InputError } from '../shared/errors.js';
import type { CliIo } from './io.js';
import { serveMetrics } from './metrics-exporter.js';
import { parseListen } from './listen.js';
import { openStoreFrom, withStoreOptions, type StoreOptions } from './store-options.js';

interface MapekOptions extends StoreOptions {
  url?: string;
  token?: string;
  prometheus?: string;
  charter: string;
  intervalMs: string;
  query: string[];
  once?: boolean;
  metricsListen?: string;
}

const collect = (value: string, previous: string[]) => [...previous, value];

/**
 * `charter mapek`: the MAPE-K loop on its own, beside a running service. It
 * reads Prometheus, acts through the service's HTTP API with an admin token,
 * and keeps its Knowledge and its own audit entries in `--data`.
 */
export function registerMapekCommand(program: Command, io: CliIo): void {
  withStoreOptions(
    program
      .command('mapek')
      .description('Run the MAPE-K loop against a running service')
      .option('--url <url>', 'the service (or CHARTER_URL)', process.env.CHARTER_URL)
      .option('--token <token>', 'an admin token (or CHARTER_TOKEN)', process.env.CHARTER_TOKEN)
      .option(
        '--prometheus <url>',
        'Prometheus base URL (or CHARTER_PROMETHEUS_URL)',
        process.env.CHARTER_PROMETHEUS_URL,
      )
      .option(
        '--charter <file>',
        'the charter file the service enforces',
        'charters/development.yaml',
      )
      .option('--interval-ms <ms>', 'time between iterations', '15000')
      .option('--query <promql>', 'an instant query to collect (repeatable)', collect, [])
      .option('--once', 'run one iteration, print what it did as JSON and exit')
      .option(
        '--metrics-listen <host:port>',
        'serve the westworld_mapek_* metrics at http://HOST:PORT/metrics',
      ),
  ).action(async (opts: MapekOptions) => {
    const { url, token, prometheus } = opts;
    if (!url || !token || !prometheus) {
      throw new InputError(
        'mapek_options_missing',
        'charter mapek needs --url, --token and --prometheus',
        'For example: charter mapek --url http://127.0.0.1:8000 --prometheus http://127.0.0.1:9090 --token "$(cat data/admin.token)"',
      );
    }
    const config = resolveMapekConfig({ intervalMs: Number(opts.intervalMs) });
    const charter = compileCharter(await readCharterFile(opts.charter));
    const { store } = await openStoreFrom(opts);
    const clock = systemClock;
    const windowSeconds = Math.ceil(config.intervalMs / 1000);
    const monitor = createMonitor({
      clock,
      charter: () => charter,
      prometheus: createPrometheusClient({ baseUrl: prometheus }),
      queries: opts.query,
      attemptsQuery: `sum by (metric_name, node_or_service) (increase(westworld_charter_forbidden_metric_attempts_total[${windowSeconds}s]))`,
    });
    const registry = new Registry();
    const metrics = registerMapekMetrics(registry);
    const executor = createExecutor({
      actuator: createHttpActuator({ baseUrl: url, token }),
      store,
      clock,
      config,
      delay: (ms) => new Promise((resolve) => setTimeout(resolve, ms)),
      onOutcome: (outcome) => metrics.actions.inc({ outcome }),
    });
    const log = pino({ base: { component: 'mapek' } }, pino.destination(2));
    const loop = createMapekLoop({
      clock,
      config,
      charter: () => charter,
      store,
      monitor,
      executor,
      metrics,
      log,
    });

    if (opts.once) {
      try {
        const report = await loop.iterate(clock.nowMs());
        io.out(
          JSON.stringify(
            { ...report, executions: report.executions.map((e) => e.action) },
            null,
            2,
          ),
        );
      } finally {
        await store.close();
      }
      return;
    }
    const exporter = opts.metricsListen
      ? await serveMetrics(registry, parseListen(opts.metricsListen, '--metrics-listen'))
      : undefined;
    if (exporter) log.info({ url: `${exporter.url}/metrics` }, 'MAPE-K metrics served');
    loop.start();
    await new Promise<void>((resolve) => {
      process.once('SIGTERM', resolve);
      process.once('SIGINT', resolve);
    });
    await loop.stop();
    await exporter?.close();
    await store.close();
  });
}
