import type { OverrideVoteResult } from '../../governance/overrides.js';
import type { OverrideRecord } from '../../store/records.js';
import { table } from '../io.js';
import { fields, iso, joined } from './text.js';

/** Overrides, one per row. */
export function formatOverrides(list: OverrideRecord[]): string {
  if (list.length === 0) return 'no overrides';
  return table(
    ['ID', 'STATUS', 'REASON', 'METRICS', 'LABELS', 'SOURCES', 'DURATION', 'EXPIRES'],
    list.map((o) => [
      o.id,
      o.status,
      o.reason,
      joined(o.metrics),
      joined(o.labels),
      joined(o.sources),
      `${o.durationSeconds} s`,
      iso(o.expiresAtMs),
    ]),
  );
}

/** One override, every field. */
export function formatOverride(o: OverrideRecord): string {
  return fields([
    ['id', o.id],
    ['status', o.status],
    ['reason', o.reason],
    ['justification', o.justification],
    ['metrics', joined(o.metrics)],
    ['labels', joined(o.labels)],
    ['sources', joined(o.sources)],
    ['duration', `${o.durationSeconds} s`],
    ['requested by', o.requestedBy],
    ['requested', iso(o.requestedAtMs)],
    ['decided', iso(o.decidedAtMs)],
    ['activated', iso(o.activatedAtMs)],
    ['expires', iso(o.expiresAtMs)],
    ['ended', iso(o.endedAtMs)],
    ['renews', o.renewsId],
  ]);
}

/** A vote's answer: the override's status and the tally. */
export function formatOverrideVote(r: OverrideVoteResult): string {
  const t = r.tally;
  return [
    `override ${r.override.id} ${r.override.status}`,
    `approvals ${t.approvals}, rejections ${t.rejections}, needed ${t.needed}, voters left ${t.votersLeft}`,
  ].join('\n');
}

/** A one-line answer after a transition. */
export function formatOverrideChange(verb: string): (o: OverrideRecord) => string {
  return (o) => {
    const until = o.expiresAtMs === null ? '' : `, expires ${iso(o.expiresAtMs)}`;
    return `override ${o.id} ${verb}: status ${o.status}${until}`;
  };
}
