import { describe, expect, it } from 'vitest';

import {
  aDraft,
  aMember,
  aSubjectRecord,
  aViolation,
  anOverride,
  expectIntactChain,
} from './fixtures.js';
import type { ContractContext } from './fixtures.js';

const FAR_FUTURE_MS = Date.parse('2200-12-31T23:59:59.999Z');
const UNICODE = 'Ünïcødé ✓ — 東京 — 🛰️ "quoted" \\ back\nslash';

/** Values that commonly break in one dialect and not the other. */
export function roundTripContract(ctx: ContractContext): void {
  describe('round-trips', () => {
    it('ms timestamps far beyond 2^31 come back as the same JS numbers', async () => {
      const store = ctx.store();
      const violation = aViolation({ reportedAtMs: FAR_FUTURE_MS, updatedAtMs: 2 ** 45 + 1 });
      await store.violations.insert(violation);

      const read = await store.violations.get(violation.id);
      expect(read?.reportedAtMs).toBe(FAR_FUTURE_MS);
      expect(typeof read?.updatedAtMs).toBe('number');
      expect(read?.updatedAtMs).toBe(2 ** 45 + 1);
      const period = { fromMs: FAR_FUTURE_MS, toMs: FAR_FUTURE_MS + 1 };
      expect(await store.violations.inPeriod(period)).toEqual([violation]);
    });

    it('unicode text and nested JSON come back unchanged', async () => {
      const store = ctx.store();
      const violation = aViolation({
        source: UNICODE,
        evidence: [{ kind: 'reference', value: UNICODE, description: 'ünïcødé' }],
        properties: { text: UNICODE, count: 0, ratio: -1.5, flag: false, big: 2 ** 40 },
      });
      await store.violations.insert(violation);
      const record = aSubjectRecord(UNICODE, {
        data: { nested: { deep: [1, { x: null }, 'ü'] }, empty: {}, list: [] },
      });
      await store.subjects.insertRecord(record);

      expect(await store.violations.get(violation.id)).toEqual(violation);
      expect(await store.violations.list({ source: UNICODE }, { limit: 1 })).toEqual([violation]);
      expect(await store.subjects.records(UNICODE)).toEqual([record]);
    });

    it('booleans and lists come back as booleans and lists', async () => {
      const store = ctx.store();
      const on = aMember({ active: true });
      const off = aMember({ active: false, removedAtMs: FAR_FUTURE_MS });
      const ovr = anOverride({ metrics: [], labels: [UNICODE], sources: ['a', 'b'] });
      await store.committee.upsert(on);
      await store.committee.upsert(off);
      await store.overrides.insert(ovr);

      expect(await store.committee.get(on.id)).toEqual(on);
      expect(await store.committee.get(off.id)).toEqual(off);
      expect(await store.overrides.get(ovr.id)).toEqual(ovr);
    });

    it('audit payloads with unicode, nesting and large numbers verify after reading back', async () => {
      const store = ctx.store();
      const payload = { text: UNICODE, at: FAR_FUTURE_MS, nested: { list: [true, null, 1.25] } };
      const appended = await store.audit.append(aDraft({ actor: UNICODE, payload }));

      const [read] = await store.audit.range(1, 1);
      expect(read).toEqual(appended);
      expectIntactChain([read!]);
    });
  });
}
