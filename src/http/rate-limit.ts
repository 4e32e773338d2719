import type { Role } from '../charter/index.js';

/**
 * Requests per minute per principal, as the charter sets them per role: a
 * token bucket refilled continuously, one bucket per principal, the table
 * bounded (idle buckets are full again and can be forgotten).
 */
export function createRateLimiter(limitOf: (role: Role) => number, maxPrincipals = 100_000) {
  const buckets = new Map<string, { tokens: number; atMs: number }>();
  return {
    /** Takes one request from the principal's bucket; returns seconds to wait if empty. */
    take(principal: string, role: Role, nowMs: number): number {
      const perMinute = limitOf(role);
      if (perMinute <= 0) return 60;
      let bucket = buckets.get(principal);
      if (bucket === undefined) {
        if (buckets.size >= maxPrincipals) buckets.clear();
        bucket = { tokens: perMinute, atMs: nowMs };
        buckets.set(principal, bucket);
      }
      bucket.tokens = Math.min(
        perMinute,
        bucket.tokens + ((nowMs - bucket.atMs) * perMinute) / 60_000,
      );
      bucket.atMs = nowMs;
      if (bucket.tokens >= 1) {
        bucket.tokens -= 1;
        return 0;
      }
      return Math.ceil(((1 - bucket.tokens) * 60) / perMinute);
    },
  };
}
