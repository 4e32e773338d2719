import { describe, expect, it } from 'vitest';

import { mergeEvents } from './merge-events.js';

describe('mergeEvents()', () => {
  it('calls every hook of a change in order, and a throwing hook stops none after it', () => {
    const heard: string[] = [];
    const merged = mergeEvents(
      {
        sourceStandingChanged: (source) => {
          heard.push(`first ${source}`);
          throw new Error('observer failed');
        },
      },
      { sourceStandingChanged: (source, suspended) => heard.push(`second ${source} ${suspended}`) },
      { committeeChanged: (members) => heard.push(`committee ${members.length}`) },
    );
    merged.sourceStandingChanged?.('node-7', true);
    merged.committeeChanged?.([]);
    expect(heard).toEqual(['first node-7', 'second node-7 true', 'committee 0']);
    expect(merged.overrideChanged).toBeUndefined();
  });
});
