import { collectDefaultMetrics, Registry } from 'prom-client';

import type { DecisionEngine, EscalationEvent } from '../charter/index.js';
import type { Governance, GovernanceEvents } from '../governance/index.js';
import {
  createCharterMetrics,
  createGovernanceObserver,
  nodePrincipals,
  type CharterMetrics,
} from '../metrics/index.js';
import type { DeliveryObservation } from '../notify/index.js';
import type { Clock } from '../shared/clock.js';
import type { RevocationRecord } from '../store/records.js';
import type { Store } from '../store/store.js';
import { mergeEvents } from './merge-events.js';

/** The fifteen metrics of one running service, and the hooks that move them. */
export interface ServiceMetrics {
  /** Served at GET /metrics: the charter metrics and the process's own. */
  readonly registry: Registry;
  readonly metrics: CharterMetrics;
  /** The engine every decision goes through, counted (metric 2) and sampled (metric 7). */
  readonly engine: DecisionEngine;
  /** `events` with the metric hooks of governance's events added. */
  observe(events: GovernanceEvents): GovernanceEvents;
  /** After governance recorded an escalation event. */
  escalated(event: EscalationEvent): void;
  /** After a collector's revocation was confirmed in force. */
  revocationInForce(revocation: RevocationRecord): void;
  /** A committee notification attempt (metrics 4 and 10); safe to pass unbound. */
  readonly delivery: (observation: DeliveryObservation) => void;
  /** Re-reads the tokens so new nodes and services get their own series. */
  refreshPrincipals(): Promise<void>;
  /** Re-reads the committee (metric 13), e.g. after the charter seeded it. */
  refreshCommittee(): Promise<void>;
}

/** What the metrics read from the service. */
export interface ServiceMetricsDeps {
  readonly engine: DecisionEngine;
  readonly store: Store;
  readonly clock: Clock;
  /** Governance exists after the metrics do; read at scrape only. */
  readonly governance: () => Governance | undefined;
  /** Channel kinds configured, whose series exist from start-up. */
  readonly channelKinds: readonly string[];
  /** How long the first charter load took, in ms; recorded as a success. */
  readonly firstLoadMs: number;
}

/**
 * Registers the fifteen metrics on a fresh registry (never the global one)
 * and returns the hooks the composition root threads through the service.
 */
export function createServiceMetrics(deps: ServiceMetricsDeps): ServiceMetrics {
  const { store, clock } = deps;
  const registry = new Registry();
  collectDefaultMetrics({ register: registry, prefix: 'westworld_process_' });

  const metrics = createCharterMetrics(registry, {
    charter: () => deps.engine.current(),
    clock,
    underInvestigation: () => store.violations.countInvestigatingBySeverity(),
    activeOverrides: async () => {
      const governance = deps.governance();
      return governance === undefined ? 0 : (await governance.overrides.activeGrants()).length;
    },
    notificationChannels: deps.channelKinds,
  });
  metrics.policyLoaded('success', deps.firstLoadMs);
  const observer = createGovernanceObserver(metrics);

  return {
    registry,
    metrics,
    engine: metrics.instrument(deps.engine),
    observe: (events) => mergeEvents(events, observer),
    escalated: (event) => metrics.escalationRecorded(event),
    revocationInForce(revocation) {
      if (revocation.latencyMs === null) return;
      metrics.revocationInForce(revocation.reason, revocation.collector, revocation.latencyMs);
    },
    delivery: (observation) => metrics.notificationAttempted(observation),
    async refreshPrincipals() {
      metrics.registerPrincipals(nodePrincipals(await store.tokens.list()));
    },
    async refreshCommittee() {
      metrics.committeeChanged((await store.committee.active()).length);
    },
  };
}
