import fc from 'fast-check';
import { describe, expect, it } from 'vitest';

import { SEVERITIES } from '../charter/index.js';
import { createCommitteeService } from './committee.js';
import { createInvestigationService } from './investigations.js';
import { quorumSize } from './quorum.js';
import { openTestGovernance } from './test-deps.js';
import { createViolationService } from './violations.js';

const MEMBERS = ['alice', 'bernard', 'dolores', 'maeve', 'teddy'] as const;

type Step =
  | {
      kind: 'vote';
      member: (typeof MEMBERS)[number];
      confirm: boolean;
      penalty: (typeof SEVERITIES)[number];
    }
  | { kind: 'add'; member: (typeof MEMBERS)[number] }
  | { kind: 'remove'; member: (typeof MEMBERS)[number] };

const step: fc.Arbitrary<Step> = fc.oneof(
  {
    weight: 6,
    arbitrary: fc.record({
      kind: fc.constant('vote' as const),
      member: fc.constantFrom(...MEMBERS),
      confirm: fc.boolean(),
      penalty: fc.constantFrom(...SEVERITIES),
    }),
  },
  {
    weight: 1,
    arbitrary: fc.record({
      kind: fc.constant('add' as const),
      member: fc.constantFrom(...MEMBERS),
    }),
  },
  {
    weight: 1,
    arbitrary: fc.record({
      kind: fc.constant('remove' as const),
      member: fc.constantFrom(...MEMBERS),
    }),
  },
);

// Whatever members do, in whatever order, with whatever membership changes:
// no penalty without a confirmation reached by quorum, no vote counted twice.
describe('investigation invariants under any sequence of votes and membership changes', () => {
  it('never applies a penalty without confirmation by quorum, and never counts a vote twice', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(step, { minLength: 1, maxLength: 25 }), async (steps) => {
        const t = await openTestGovernance();
        try {
          const committee = createCommitteeService(t.deps);
          await committee.seedFromCharter();
          const investigations = createInvestigationService(t.deps);
          const { violation } = await createViolationService(t.deps).report({
            type: 'exploitation',
            source: 'node-1',
            reporter: 'dolores',
            evidence: [{ kind: 'reference', value: 'ticket:P-1' }],
          });
          const inv = await investigations.open({
            violationId: violation.id,
            initiatedBy: 'committee',
            openedBy: 'alice',
          });

          const active = new Set(['alice', 'bernard', 'dolores']);
          let quorumAtClose: { needed: number; forOutcome: number } | undefined;
          for (const s of steps) {
            t.clock.advance(1_000);
            try {
              if (s.kind === 'vote') {
                const after = await investigations.vote(
                  inv.id,
                  s.member,
                  s.confirm ? 'confirm' : 'dismiss',
                  s.penalty,
                );
                if (after.status === 'closed' && quorumAtClose === undefined) {
                  // Count as the rules say: current members, the reporter excluded.
                  const counted = new Set([...active].filter((m) => m !== 'dolores'));
                  const choice = after.outcome === 'confirmed' ? 'confirm' : 'dismiss';
                  quorumAtClose = {
                    needed: quorumSize(66, counted.size),
                    forOutcome: after.votes.filter(
                      (v) => v.choice === choice && counted.has(v.memberId),
                    ).length,
                  };
                }
              } else if (s.kind === 'add') {
                await committee.add(
                  { id: s.member, name: s.member, contact: `${s.member}@x.example` },
                  'admin',
                );
                active.add(s.member);
              } else {
                await committee.remove(s.member, 'admin');
                active.delete(s.member);
              }
            } catch (error) {
              // Refusals (coded errors) are part of the game; what matters is
              // the state they leave. Anything else is a bug the run must show.
              if (!(error instanceof Error && 'code' in error)) throw error;
            }
          }

          const view = await investigations.get(inv.id);
          const stored = await t.store.violations.get(violation.id);
          const voters = view.votes.map((v) => v.memberId);
          expect(new Set(voters).size).toBe(voters.length);
          expect(view.timeline.filter((e) => e.kind === 'vote')).toHaveLength(view.votes.length);
          expect(voters).not.toContain('dolores');

          if (view.status === 'closed') {
            expect(quorumAtClose).toBeDefined();
            expect(quorumAtClose!.forOutcome).toBeGreaterThanOrEqual(quorumAtClose!.needed);
            expect(view.timeline.at(-1)?.kind).toBe('closed');
          }
          if (stored?.penalty !== null) {
            expect(stored?.status).toBe('confirmed');
            expect(view.outcome).toBe('confirmed');
          } else {
            expect(stored.status).not.toBe('confirmed');
          }
        } finally {
          await t.close();
        }
      }),
      { numRuns: 40 },
    );
  }, 120_000);
});
