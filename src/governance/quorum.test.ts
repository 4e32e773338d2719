import { describe, expect, it } from 'vitest';

import type { VoteRecord } from '../store/records.js';
import { quorumSize, tally } from './quorum.js';

const vote = (memberId: string, choice: VoteRecord['choice']): VoteRecord => ({
  subjectType: 'override',
  subjectId: 'o1',
  memberId,
  choice,
  penalty: null,
  atMs: 0,
});

describe('quorumSize()', () => {
  it.each([
    [66, 3, 2],
    [66, 5, 4],
    [50, 4, 2],
    [100, 5, 5],
    [1, 3, 1],
    [66, 0, 1],
  ])('%i%% of %i members needs %i votes', (percent, members, needed) => {
    expect(quorumSize(percent, members)).toBe(needed);
  });
});

describe('tally()', () => {
  const members = new Set(['a', 'b', 'c']);

  it('decides when one choice reaches quorum', () => {
    const t = tally(
      [vote('a', 'approve'), vote('b', 'approve')],
      ['approve', 'reject'],
      members,
      66,
    );
    expect(t).toMatchObject({ decided: 'approve', needed: 2, deadlocked: false });
  });

  it('ignores votes of members no longer on the committee', () => {
    const t = tally(
      [vote('a', 'approve'), vote('x', 'approve')],
      ['approve', 'reject'],
      members,
      66,
    );
    expect(t.decided).toBeUndefined();
    expect(t.counts.approve).toBe(1);
  });

  it('reports a deadlock when no choice can reach quorum', () => {
    const four = new Set(['a', 'b', 'c', 'd']);
    const votes = [
      vote('a', 'approve'),
      vote('b', 'approve'),
      vote('c', 'reject'),
      vote('d', 'reject'),
    ];
    expect(tally(votes, ['approve', 'reject'], four, 66)).toMatchObject({
      decided: undefined,
      deadlocked: true,
    });
  });
});
