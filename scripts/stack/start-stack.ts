// The local observability stack: the charter service, Prometheus with the real
// alert rules, Alertmanager with the real routing tree and templates, and local
// receivers for every channel, all on 127.0.0.1 with ports picked at run time.
import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';

import { alertmanagerConfig, prometheusConfig } from './stack-config.js';
import { freePort, killChildrenOnSignal, startProcess, type ManagedProcess } from './processes.js';
import { startReceivers, type Receivers } from './receivers.js';
import { createToken } from './tokens.js';
import { waitForAlertmanager, waitForPrometheus, waitForService } from './readiness.js';

/** Options of {@link startStack}; the defaults suit a test run. */
export interface StackOptions {
  /** Charter file, absolute or relative to the repository root. */
  charter?: string;
  /** Scrape and rule evaluation interval of Prometheus, in seconds. */
  intervalSeconds?: number;
  /** Kill the children on SIGINT/SIGTERM (off when the caller stops gracefully). */
  killOnSignal?: boolean;
  /** Keep the temporary directory (logs, data) after stop(). */
  keepDir?: boolean;
  /**
   * Runs the service in the caller's process instead of `charter serve`:
   * for a suite that injects a clock and drives the MAPE-K loop itself. It
   * must listen on `port`, keep its state in `dataDir` and send committee
   * notifications to `alertmanagerUrl`.
   */
  inProcessService?: (where: InProcessServiceSetup) => Promise<{ stop(): Promise<void> }>;
}

/** Where an in-process service of the stack runs and whom it talks to. */
export interface InProcessServiceSetup {
  dataDir: string;
  port: number;
  alertmanagerUrl: string;
  prometheusUrl: string;
}

export interface StackUrls {
  service: string;
  prometheus: string;
  alertmanager: string;
  slackSecurity: string;
  slackSre: string;
  pagerduty: string;
  webhook: string;
  smtp: string;
}

/** A running stack. `stop()` ends every process it started, by PID. */
export interface Stack {
  urls: StackUrls;
  dir: string;
  tokens: { admin: string; alertmanager: string };
  receivers: Receivers;
  /** Mints a bearer token for `principal` with `role` through `charter token create`. */
  createToken(principal: string, role: string): Promise<string>;
  pids(): Record<string, number>;
  stopAlertmanager(): Promise<void>;
  startAlertmanager(): Promise<void>;
  stop(): Promise<void>;
}

/** The repository root: the nearest parent directory holding package.json. */
export function repositoryRoot(from = import.meta.dirname): string {
  let dir = from;
  while (!existsSync(join(dir, 'package.json'))) {
    const up = dirname(dir);
    if (up === dir) throw new Error(`No package.json above "${from}"`);
    dir = up;
  }
  return dir;
}

/**
 * Starts the service, Prometheus, Alertmanager and the receivers. On any
 * failure, stops what it already started before rethrowing.
 */
