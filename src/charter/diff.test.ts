import { describe, expect, it } from 'vitest';

import { diffCharters } from './diff.js';
import type { CharterDocument } from './schema.js';
import { testCharterDocument } from './test-charter.js';

/** The test charter after a typical revision: one rule of each kind added, removed and changed. */
function revised(): CharterDocument {
  const base = testCharterDocument();
  const [latency, ...allowed] = base.metrics.allowed;
  return {
    ...base,
    charter: { ...base.charter, version: '1.1.0' },
    metrics: {
      allowed: [
        { ...latency!, retention_days: 30, labels: ['node', 'peer'] },
        ...allowed.filter((r) => r.name !== 'service_version'),
        {
          pattern: 'node_cpu_*',
          category: 'infrastructure',
          access_level: 'node_operator',
          retention_days: 30,
          purpose: 'Per-core CPU.',
        },
      ],
      forbidden: base.metrics.forbidden.map((r) =>
        r.name === 'device_hardware_id' ? { ...r, severity: 'permanent_ban' } : r,
      ),
    },
    labels: { forbidden: base.labels.forbidden.filter((l) => l.name !== 'location') },
    committee: { ...base.committee, quorum_percent: 75 },
  };
}

describe('diffCharters()', () => {
  it('lists rules and settings added, removed and changed, field by field', () => {
    expect(diffCharters(testCharterDocument(), revised())).toEqual({
      added: [
        {
          kind: 'added',
          key: 'allowed:node_cpu_*',
          fields: [
            'pattern: node_cpu_*',
            'category: infrastructure',
            'access_level: node_operator',
            'retention_days: 30',
            'purpose: Per-core CPU.',
          ],
        },
      ],
      removed: [
        {
          kind: 'removed',
          key: 'allowed:service_version',
          fields: [
            'name: service_version',
            'category: service',
            'access_level: node_operator',
            'retention_days: 30',
            'purpose: Deployed version, for rollouts.',
          ],
        },
        {
          kind: 'removed',
          key: 'label:location',
          fields: [
            'name: location',
            'severity: permanent_ban',
            'reason: Identifies or locates a person.',
          ],
        },
      ],
      changed: [
        {
          kind: 'changed',
          key: 'allowed:latency_p50',
          fields: ['retention_days: 90 -> 30', 'labels: node, peer, region -> node, peer'],
        },
        {
          kind: 'changed',
          key: 'forbidden:device_hardware_id',
          fields: ['severity: ban_1year -> permanent_ban'],
        },
        { kind: 'changed', key: 'charter.version', fields: ['value: 1.0.0 -> 1.1.0'] },
        { kind: 'changed', key: 'committee.quorum_percent', fields: ['value: 66 -> 75'] },
      ],
    });
  });

  it('keys rules by canonical name, so a respelled or reordered rule is no change', () => {
    const base = testCharterDocument();
    const respelled: CharterDocument = {
      ...base,
      metrics: {
        allowed: base.metrics.allowed,
        forbidden: [...base.metrics.forbidden]
          .reverse()
          .map((r) => (r.name === 'user_location' ? { ...r, name: 'User-Location' } : r)),
      },
    };
    const diff = diffCharters(base, respelled);
    expect(diff.added).toEqual([]);
    expect(diff.removed).toEqual([]);
    expect(diff.changed).toEqual([
      {
        kind: 'changed',
        key: 'forbidden:user_location',
        fields: ['name: user_location -> User-Location'],
      },
    ]);
  });

  it('keys committee members by id, so removing one is one removal, not a shift', () => {
    const base = testCharterDocument();
    const [first, , ...others] = base.committee.members;
    const smaller: CharterDocument = {
      ...base,
      committee: { ...base.committee, members: [first!, ...others] },
    };
    const removed = base.committee.members[1]!;
    expect(diffCharters(base, smaller)).toEqual({
      added: [],
      removed: [
        {
          kind: 'removed',
          key: `committee.members[${removed.id}]`,
          fields: [`id: ${removed.id}`, `name: ${removed.name}`, `contact: ${removed.contact}`],
        },
      ],
      changed: [],
    });
  });

  it('finds nothing between a charter and itself', () => {
    expect(diffCharters(testCharterDocument(), testCharterDocument())).toEqual({
      added: [],
      removed: [],
      changed: [],
    });
  });
});
