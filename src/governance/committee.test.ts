import { afterEach, beforeEach, describe, expect, it } from 'vitest';

import { createCommitteeService } from './committee.js';
import { openTestGovernance, type TestGovernance } from './test-deps.js';

describe('the audit committee', () => {
  let t: TestGovernance;
  beforeEach(async () => {
    t = await openTestGovernance();
  });
  afterEach(async () => t.close());

  it('is seeded from the charter once, and a removed member stays removed', async () => {
    const committee = createCommitteeService(t.deps);
    expect((await committee.seedFromCharter()).map((m) => m.id)).toEqual([
      'alice',
      'bernard',
      'dolores',
    ]);
    await committee.remove('bernard', 'admin');
    expect(await committee.seedFromCharter()).toEqual([]);
    expect((await committee.active()).map((m) => m.id)).toEqual(['alice', 'dolores']);
  });

  it('records additions and removals in the audit trail without names or contacts', async () => {
    const committee = createCommitteeService(t.deps);
    await committee.seedFromCharter();
    await committee.add(
      { id: 'teddy', name: 'Teddy Flood', contact: 'teddy@committee.example' },
      'admin',
    );
    const trail = await t.store.audit.range(1, 100);
    expect(trail.map((e) => e.action)).toEqual([
      'committee.member_seeded',
      'committee.member_seeded',
      'committee.member_seeded',
      'committee.member_added',
    ]);
    expect(JSON.stringify(trail)).not.toContain('Teddy Flood');
    await expect(
      committee.add({ id: 'teddy', name: 'T', contact: 't@x' }, 'admin'),
    ).rejects.toMatchObject({ code: 'member_exists' });
  });

  it('refuses to remove the last member, since nothing could reach quorum', async () => {
    const committee = createCommitteeService(t.deps);
    await committee.seedFromCharter();
    await committee.remove('alice', 'admin');
    await committee.remove('bernard', 'admin');
    await expect(committee.remove('dolores', 'admin')).rejects.toMatchObject({
      code: 'committee_too_small',
    });
    await expect(committee.remove('nobody', 'admin')).rejects.toMatchObject({
      code: 'member_not_found',
    });
  });
});
