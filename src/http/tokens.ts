import { createHash, randomBytes } from 'node:crypto';

import { ROLES, type Role } from '../charter/index.js';
import type { Clock } from '../shared/clock.js';
import { InputError, NotFoundError } from '../shared/errors.js';
import { newId } from '../shared/ids.js';
import type { TokenRecord } from '../store/records.js';
import type { Store } from '../store/store.js';
import type { Principal } from './principal.js';

export const TOKEN_ERROR_CODES = [
  'token_role_invalid',
  'token_principal_invalid',
  'token_not_found',
] as const;

const PRINCIPAL = /^[A-Za-z0-9_.:-]{1,200}$/;

/** SHA-256 of a bearer token, hex: the only form the store keeps. */
export function hashToken(token: string): string {
  return createHash('sha256').update(token).digest('hex');
}

/**
 * Creates a bearer token bound to `principal` and `role`. Returns the token
 * itself once; only its hash is stored. Audited without the token.
 */
export async function createToken(
  store: Store,
  clock: Clock,
  input: { principal: string; role: string; description?: string; actor: string },
): Promise<{ record: TokenRecord; token: string }> {
  if (!(ROLES as readonly string[]).includes(input.role)) {
    throw new InputError(
      'token_role_invalid',
      `Cannot create a token for role "${input.role}"`,
      `Use one of ${ROLES.join(', ')}`,
    );
  }
  if (!PRINCIPAL.test(input.principal)) {
    throw new InputError(
      'token_principal_invalid',
      `Cannot create a token for principal "${input.principal}"`,
      'A principal is 1-200 of A-Z a-z 0-9 _ . : -, the id it submits as.',
    );
  }
  const token = `wct_${randomBytes(32).toString('base64url')}`;
  const record: TokenRecord = {
    id: newId('tok'),
    tokenHash: hashToken(token),
    principal: input.principal,
    role: input.role as Role,
    description: input.description ?? '',
    createdAtMs: clock.nowMs(),
    revokedAtMs: null,
  };
  await store.transaction(async (tx) => {
    await tx.tokens.insert(record);
    await tx.audit.append({
      atMs: record.createdAtMs,
      actor: input.actor,
      action: 'token.created',
      subjectType: 'token',
      subjectId: record.id,
      payload: { principal: record.principal, role: record.role },
    });
  });
  return { record, token };
}

/** Revokes a token by id; audited. */
export async function revokeToken(
  store: Store,
  clock: Clock,
  id: string,
  actor: string,
): Promise<TokenRecord> {
  const nowMs = clock.nowMs();
  return store.transaction(async (tx) => {
    const record = await tx.tokens.get(id);
    if (record === undefined || !(await tx.tokens.revoke(id, nowMs))) {
      throw new NotFoundError(
        'token_not_found',
        `No active token "${id}"`,
        'List tokens with `charter token list`.',
      );
    }
    await tx.audit.append({
      atMs: nowMs,
      actor,
      action: 'token.revoked',
      subjectType: 'token',
      subjectId: id,
      payload: { principal: record.principal },
    });
    return { ...record, revokedAtMs: nowMs };
  });
}

/** Resolves bearer tokens to principals, with a short cache so a request costs no query. */
export interface TokenAuthenticator {
  authenticate(token: string): Promise<Principal | undefined>;
  /** Forget cached answers (after a revocation in this process). */
  clear(): void;
}

/**
 * Creates the authenticator. Answers are cached for `cacheMs` (default 1 s),
 * which bounds how long a token revoked by another process still works.
 */
export function createTokenAuthenticator(
  store: Store,
  clock: Clock,
  cacheMs = 1_000,
): TokenAuthenticator {
  const cache = new Map<string, { principal: Principal | undefined; untilMs: number }>();
  return {
    async authenticate(token) {
      const hash = hashToken(token);
      const nowMs = clock.nowMs();
      const hit = cache.get(hash);
      if (hit !== undefined && hit.untilMs > nowMs) return hit.principal;
      const record = await store.tokens.findByHash(hash);
      const principal =
        record && record.revokedAtMs === null
          ? { id: record.principal, role: record.role }
          : undefined;
      // Bounded: unknown tokens are cached too, so the map is cleared when large.
      if (cache.size > 10_000) cache.clear();
      cache.set(hash, { principal, untilMs: nowMs + cacheMs });
      return principal;
    },
    clear: () => cache.clear(),
  };
}
