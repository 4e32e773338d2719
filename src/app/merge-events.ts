import type { GovernanceEvents } from '../governance/index.js';

/**
 * Events that call each of `list`'s hooks in turn, each failure contained:
 * how the composition root lets metrics, notifications and the engine's
 * refresh all hear of one governance change.
 */
export function mergeEvents(...list: readonly GovernanceEvents[]): GovernanceEvents {
  const merged: Record<string, (...args: unknown[]) => void> = {};
  const names = new Set(list.flatMap((events) => Object.keys(events)));
  for (const name of names) {
    const hooks = list
      .map((events) => (events as Record<string, unknown>)[name])
      .filter((hook): hook is (...args: unknown[]) => void => typeof hook === 'function');
    merged[name] = (...args) => {
      for (const hook of hooks) {
        try {
          hook(...args);
        } catch {
          // One observer's failure must not keep the next from hearing of the change.
        }
      }
    };
  }
  return merged;
}