export async function startStack(options: StackOptions = {}): Promise<Stack> {
  const root = repositoryRoot();
  const interval = options.intervalSeconds ?? 1;
  if (options.killOnSignal !== false) killChildrenOnSignal();

  const dir = mkdtempSync(join(tmpdir(), 'charter-stack-'));
  const sub = (name: string) => {
    const path = join(dir, name);
    mkdirSync(path, { recursive: true, mode: 0o700 });
    return path;
  };
  const [dataDir, promDir, amDir, secretsDir, logDir] = [
    sub('data'),
    sub('prometheus'),
    sub('alertmanager'),
    sub('secrets'),
    sub('logs'),
  ];
  const procs = new Map<string, ManagedProcess>();
  let receivers: Receivers | undefined;
  let inProcess: { stop(): Promise<void> } | undefined;
  let keepDir = options.keepDir === true;

  const stopAll = async () => {
    for (const name of ['prometheus', 'alertmanager', 'service']) await procs.get(name)?.stop();
    procs.clear();
    await inProcess?.stop();
    await receivers?.close();
    if (!keepDir) rmSync(dir, { recursive: true, force: true });
  };

  try {
    receivers = await startReceivers();
    const [servicePort, promPort, amPort] = [await freePort(), await freePort(), await freePort()];
    const service = `http://127.0.0.1:${servicePort}`;
    const prometheus = `http://127.0.0.1:${promPort}`;
    const alertmanager = `http://127.0.0.1:${amPort}`;

    // Committee notifications go to the stack's Alertmanager, as in
    // production; the service retries until that Alertmanager accepts them.
    if (options.inProcessService) {
      inProcess = await options.inProcessService({
        dataDir,
        port: servicePort,
        alertmanagerUrl: alertmanager,
        prometheusUrl: prometheus,
      });
    } else {
      const serveArgs = ['dist/src/main.js', 'serve', '--data', dataDir];
      serveArgs.push('--charter', options.charter ?? 'charters/development.yaml');
      serveArgs.push('--listen', `127.0.0.1:${servicePort}`);
      serveArgs.push('--alertmanager-url', alertmanager);
      const serviceLog = join(logDir, 'service.log');
      procs.set('service', startProcess('service', process.execPath, serveArgs, serviceLog, root));
    }
    const admin = await waitForService(service, join(dataDir, 'admin.token'), procs.get('service'));
    const mint = (principal: string, role: string) =>
      createToken({ root, dataDir, logDir, principal, role });
    const amToken = await mint('alertmanager', 'monitoring_service');

    const amConfig = join(amDir, 'alertmanager.yml');
    writeFileSync(
      amConfig,
      alertmanagerConfig({ root, secretsDir, service, receivers, intakeToken: amToken }),
    );
    const amArgs = [
      `--config.file=${amConfig}`,
      `--storage.path=${join(amDir, 'data')}`,
      `--web.listen-address=127.0.0.1:${amPort}`,
      `--web.external-url=${alertmanager}`,
      '--cluster.listen-address=',
      '--log.level=info',
    ];
    const startAm = async () => {
      const log = join(logDir, 'alertmanager.log');
      const proc = startProcess('alertmanager', 'prometheus-alertmanager', amArgs, log, root);
      procs.set('alertmanager', proc);
      await waitForAlertmanager(alertmanager, secretsDir, proc);
    };
    await startAm();

    const promConfig = join(promDir, 'prometheus.yml');
    writeFileSync(
      promConfig,
      prometheusConfig({ root, interval, servicePort, alertmanagerPort: amPort }),
    );
    const tsdb = join(promDir, 'data');
    const promArgs = [
      `--config.file=${promConfig}`,
      `--storage.tsdb.path=${tsdb}`,
      `--web.listen-address=127.0.0.1:${promPort}`,
      '--rules.alert.resend-delay=2s',
      '--log.level=info',
    ];
    const promLog = join(logDir, 'prometheus.log');
    procs.set('prometheus', startProcess('prometheus', 'prometheus', promArgs, promLog, root));
    await waitForPrometheus(prometheus, tsdb, procs.get('prometheus')!);

    const urls: StackUrls = {
      service,
      prometheus,
      alertmanager,
      slackSecurity: receivers.slackSecurity.url,
      slackSre: receivers.slackSre.url,
      pagerduty: receivers.pagerduty.url,
      webhook: receivers.webhook.url,
      smtp: `smtp://${receivers.smtp.smarthost}`,
    };
    return {
      urls,
      dir,
      tokens: { admin, alertmanager: amToken },
      receivers,
      createToken: mint,
      pids: () => Object.fromEntries([...procs].map(([name, p]) => [name, p.pid])),
      stopAlertmanager: async () => {
        await procs.get('alertmanager')?.stop();
        procs.delete('alertmanager');
      },
      startAlertmanager: startAm,
      stop: stopAll,
    };
  } catch (error) {
    const logs = `(logs in ${logDir})`;
    keepDir = true;
    await stopAll();
    throw new Error(`The local stack did not start ${logs}: ${(error as Error).message}`, {
      cause: error,
    });
  }
}
