import type { Role } from '../charter/index.js';

/** Who is calling: the principal a bearer token is bound to, and its role. */
export interface Principal {
  id: string;
  role: Role;
}

/** Anyone without a token: may read only the public endpoints. */
export const ANONYMOUS: Principal = Object.freeze({ id: 'anonymous', role: 'public' });

declare module 'fastify' {
  interface FastifyRequest {
    principal: Principal;
  }
  // Read by /openapi.json to group operations.
  interface FastifySchema {
    tags?: string[];
  }
}
