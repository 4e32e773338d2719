import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { Registry } from 'prom-client';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';

import { verifyChain } from '../../src/audit/index.js';
import { generateAuditKeyPair, loadAuditSigner } from '../../src/audit/signer.js';
import {
  compileCharter,
  createDecisionEngine,
  type DecisionEngine,
} from '../../src/charter/index.js';
import { testCharterDocument } from '../../src/charter/test-charter.js';
import { createGovernance, type Governance } from '../../src/governance/index.js';
import {
  createExecutor,
  createGovernanceActuator,
  createMapekLoop,
  createMonitor,
  registerMapekMetrics,
  resolveMapekConfig,
  type CommitteeNotice,
  type MapekLoop,
} from '../../src/mapek/index.js';
import { ManualClock } from '../../src/shared/clock.js';
import { createSqliteStore } from '../../src/store/index.js';
import type { Store } from '../../src/store/store.js';

/*
 * SPEC §10 end to end on real governance and a real SQLite file, in
 * simulated time: a source probes six forbidden names, one a minute, each
 * far under the charter's per-window escalation (3 in 60 s), and the loop
 * alone sees it for what it is.
 */

const FORBIDDEN = testCharterDocument().metrics.forbidden.flatMap((rule) =>
  rule.name === undefined ? [] : [rule.name],
);
const TICK_MS = 15_000;
const keys = generateAuditKeyPair();

interface World {
  store: Store;
  governance: Governance;
  engine: DecisionEngine;
  loop: MapekLoop;
  registry: Registry;
  notices: CommitteeNotice[];
}

