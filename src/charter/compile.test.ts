import { describe, expect, it } from 'vitest';

import { CharterError } from '../shared/errors.js';
import { compileCharter } from './compile.js';
import { decide, type DecisionContext } from './decide.js';
import { NO_ACCESS } from './settings.js';
import { syntheticCharterDocument, testCharterDocument } from './test-charter.js';

const base = testCharterDocument();
const ctx: DecisionContext = {
  nowMs: 0,
  isSuspended: () => false,
  isRevoked: () => false,
  hasOverride: () => false,
  activeOverride: () => undefined,
};

describe('compileCharter()', () => {
  it('resolves each violation type severity from the charter, else the default', () => {
    const doc = testCharterDocument({
      violations: { ...base.violations, severity: { silent_collection: 'suspension' } },
    });
    const { severityByType } = compileCharter(doc).settings;
    expect(severityByType.silent_collection).toBe('suspension');
    expect(severityByType.unauthorized_override).toBe('criminal_referral');
    expect(severityByType.data_extraction).toBe('suspension');
  });

  it('resolves escalation, override, committee and access settings', () => {
    const doc = testCharterDocument({ access: { admin: base.access.admin! } });
    const { settings } = compileCharter(doc);

    expect(settings.escalation).toEqual({
      windowSeconds: 60,
      violationAfter: 3,
      suspendAfter: 5,
      trackedSourcesMax: 100_000,
    });
    expect(settings.override.requesterRoles.has('emergency_responder')).toBe(true);
    expect(settings.override.maxDurationSeconds).toBe(7200);
    expect(settings.committee.quorumPercent).toBe(66);
    expect(settings.committee.members.map((m) => m.id)).toEqual(['alice', 'bernard', 'dolores']);
    expect([...settings.access.admin.read]).toEqual([
      'public',
      'node_operator',
      'audit_only',
      'emergency',
    ]);
    expect(settings.access.public).toBe(NO_ACCESS);
  });

  it('builds a frozen table that later edits of the document cannot reach', () => {
    const doc = testCharterDocument();
    const table = compileCharter(doc);
    doc.metrics.forbidden.length = 0;
    doc.violations.escalation.window_seconds = 1;

    expect(Object.isFrozen(table)).toBe(true);
    expect(Object.isFrozen(table.settings.escalation)).toBe(true);
    expect(table.settings.escalation.windowSeconds).toBe(60);
    expect(decide(table, { name: 'user_location', source: 's' }, ctx).reason).toBe(
      'forbidden_metric',
    );
  });

  it('makes a pending charter a dry run and an active one enforced', () => {
    const pending = testCharterDocument({ charter: { ...base.charter, status: 'pending' } });
    expect(compileCharter(pending).dryRun).toBe(true);
    expect(compileCharter(base).dryRun).toBe(false);
  });

  it.each(['suspended', 'deprecated'] as const)('refuses a %s charter', (status) => {
    const doc = testCharterDocument({ charter: { ...base.charter, status } });
    expect(() => compileCharter(doc)).toThrow(CharterError);
    expect(() => compileCharter(doc)).toThrow(`charter.status is "${status}"`);
  });

  it('refuses a rule with neither name nor pattern, naming its path', () => {
    const rule = { category: 'other', severity: 'warning', reason: 'x' } as const;
    const doc = testCharterDocument({ metrics: { allowed: [], forbidden: [rule] } });
    expect(() => compileCharter(doc)).toThrow('metrics.forbidden[0] has neither name nor pattern');
  });

  it('compiles a 10,000-rule synthetic charter that decides every kind of rule', () => {
    const doc = syntheticCharterDocument(10_000);
    const table = compileCharter(doc);
    const reason = (name: string) => decide(table, { name, source: 's' }, ctx).reason;

    expect(table.ruleCount).toBe(10_000);
    expect(doc.metrics.allowed).toHaveLength(5_000);
    expect(doc.metrics.allowed.filter((r) => r.pattern !== undefined)).toHaveLength(500);
    expect(reason('synthetic_allowed_000000')).toBe('allowed');
    expect(reason('synthetic_forbidden_000001')).toBe('forbidden_metric');
    expect(reason('syn_a_000998_anything')).toBe('allowed');
    expect(reason('syn_f_000999_anything')).toBe('forbidden_metric');
    expect(reason('synthetic_unknown')).toBe('not_allowed');
  });
});
