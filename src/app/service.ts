import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';

import type { FastifyInstance } from 'fastify';
import type { Logger } from 'pino';

import { compileCharter, createDecisionEngine, type EscalationEvent } from '../charter/index.js';
import { createGovernance, type Governance, type GovernanceEvents } from '../governance/index.js';
import { createHttpServer } from '../http/server.js';
import { startMapekInService, type MapekInService } from '../mapek/index.js';
import { createChannels } from '../notify/index.js';
import { createToken, createTokenAuthenticator } from '../http/tokens.js';
import { systemClock, type Clock } from '../shared/clock.js';
import type { Store } from '../store/store.js';
import { readCharterFile } from './charter-file.js';
import { createCharterSource, type CharterSource } from './charter-source.js';
import { createServiceNotifications, type NotificationConfig } from './notifications.js';
import { openStore } from './open-store.js';
import type { MapekServiceConfig } from './mapek-file.js';
import { startIngestThread } from './ingest-thread.js';
import { createServiceMetrics } from './service-metrics.js';

/** How long shutdown spends delivering due committee notifications (within serve's 10 s). */
const NOTIFICATION_FLUSH_MS = 3_000;

/** How `charter serve` runs. */
export interface ServiceConfig {
  dataDir: string;
  charterFile: string;
  host: string;
  /** 0 picks a free port. */
  port: number;
  databaseUrl?: string;
  databaseSchema?: string;
  /** Ed25519 key that signs audit entries; default `DATA/audit-ed25519.pem`. */
  auditKeyFile?: string;
  bodyLimitBytes?: number;
  /** Committee notification channels (Alertmanager base URLs, webhooks) and retry pace. */
  notifications?: NotificationConfig;
  /** Runs the MAPE-K loop in process when set (`serve --mapek`, `--mapek-config`). */
  mapek?: MapekServiceConfig;
  clock?: Clock;
  logger: Logger;
}

/** A running service. */
export interface RunningService {
  url: string;
  /** Printed once on the first start with an empty store; undefined afterwards. */
  adminToken: string | undefined;
  app: FastifyInstance;
  store: Store;
  governance: Governance;
  charter: CharterSource;
  /** The MAPE-K loop, when configured. */
  mapek: MapekInService | undefined;
  /** Stops accepting, finishes in-flight requests, flushes pending commits, closes the store. */
  stop(): Promise<void>;
}

/**
 * The composition root: charter, store, decision engine, governance, HTTP.
 * The durable state (suspensions, revocations, overrides) lives in the store;
 * the engine holds a copy refreshed after every change and on a short timer,
 * so other instances' changes reach this one within a second.
 */
