import type { Registry } from 'prom-client';

import type { CharterDocument, DecisionEngine, Role } from '../charter/index.js';
import type { Governance } from '../governance/index.js';
import type { Clock } from '../shared/clock.js';
import type { Store } from '../store/store.js';
import type { TokenAuthenticator } from './tokens.js';

/** What the HTTP layer serves from; built by the app's composition root. */
export interface HttpContext {
  engine: DecisionEngine;
  governance: Governance;
  store: Store;
  clock: Clock;
  auth: TokenAuthenticator;
  registry: Registry;
  publicKeyPem: string;
  /** The charter document in force and where it came from. */
  charter(): { document: CharterDocument; file: string; loadedAtMs: number; generation: number };
  /** Reloads the charter file; throws CharterLoadError and keeps the old one if it is bad. */
  reloadCharter(actor: string): Promise<void>;
  /** Records what Alertmanager delivered to the webhook intake. */
  alertsReceived(actor: string, payload: Record<string, unknown>): Promise<number>;
  /** Body-size limit in bytes. */
  bodyLimitBytes: number;
  /** Requests per minute of a role (the charter's access section). */
  rateLimitPerMinute(role: Role): number;
}
