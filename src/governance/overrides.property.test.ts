import fc from 'fast-check';
import { describe, expect, it } from 'vitest';

import { createCommitteeService } from './committee.js';
import { createOverrideService } from './overrides.js';
import { quorumSize } from './quorum.js';
import { openTestGovernance, type TestGovernance } from './test-deps.js';

const MEMBERS = ['alice', 'bernard', 'dolores', 'maeve'] as const;
// maeve joins only through an `add` step; resp-1 is never a member;
// node-op holds a role that may not request.
type Actor = (typeof MEMBERS)[number] | 'resp-1' | 'node-op';
const roleOf = (a: Actor) =>
  a === 'resp-1'
    ? 'emergency_responder'
    : a === 'node-op'
      ? 'node_operator'
      : 'audit_committee_member';

type Step =
  | { kind: 'request'; actor: Actor; seconds: number }
  | { kind: 'vote'; pick: number; actor: Actor; approve: boolean }
  | { kind: 'activate'; pick: number }
  | { kind: 'end'; pick: number }
  | { kind: 'renew'; pick: number; actor: Actor; seconds: number }
  | { kind: 'sweep' }
  | { kind: 'advance'; ms: number }
  | { kind: 'add' | 'remove'; member: (typeof MEMBERS)[number] };

// Mostly members, so that votes often reach a decision; outsiders now and then.
const actor = fc.oneof(
  { weight: 4, arbitrary: fc.constantFrom(...MEMBERS) },
  { weight: 1, arbitrary: fc.constantFrom<Actor>('resp-1', 'node-op') },
);
// Requests mostly from the responder, who is not a member: a member's own
// request leaves two voters, so one rejection settles it.
const requester = fc.oneof(
  { weight: 3, arbitrary: fc.constant<Actor>('resp-1') },
  { weight: 2, arbitrary: fc.constantFrom(...MEMBERS) },
  { weight: 1, arbitrary: fc.constant<Actor>('node-op') },
);
const seconds = fc.constantFrom(1, 60, 1800, 3600, 7200);
// 0-2: one of the overrides in the state the action is meant for, so runs
// reach approval, activation and renewal; 3: any override, so refusals of
// the wrong state are exercised too.
const pick = fc.nat(3);
const MEANT_FOR = {
  vote: 'requested',
  activate: 'approved',
  end: 'active',
  renew: 'active',
} as const;

async function target(t: TestGovernance, kind: keyof typeof MEANT_FOR, pick: number) {
  const meant = await t.store.overrides.list({ status: [MEANT_FOR[kind]] }, { limit: 10 });
  const any = await t.store.overrides.list({}, { limit: 10 });
  const pool = pick < 3 && meant.length > 0 ? meant : any;
  return pool[pick % Math.max(1, pool.length)]?.id ?? 'ovr_none';
}

const step: fc.Arbitrary<Step> = fc.oneof(
  {
    weight: 1,
    arbitrary: fc.record({ kind: fc.constant('request' as const), actor: requester, seconds }),
  },
  {
    weight: 6,
    arbitrary: fc.record({
      kind: fc.constant('vote' as const),
      pick,
      actor,
      // Mostly approvals: with a coin flip, deadlock rejects nearly every request.
      approve: fc.oneof({ weight: 4, arbitrary: fc.constant(true) }, fc.constant(false)),
    }),
  },
  { weight: 3, arbitrary: fc.record({ kind: fc.constant('activate' as const), pick }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('end' as const), pick }) },
  {
    weight: 2,
    arbitrary: fc.record({ kind: fc.constant('renew' as const), pick, actor: requester, seconds }),
  },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('sweep' as const) }) },
  {
    weight: 2,
    arbitrary: fc.record({
      kind: fc.constant('advance' as const),
      ms: fc.oneof(fc.constantFrom(1, 999, 1000), fc.integer({ min: 0, max: 7_200_000 })),
    }),
  },
  {
    weight: 1,
    arbitrary: fc.record({
      kind: fc.constantFrom('add', 'remove'),
      member: fc.constantFrom(...MEMBERS),
    }),
  },
);

