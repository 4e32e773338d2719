import type { AuditEntry } from '../audit/entry.js';
import type { Store } from './store.js';

const PAGE = 1_000;

/** Every audit entry in sequence order, a page at a time: constant memory. */
export async function* auditEntries(store: Store): AsyncGenerator<AuditEntry> {
  let next = 1;
  for (;;) {
    const page = await store.audit.range(next, PAGE);
    yield* page;
    if (page.length < PAGE) return;
    next = (page.at(-1)?.seq ?? next) + 1;
  }
}
