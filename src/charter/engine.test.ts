import { describe, expect, it, vi } from 'vitest';

import { ManualClock, type Clock } from '../shared/clock.js';
import type { EscalationEvent } from './attempt-tracker.js';
import { compileCharter, type CompiledCharter } from './compile.js';
import type { MetricInput } from './decide.js';
import { createDecisionEngine } from './engine.js';
import type { CharterDocument } from './schema.js';
import { testCharterDocument } from './test-charter.js';

const base = testCharterDocument();

function compiled(edit: (doc: CharterDocument) => CharterDocument = (d) => d): CompiledCharter {
  return compileCharter(edit(testCharterDocument()));
}

/** The test charter, with `debug_trace` allowed and `email` no longer a forbidden label. */
const relaxed = (d: CharterDocument): CharterDocument => ({
  ...d,
  charter: { ...d.charter, version: '2.0.0' },
  metrics: {
    ...d.metrics,
    allowed: [
      ...d.metrics.allowed,
      {
        name: 'debug_trace',
        category: 'service',
        access_level: 'audit_only',
        retention_days: 1,
        purpose: 'Debugging.',
      },
    ],
  },
  labels: { forbidden: d.labels.forbidden.filter((l) => l.name !== 'email') },
});

const pendingDoc = (d: CharterDocument): CharterDocument => ({
  ...d,
  charter: { ...d.charter, status: 'pending' },
});

const probe = (name: string, source = 'node-1'): MetricInput => ({ name, source });

