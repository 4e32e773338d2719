import type { Page } from '../store/store.js';

/** Rows read per page by {@link readAllPages}. */
export const PAGE_SIZE = 500;

/**
 * Reads every page of a listing, PAGE_SIZE rows at a time, until a short
 * page. For reports and the public override list, which promise every row,
 * not the first hundred.
 */
export async function readAllPages<T>(read: (page: Page) => Promise<T[]>): Promise<T[]> {
  const all: T[] = [];
  for (let offset = 0; ; offset += PAGE_SIZE) {
    const page = await read({ limit: PAGE_SIZE, offset });
    all.push(...page);
    if (page.length < PAGE_SIZE) return all;
  }
}