describe('MAPE-K: reconnaissance spread over minutes', () => {
  let dir: string;
  let clock: ManualClock;
  let world: World | undefined;

  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), 'charter-mapek-'));
    clock = new ManualClock(Date.parse('2026-03-01T12:00:00Z'));
  });
  afterEach(async () => {
    await world?.store.close();
    world = undefined;
    await rm(dir, { recursive: true, force: true });
  });

  async function open(): Promise<World> {
    const store = await createSqliteStore({
      file: join(dir, 'charter.db'),
      signer: loadAuditSigner(keys.privateKeyPem),
    });
    const charter = compileCharter(testCharterDocument());
    const notices: CommitteeNotice[] = [];
    // eslint-disable-next-line prefer-const -- the engine's hooks read the monitor built after it
    let monitor: ReturnType<typeof createMonitor> | undefined;
    const engine = createDecisionEngine({
      clock,
      charter,
      onDecision: (d, input) => monitor?.observeDecision(d, input),
      onEscalation: () => {
        throw new Error('the per-window escalation must not fire in this scenario');
      },
    });
    const governance = createGovernance(
      {
        store,
        clock,
        charter: () => engine.current(),
        events: {
          sourceStandingChanged: () =>
            void governance.escalation.suspendedSources().then((s) => engine.setSuspended(s)),
          responseRequested: (request) => notices.push(request),
        },
      },
      { pseudonymKey: Buffer.alloc(32, 7) },
    );
    monitor = createMonitor({ clock, charter: () => engine.current() });
    const registry = new Registry();
    const metrics = registerMapekMetrics(registry);
    const config = resolveMapekConfig({ intervalMs: TICK_MS });
    const executor = createExecutor({
      actuator: createGovernanceActuator({ governance }),
      store,
      clock,
      config,
      delay: () => Promise.resolve(),
      onOutcome: (outcome) => metrics.actions.inc({ outcome }),
    });
    const loop = createMapekLoop({
      clock,
      config,
      charter: () => engine.current(),
      store,
      monitor,
      executor,
      metrics,
    });
    world = { store, governance, engine, loop, registry, notices };
    return world;
  }

  /** Advances simulated time tick by tick for `ms`, `probe` called before each tick. */
  async function run(w: World, ms: number, probe: (elapsedMs: number) => void) {
    for (let elapsed = 0; elapsed < ms; elapsed += TICK_MS) {
      probe(elapsed);
      clock.advance(TICK_MS);
      await w.loop.tick(clock.nowMs());
    }
  }

  const oncePerMinute = (w: World, source: string) => (elapsedMs: number) => {
    if (elapsedMs % 60_000 !== 0) return;
    const name = FORBIDDEN[(elapsedMs / 60_000) % FORBIDDEN.length]!;
    w.engine.decide({ name, source, value: 1 });
  };

  it('suspends the source, opens an investigation and notifies the committee, all audited', async () => {
    const w = await open();
    await run(w, 6 * 60_000, oncePerMinute(w, 'node-7'));

    expect(await w.governance.escalation.suspendedSources()).toEqual(['node-7']);
    const [investigation] = await w.governance.investigations.list(
      { status: 'open' },
      { limit: 5 },
    );
    expect(investigation).toMatchObject({ initiatedBy: 'system', status: 'open' });
    expect(w.notices).toEqual([
      expect.objectContaining({
        source: 'node-7',
        request: 'review',
        investigationId: investigation!.id,
        detectors: ['reconnaissance'],
      }),
    ]);

    const trail = await w.store.audit.range(1, 100);
    expect(trail.map((e) => e.action)).toEqual([
      'violation.reported',
      'investigation.opened',
      'source.suspended',
      'committee.response_requested',
      'mapek.action',
    ]);
    expect(trail.at(-1)!.payload).toMatchObject({
      outcome: 'succeeded',
      level: 2,
      investigationId: investigation!.id,
    });
    expect(await verifyChain(trail, keys.publicKeyPem)).toMatchObject({ ok: true });
    // No name the source tried is written anywhere in the trail.
    for (const name of FORBIDDEN) expect(JSON.stringify(trail)).not.toContain(name);
    expect(await w.registry.metrics()).toContain(
      'westworld_mapek_actions_total{outcome="succeeded"} 1',
    );
  });

  it('escalates to a committee request when probing goes on after the suspension, and never quarantines', async () => {
    const w = await open();
    await run(w, 6 * 60_000, oncePerMinute(w, 'node-7'));
    await run(w, 3 * 60_000, oncePerMinute(w, 'node-7')); // denied as source_suspended now

    const actions = await w.store.knowledge.actions({ source: 'node-7' }, { limit: 5 });
    expect(actions.map((a) => [a.level, a.response, a.outcome])).toEqual([
      [3, 'committee_request', 'succeeded'],
      [2, 'automatic', 'succeeded'],
    ]);
    expect(actions[1]!.effective).toBe(false);
    expect(w.notices.at(-1)).toMatchObject({
      request: 'committee_vote',
      responseName: 'node quarantine',
    });
    const trail = (await w.store.audit.range(1, 100)).map((e) => e.action);
    expect(trail.filter((a) => a.startsWith('investigation.'))).toEqual([
      'investigation.opened',
      'investigation.opened',
    ]);
    // Nothing was decided for the committee: no vote, no penalty, no override.
    expect(trail.some((a) => /vote|confirmed|penalty|override/.test(a))).toBe(false);
  });

  it('keeps Knowledge across a restart: a reopened loop does not repeat the answered response', async () => {
    const first = await open();
    await run(first, 6 * 60_000, oncePerMinute(first, 'node-7'));
    await first.store.close();
    world = undefined;

    const second = await open();
    second.engine.setSuspended(await second.governance.escalation.suspendedSources());
    await run(second, 60_000, () => undefined);
    const actions = await second.store.knowledge.actions({}, { limit: 5 });
    expect(actions.map((a) => a.level)).toEqual([2]);
    expect(await second.store.knowledge.probesSince(0)).not.toHaveLength(0);
  });

  it('leaves a source that probes one name now and then alone', async () => {
    const w = await open();
    await run(w, 10 * 60_000, (elapsed) => {
      if (elapsed % 120_000 === 0) w.engine.decide({ name: 'user_location', source: 'node-3' });
    });
    expect(await w.store.knowledge.actions({}, { limit: 5 })).toEqual([]);
    expect(await w.governance.escalation.suspendedSources()).toEqual([]);
  });
});