describe('createDecisionEngine()', () => {
  it('decides with the charter it was created with, at generation 1', () => {
    const charter = compiled();
    const engine = createDecisionEngine({ clock: new ManualClock(), charter });
    expect(engine.current()).toBe(charter);
    expect(engine.generation).toBe(1);
    expect(engine.decide(probe('latency_p50')).effect).toBe('allow');
    expect(engine.decide(probe('User-Location')).reason).toBe('forbidden_metric');
  });

  it('escalates forbidden and unlisted attempts and suspends the source at once', () => {
    const events: EscalationEvent[] = [];
    const engine = createDecisionEngine({
      clock: new ManualClock(),
      charter: compiled(),
      onEscalation: (event) => events.push(event),
    });
    const reasons = ['user_location', 'userlocation', 'gps_x', 'x', 'y', 'latency_p50'].map(
      (name) =>
        engine.decide({ name, source: 'node-1', labels: name === 'x' ? { email: 'e' } : {} })
          .reason,
    );

    expect(reasons).toEqual([
      'forbidden_metric',
      'not_allowed',
      'not_allowed',
      'forbidden_label',
      'not_allowed',
      'source_suspended',
    ]);
    expect(events.map((e) => [e.kind, e.count])).toEqual([
      ['violation', 3],
      ['suspend', 5],
    ]);
    expect(events[0]?.metrics).toEqual(['gps_x', 'userlocation', 'user_location']);
    expect(engine.decide(probe('latency_p50', 'node-2')).reason).toBe('allowed');
  });

  it.each([
    ['a dry-run charter', { charter: compiled(pendingDoc) }],
    ['autoSuspend: false', { charter: compiled(), autoSuspend: false }],
  ])('reports but does not suspend under %s', (_title, options) => {
    const onEscalation = vi.fn();
    const engine = createDecisionEngine({ clock: new ManualClock(), onEscalation, ...options });
    for (let i = 0; i < 6; i++) engine.decide(probe('user_location'));
    expect(onEscalation.mock.calls.map(([e]) => (e as EscalationEvent).kind)).toEqual([
      'violation',
      'suspend',
    ]);
    expect(engine.decide(probe('latency_p50')).reason).toBe('allowed');
  });

  it('is not broken by hooks that throw', () => {
    const engine = createDecisionEngine({
      clock: new ManualClock(),
      charter: compiled(),
      onDecision: () => {
        throw new Error('observer failed');
      },
      onEscalation: () => {
        throw new Error('governance down');
      },
    });
    for (let i = 0; i < 4; i++) expect(engine.decide(probe('user_identity')).effect).toBe('deny');
    expect(engine.decide(probe('latency_p50')).effect).toBe('allow');
  });

  it('applies the revoked, suspended and override sets it is given, each replaced whole', () => {
    const clock = new ManualClock();
    const engine = createDecisionEngine({ clock, charter: compiled() });
    engine.setRevoked(['node-1']);
    engine.setSuspended(['node-2']);
    engine.setOverrides([
      {
        id: 'ovr-7',
        metrics: ['User-Location'],
        labels: [],
        sources: ['node-3'],
        expiresAtMs: clock.nowMs() + 1_000,
      },
    ]);

    expect(engine.decide(probe('latency_p50', 'node-1')).reason).toBe('access_revoked');
    expect(engine.decide(probe('latency_p50', 'node-2')).reason).toBe('source_suspended');
    expect(engine.decide(probe('user.location', 'node-3'))).toMatchObject({
      effect: 'allow',
      reason: 'override',
      overrideId: 'ovr-7',
    });

    // Expiry is applied at decision time, without anyone replacing the set.
    clock.advance(1_000);
    expect(engine.decide(probe('user_location', 'node-3')).reason).toBe('forbidden_metric');

    engine.setRevoked([]);
    expect(engine.decide(probe('latency_p50', 'node-1')).reason).toBe('allowed');
  });

  it('switches to a reloaded charter and counts the generation', () => {
    const engine = createDecisionEngine({ clock: new ManualClock(), charter: compiled() });
    const next = compiled(relaxed);
    expect(engine.reload(() => next)).toBe(next);
    expect(engine.current()).toBe(next);
    expect(engine.generation).toBe(2);
    expect(engine.decide(probe('debug_trace')).reason).toBe('allowed');
  });

  it.each([
    [
      'the builder throws',
      () => compileCharter({ ...base, charter: { ...base.charter, status: 'deprecated' } }),
    ],
    [
      'the builder returns a document, not a compiled charter',
      () => testCharterDocument() as unknown as CompiledCharter,
    ],
  ])('keeps the previous charter and generation when %s', (_title, builder) => {
    const charter = compiled();
    const engine = createDecisionEngine({ clock: new ManualClock(), charter });
    const tracker = engine.tracker;
    expect(() => engine.reload(builder)).toThrow(/Cannot (compile|reload) charter/);
    expect(engine.current()).toBe(charter);
    expect(engine.generation).toBe(1);
    expect(engine.tracker).toBe(tracker);
    expect(engine.decide(probe('debug_trace')).reason).toBe('not_allowed');
  });

  it('keeps the attempt tracker across a reload unless escalation changes', () => {
    const engine = createDecisionEngine({ clock: new ManualClock(), charter: compiled() });
    const first = engine.tracker;
    engine.decide(probe('user_location'));
    engine.reload(compiled(relaxed));
    expect(engine.tracker).toBe(first);
    expect(engine.tracker.count('node-1', Date.parse('2026-01-01T00:00:00Z'))).toBe(1);

    const escalation = { ...base.violations.escalation, violation_after: 2 };
    engine.reload(compiled((d) => ({ ...d, violations: { ...d.violations, escalation } })));
    expect(engine.tracker).not.toBe(first);
    expect(engine.tracker.options.violationAfter).toBe(2);
  });

  it('finishes a decision on the table it started with when a reload lands mid-decision', () => {
    // The override lookup reads the clock in the middle of decide(); this
    // clock reloads the engine right then, the worst moment for a swap.
    const old = compiled();
    const next = compiled(relaxed);
    let reloads = 0;
    const clock: Clock = {
      nowMs: () => {
        if (reloads++ === 0) engine.reload(next);
        return Date.parse('2026-01-01T00:00:00Z');
      },
    };
    const engine = createDecisionEngine({ clock, charter: old });
    engine.setOverrides([
      { id: 'ovr-1', metrics: [], labels: ['email'], sources: ['node-1'], expiresAtMs: Infinity },
    ]);
    const input = { name: 'debug_trace', source: 'node-1', labels: { email: 'e' } };

    // Old charter: email is forbidden (lifted by the override), debug_trace unlisted.
    // New charter: both allowed. A mix would allow with reason override or allowed.
    const during = engine.decide(input);
    expect(engine.generation).toBe(2);
    expect(during).toBe(old.fixed.notAllowed);
    expect(engine.decide(input)).toMatchObject({ effect: 'allow', reason: 'allowed' });
  });

  it('answers every interleaved decision wholly from the old or the new charter', () => {
    const old = compiled();
    const next = compiled(relaxed);
    const engine = createDecisionEngine({ clock: new ManualClock(), charter: old });
    engine.setOverrides([]);
    const names = ['debug_trace', 'latency_p50', 'user_location', 'userlocation'];
    const expected = (table: CompiledCharter, name: string) =>
      createDecisionEngine({ clock: new ManualClock(), charter: table }).decide(probe(name, 'x'));

    for (let i = 0; i < 200; i++) {
      const table = i % 3 === 0 ? next : old;
      if (engine.current() !== table) engine.reload(table);
      const name = names[i % names.length] ?? 'latency_p50';
      expect(engine.decide(probe(name, `node-${i}`))).toEqual(expected(table, name));
    }
  });
});