export async function startService(config: ServiceConfig): Promise<RunningService> {
  const clock = config.clock ?? systemClock;
  const log = config.logger;
  const loadStarted = performance.now();
  const firstDocument = await readCharterFile(config.charterFile);
  const firstCharter = compileCharter(firstDocument);
  const firstLoadMs = performance.now() - loadStarted;
  const opened = await openStore({
    dataDir: config.dataDir,
    ...(config.databaseUrl ? { databaseUrl: config.databaseUrl } : {}),
    ...(config.databaseSchema ? { databaseSchema: config.databaseSchema } : {}),
    ...(config.auditKeyFile ? { auditKeyFile: config.auditKeyFile } : {}),
  });
  const { store } = opened;

  // The engine reports escalations before governance exists; the closure reads it late.
  // eslint-disable-next-line prefer-const -- assigned once below, read by closures built first
  let governance: Governance | undefined;
  const escalate = (event: EscalationEvent) => {
    governance?.escalation
      .handle(event)
      .then(() => observed.escalated(event))
      .catch((error: unknown) =>
        log.error({ err: error, source: event.source }, 'Escalation failed'),
      );
  };
  // Only a running loop pays for a hook on every decision.
  let mapek: MapekInService | undefined;
  const engine = createDecisionEngine({
    clock,
    charter: firstCharter,
    onEscalation: escalate,
    ...(config.mapek ? { onDecision: (d, input) => mapek?.observeDecision(d, input) } : {}),
  });
  const channels = createChannels({
    alertmanagerUrls: config.notifications?.alertmanagerUrls ?? [],
    webhookUrls: config.notifications?.webhookUrls ?? [],
  });
  const observed = createServiceMetrics({
    engine,
    store,
    clock,
    governance: () => governance,
    channelKinds: [...new Set(channels.map((c) => c.kind))],
    firstLoadMs,
  });
  const charter = createCharterSource(
    config.charterFile,
    firstDocument,
    engine,
    clock,
    (outcome, durationMs, error) => {
      observed.metrics.policyLoaded(outcome, durationMs);
      if (outcome === 'success')
        log.info({ durationMs, generation: engine.generation }, 'Charter loaded');
      else
        log.warn(
          { durationMs, err: error },
          'Charter reload refused, previous charter stays in force',
        );
    },
  );

  const refresh = createStateRefresher(store, engine, () => governance, log);
  const events: GovernanceEvents = {
    sourceStandingChanged: () => void refresh.now(),
    overrideChanged: () => void refresh.now(),
    revocationRequested: (revocation) => {
      void refresh
        .now()
        .then(() => governance?.revocations.confirmInForce(revocation.id, clock.nowMs()))
        .then((confirmed) => confirmed && observed.revocationInForce(confirmed))
        .catch((error: unknown) =>
          log.error({ err: error, revocationId: revocation.id }, 'Confirming revocation failed'),
        );
    },
  };
  const notifications = createServiceNotifications(config.notifications ?? {}, {
    store,
    clock,
    log,
    channels,
    observe: observed.delivery,
  });
  // On SQLite, violation batches are written by a worker thread (see ingest-thread.ts).
  const ingestThread =
    opened.sqliteFile === undefined
      ? undefined
      : await startIngestThread(
          {
            file: opened.sqliteFile,
            auditKeyFile: opened.auditKeyFile,
            channels: notifications.notifier.channels,
          },
          () => engine.current(),
          (error) => log.error({ err: error }, 'Ingest worker stopped; the next batch restarts it'),
        );
  governance = createGovernance(
    {
      store,
      clock,
      charter: () => engine.current(),
      events: notifications.wakeOn(observed.observe(events)),
      notifier: notifications.notifier,
    },
    {
      pseudonymKey: opened.pseudonymKey,
      ...(ingestThread ? { ingest: { writer: ingestThread.write, maxInFlight: 3 } } : {}),
    },
  );
  await governance.committee.seedFromCharter();
  await observed.refreshCommittee();
  await refresh.now();
  const adminToken = await bootstrapAdminToken(store, clock, config.dataDir);
  await observed.refreshPrincipals();

  const auth = createTokenAuthenticator(store, clock);
  const app = createHttpServer(
    {
      engine: observed.engine,
      governance,
      store,
      clock,
      auth,
      registry: observed.registry,
      publicKeyPem: opened.publicKeyPem,
      charter: () => charter.current(),
      reloadCharter: async (actor) => {
        await charter.reload();
        log.info({ actor }, 'Charter reloaded on request');
      },
      alertsReceived: (actor, payload) => recordAlerts(store, clock, actor, payload),
      bodyLimitBytes: config.bodyLimitBytes ?? 8 * 1024 * 1024,
      rateLimitPerMinute: (role) => engine.current().settings.access[role].rateLimitPerMinute,
    },
    log,
  );
  if (config.mapek) {
    mapek = startMapekInService({
      clock,
      charter: () => engine.current(),
      governance,
      store,
      registry: observed.registry,
      log: log.child({ component: 'mapek' }),
      config: config.mapek.loop,
      ...(config.mapek.prometheus ? { prometheus: config.mapek.prometheus } : {}),
    });
  }
  await app.listen({ host: config.host, port: config.port });
  const address = app.server.address();
  const port = typeof address === 'object' && address !== null ? address.port : config.port;
  charter.watch((error) => log.warn({ err: error }, 'Charter file change refused'));
  const gov = governance;
  notifications.start(() => gov.revocations.notifyOverdue());
  const timers = [
    setInterval(() => void refresh.now(), 1_000),
    // Tokens are made by `charter token create` too, outside this process.
    setInterval(
      () =>
        void observed
          .refreshPrincipals()
          .catch((error: unknown) => log.warn({ err: error }, 'Reading token principals failed')),
      1_000,
    ),
    setInterval(
      () =>
        void governance?.erasure
          .processDueErasures()
          .catch((error: unknown) => log.error({ err: error }, 'Erasure sweep failed')),
      60_000,
    ),
  ];

  let stopping: Promise<void> | undefined;
  return {
    url: `http://${config.host}:${port}`,
    adminToken,
    app,
    store,
    governance,
    charter,
    mapek,
    stop() {
      stopping ??= (async () => {
        timers.forEach(clearInterval);
        await mapek?.stop();
        charter.close();
        // close() ends only idle keep-alive connections, and only those idle at
        // the moment it is called; connections that finish their in-flight
        // request afterwards would hold the shutdown open until they time out.
        const sweeper = setInterval(() => app.server.closeIdleConnections(), 50);
        await app.close().finally(() => clearInterval(sweeper));
        await governance?.ingest.close();
        await ingestThread?.close();
        await notifications.stop(NOTIFICATION_FLUSH_MS);
        await store.close();
      })();
      return stopping;
    },
  };
}

/** Keeps the engine's copy of suspensions, revocations and overrides in step with the store. */
function createStateRefresher(
  store: Store,
  engine: ReturnType<typeof createDecisionEngine>,
  gov: () => Governance | undefined,
  log: Logger,
) {
  let running: Promise<void> | undefined;
  const once = async () => {
    const g = gov();
    if (g === undefined) return;
    await g.overrides.sweepExpired();
    engine.setSuspended(await g.escalation.suspendedSources());
    engine.setRevoked(await g.revocations.revokedCollectors());
    engine.setOverrides(await g.overrides.activeGrants());
  };
  return {
    now(): Promise<void> {
      running ??= once()
        .catch((error: unknown) => log.error({ err: error }, 'Refreshing source standing failed'))
        .finally(() => (running = undefined));
      return running;
    },
  };
}

async function bootstrapAdminToken(
  store: Store,
  clock: Clock,
  dataDir: string,
): Promise<string | undefined> {
  if ((await store.tokens.list()).length > 0) return undefined;
  const { token } = await createToken(store, clock, {
    principal: 'admin',
    role: 'admin',
    description: 'created on first start',
    actor: 'system',
  });
  await writeFile(join(dataDir, 'admin.token'), `${token}\n`, { mode: 0o600 });
  return token;
}

async function recordAlerts(
  store: Store,
  clock: Clock,
  actor: string,
  payload: Record<string, unknown>,
): Promise<number> {
  const alerts =
    (payload.alerts as { status: string; labels: Record<string, string> }[] | undefined) ?? [];
  const nowMs = clock.nowMs();
  await store.transaction(async (tx) => {
    await tx.audit.appendMany(
      alerts.map((a) => ({
        atMs: nowMs,
        actor,
        action: 'alert.received',
        subjectType: 'alert',
        subjectId: a.labels.alertname ?? 'unknown',
        payload: {
          status: a.status,
          severity: a.labels.severity ?? null,
          violation_type: a.labels.violation_type ?? null,
          source: a.labels.node_or_service ?? null,
        },
      })),
    );
  });
  return alerts.length;
}
