import { join } from 'node:path';

import { createPostgresStore } from '../store/postgres/create-postgres-store.js';
import { createSqliteStore } from '../store/sqlite/create-sqlite-store.js';
import type { Store } from '../store/store.js';
import { loadOrCreateAuditKeys, loadOrCreatePseudonymKey } from './key-files.js';

/** Where the state lives. SQLite under `dataDir` unless a PostgreSQL URL is given. */
export interface StoreConfig {
  /** Directory for the SQLite file and the key files. */
  dataDir: string;
  /** `postgres://…`: use PostgreSQL (for several instances) instead of SQLite. */
  databaseUrl?: string;
  /** PostgreSQL schema to use (created if missing). */
  databaseSchema?: string;
  /** Ed25519 key that signs audit entries; default `DATA/audit-ed25519.pem`. */
  auditKeyFile?: string;
  /** Apply pending migrations on open (default true). */
  migrate?: boolean;
}

/** An open store with the keys that go with it. */
export interface OpenedStore {
  store: Store;
  publicKeyPem: string;
  pseudonymKey: Buffer;
  /** `sqlite:/path/charter.db` or `postgres` (never the URL: it may hold a password). */
  description: string;
  /** The SQLite file, when the store is SQLite. */
  sqliteFile?: string;
  /** The Ed25519 key file that signs audit entries. */
  auditKeyFile: string;
}

/** Opens (and migrates) the store, creating key files on first start. */
export async function openStore(config: StoreConfig): Promise<OpenedStore> {
  const auditKeyFile = config.auditKeyFile ?? join(config.dataDir, 'audit-ed25519.pem');
  const keys = await loadOrCreateAuditKeys(auditKeyFile);
  const pseudonymKey = await loadOrCreatePseudonymKey(join(config.dataDir, 'pseudonym.key'));

  if (config.databaseUrl !== undefined) {
    const store = await createPostgresStore({
      connectionString: config.databaseUrl,
      signer: keys.signer,
      migrate: config.migrate !== false,
      ...(config.databaseSchema !== undefined ? { schema: config.databaseSchema } : {}),
    });
    const description = 'postgres';
    return { store, publicKeyPem: keys.publicKeyPem, pseudonymKey, description, auditKeyFile };
  }
  const file = join(config.dataDir, 'charter.db');
  const store = await createSqliteStore({
    file,
    signer: keys.signer,
    migrate: config.migrate !== false,
  });
  return {
    store,
    publicKeyPem: keys.publicKeyPem,
    pseudonymKey,
    description: `sqlite:${file}`,
    sqliteFile: file,
    auditKeyFile,
  };
}
