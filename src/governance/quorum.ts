import type { VoteChoice, VoteRecord } from '../store/records.js';

/**
 * Votes needed for a decision: `quorumPercent` of the current committee,
 * rounded up, and never fewer than one. With 3 members at 66 %, 2 votes.
 */
export function quorumSize(quorumPercent: number, committeeSize: number): number {
  return Math.max(1, Math.ceil((quorumPercent * committeeSize) / 100));
}

/** Where a vote stands. */
export interface Tally<C extends VoteChoice> {
  /** Votes per choice. */
  counts: Record<C, number>;
  needed: number;
  /** The choice that reached quorum, if one has. */
  decided: C | undefined;
  /** True when no choice can reach quorum any more with the votes left. */
  deadlocked: boolean;
}

/**
 * Counts the votes of current members only (a member removed since voting
 * no longer counts) for two opposed choices. A choice wins when its votes
 * reach the quorum of the committee as it is now.
 */
export function tally<C extends VoteChoice>(
  votes: readonly VoteRecord[],
  choices: readonly [C, C],
  memberIds: ReadonlySet<string>,
  quorumPercent: number,
): Tally<C> {
  const needed = quorumSize(quorumPercent, memberIds.size);
  const counts = { [choices[0]]: 0, [choices[1]]: 0 } as Record<C, number>;
  for (const vote of votes) {
    if (!memberIds.has(vote.memberId)) continue;
    const choice = vote.choice as C;
    if (choice in counts) counts[choice] += 1;
  }

  const decided = choices.find((c) => counts[c] >= needed);
  const cast = counts[choices[0]] + counts[choices[1]];
  const left = memberIds.size - cast;
  const deadlocked = decided === undefined && choices.every((c) => counts[c] + left < needed);
  return { counts, needed, decided, deadlocked };
}