/** Runs one step; refusals are part of the game, what matters is the state they leave. */
async function run(t: TestGovernance, s: Step, active: Set<string>) {
  const overrides = createOverrideService(t.deps);
  const committee = createCommitteeService(t.deps);
  const id = 'pick' in s ? await target(t, s.kind, s.pick) : '';
  const base = {
    reason: 'security_incident',
    justification: 'Property test emergency.',
    metrics: ['user_location'],
    labels: ['email'],
    sources: ['node-1'],
  };
  try {
    if (s.kind === 'request') {
      const requester = { id: s.actor, role: roleOf(s.actor) };
      await overrides.request({ ...base, requester, durationSeconds: s.seconds });
    } else if (s.kind === 'vote') {
      return await overrides.vote(id, s.actor, s.approve ? 'approve' : 'reject');
    } else if (s.kind === 'activate') await overrides.activate(id, 'resp-1');
    else if (s.kind === 'end') await overrides.end(id, 'resp-1');
    else if (s.kind === 'renew') {
      const requester = { id: s.actor, role: roleOf(s.actor) };
      await overrides.requestRenewal(id, requester, s.seconds);
    } else if (s.kind === 'sweep') await overrides.sweepExpired();
    else if (s.kind === 'advance') t.clock.advance(s.ms);
    else if (s.kind === 'add') {
      const m = { id: s.member, name: s.member, contact: `${s.member}@x.example` };
      await committee.add(m, 'admin');
      active.add(s.member);
    } else {
      await committee.remove(s.member, 'admin');
      active.delete(s.member);
    }
  } catch (error) {
    if (!(error instanceof Error && 'code' in error)) throw error;
  }
  return undefined;
}

// Whoever does whatever, in whatever order, whenever: no override runs
// without a quorum of distinct active members approving it, no vote counts
// twice, and no grant outlives its expiry.
describe('override invariants under any sequence of actions', () => {
  it('never activates without quorum, never counts a vote twice, never grants past expiry', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.array(step, { minLength: 5, maxLength: 40, size: 'medium' }),
        async (rest) => {
          // Every run starts with a request, so the actions that follow have a target.
          const steps: Step[] = [{ kind: 'request', actor: 'resp-1', seconds: 3600 }, ...rest];
          const t = await openTestGovernance();
          try {
            await createCommitteeService(t.deps).seedFromCharter();
            const overrides = createOverrideService(t.deps);
            const active = new Set<string>(['alice', 'bernard', 'dolores']);
            const approvedWithQuorum = new Set<string>();

            for (const s of steps) {
              const voted = await run(t, s, active);
              if (voted?.override.status === 'approved' && s.kind === 'vote') {
                // Checked when it happens, against the committee as it is then.
                const o = voted.override;
                const counted = new Set([...active].filter((m) => m !== o.requestedBy));
                const votes = await t.store.votes.list('override', o.id);
                const approvals = votes.filter(
                  (v) => v.choice === 'approve' && counted.has(v.memberId),
                );
                expect(new Set(approvals.map((v) => v.memberId)).size).toBe(approvals.length);
                expect(approvals.length).toBeGreaterThanOrEqual(quorumSize(66, counted.size));
                approvedWithQuorum.add(o.id);
              }

              const nowMs = t.clock.nowMs();
              for (const grant of await overrides.activeGrants()) {
                expect(grant.expiresAtMs).toBeGreaterThan(nowMs);
                expect(approvedWithQuorum.has(grant.id)).toBe(true);
              }
            }

            const entries = await t.store.audit.range(1, 100_000);
            for (const o of await overrides.list({}, { limit: 1000 })) {
              const votes = await t.store.votes.list('override', o.id);
              const voters = votes.map((v) => v.memberId);
              expect(new Set(voters).size).toBe(voters.length);
              expect(voters).not.toContain(o.requestedBy);
              const audited = entries.filter(
                (e) => e.action === 'override.voted' && e.subjectId === o.id,
              );
              expect(audited).toHaveLength(votes.length);
              if (['approved', 'active', 'renewed', 'ended', 'expired'].includes(o.status)) {
                expect(approvedWithQuorum.has(o.id)).toBe(true);
              }
            }
          } finally {
            await t.close();
          }
        },
      ),
      { numRuns: 60 },
    );
  }, 180_000);
});
