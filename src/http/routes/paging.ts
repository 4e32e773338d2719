import type { Page } from '../../store/store.js';

/** The page a `?limit&offset` query asks for; 100 by default, at most 1,000. */
export function pageOf(query: { limit?: string; offset?: string }): Page {
  return {
    limit: query.limit === undefined ? 100 : Number(query.limit),
    offset: query.offset === undefined ? 0 : Number(query.offset),
  };
}
