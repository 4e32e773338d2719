import type { FastifyRequest } from 'fastify';

import type { Role } from '../charter/index.js';
import { ANONYMOUS } from './principal.js';
import { HttpProblem } from './problem.js';

/**
 * A route onRequest hook that lets through only the given roles. It runs
 * before the body is read or validated, so a caller without the role learns
 * nothing from the schema's answer. No token is a 401 (`token_missing`); a
 * token of another role is a 403 (`role_forbidden`), a token of role
 * `public` included: it is a credential, just not enough.
 */
export function allow(...roles: Role[]) {
  const allowed = new Set<Role>(roles);
  return async (request: FastifyRequest): Promise<void> => {
    const { principal } = request;
    if (principal === ANONYMOUS && !allowed.has('public')) {
      throw new HttpProblem(
        'token_missing',
        `${request.method} ${request.routeOptions.url ?? request.url} needs a bearer token`,
        'Send Authorization: Bearer <token>; create one with `charter token create`.',
      );
    }
    if (!allowed.has(principal.role)) {
      throw new HttpProblem(
        'role_forbidden',
        `Role ${principal.role} may not ${request.method} ${request.routeOptions.url ?? request.url}`,
        `Allowed roles: ${roles.join(', ')}`,
      );
    }
  };
}

/** Roles that run the committee's due process. */
export const COMMITTEE: Role[] = ['audit_committee_member', 'admin'];
/** Roles that submit metrics and reports. */
export const SUBMITTERS: Role[] = ['node_operator', 'monitoring_service', 'admin'];
