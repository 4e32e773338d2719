import type { MapekProbeRecord } from '../store/records.js';
import type { MapekConfig } from './config.js';

/** The four detectors of Analyze (SPEC §10). */
export type DetectorName = 'burst' | 'cluster' | 'frequency' | 'reconnaissance';

/** What one detector found about one source. */
export interface Finding {
  readonly detector: DetectorName;
  readonly source: string;
  /** The count the threshold was compared with (attempts, or distinct names). */
  readonly observed: number;
  readonly threshold: number;
}

type Thresholds = Pick<
  MapekConfig,
  | 'burstCount'
  | 'burstWindowSeconds'
  | 'frequencyCount'
  | 'clusterMinTotal'
  | 'clusterShare'
  | 'reconDistinctNames'
>;

/** Probes grouped by source, each group oldest first. */
function bySource(probes: readonly MapekProbeRecord[]): Map<string, MapekProbeRecord[]> {
  const groups = new Map<string, MapekProbeRecord[]>();
  for (const p of probes) {
    const list = groups.get(p.source);
    if (list) list.push(p);
    else groups.set(p.source, [p]);
  }
  for (const list of groups.values()) list.sort((a, b) => a.atMs - b.atMs);
  return groups;
}

const total = (list: readonly MapekProbeRecord[]) => list.reduce((n, p) => n + p.count, 0);

/** Burst: the most attempts of one source within any window of `burstWindowSeconds`. */
export function detectBursts(probes: readonly MapekProbeRecord[], t: Thresholds): Finding[] {
  const windowMs = t.burstWindowSeconds * 1000;
  const findings: Finding[] = [];
  for (const [source, list] of bySource(probes)) {
    // Two pointers over the sorted attempts: the window [list[lo], list[hi]].
    let lo = 0;
    let inWindow = 0;
    let peak = 0;
    for (const p of list) {
      inWindow += p.count;
      while (p.atMs - list[lo]!.atMs >= windowMs) inWindow -= list[lo++]!.count;
      peak = Math.max(peak, inWindow);
    }
    if (peak >= t.burstCount) {
      findings.push({ detector: 'burst', source, observed: peak, threshold: t.burstCount });
    }
  }
  return findings;
}

/** Frequency: a source's attempts over the whole lookback, however spread out. */
export function detectFrequency(probes: readonly MapekProbeRecord[], t: Thresholds): Finding[] {
  const findings: Finding[] = [];
  for (const [source, list] of bySource(probes)) {
    const n = total(list);
    if (n >= t.frequencyCount) {
      findings.push({ detector: 'frequency', source, observed: n, threshold: t.frequencyCount });
    }
  }
  return findings;
}

/**
 * Cluster: enough denials overall that `clusterShare` of them sit on one
 * node, which is then the focus of the activity rather than noise.
 */
export function detectClusters(probes: readonly MapekProbeRecord[], t: Thresholds): Finding[] {
  const all = total(probes);
  if (all < t.clusterMinTotal) return [];
  const findings: Finding[] = [];
  for (const [source, list] of bySource(probes)) {
    const n = total(list);
    if (n / all >= t.clusterShare) {
      findings.push({ detector: 'cluster', source, observed: n, threshold: t.clusterMinTotal });
    }
  }
  return findings;
}

/**
 * Reconnaissance: one source trying many distinct forbidden or unlisted
 * names, each perhaps only once or twice, spread over the lookback to stay
 * under the charter's per-window escalation. Names are compared by hash.
 */
export function detectReconnaissance(
  probes: readonly MapekProbeRecord[],
  t: Thresholds,
): Finding[] {
  const names = new Map<string, Set<string>>();
  for (const p of probes) {
    if (p.reason === 'source_suspended') continue; // says who, not what was probed
    const set = names.get(p.source) ?? new Set<string>();
    set.add(p.nameHash);
    names.set(p.source, set);
  }
  const findings: Finding[] = [];
  for (const [source, set] of names) {
    if (set.size >= t.reconDistinctNames) {
      findings.push({
        detector: 'reconnaissance',
        source,
        observed: set.size,
        threshold: t.reconDistinctNames,
      });
    }
  }
  return findings;
}

/** Every detector over the same probes, findings in detector order. */
export function runDetectors(probes: readonly MapekProbeRecord[], t: Thresholds): Finding[] {
  return [
    ...detectBursts(probes, t),
    ...detectClusters(probes, t),
    ...detectFrequency(probes, t),
    ...detectReconnaissance(probes, t),
  ];
}
