import type { MapekActionRecord, MapekProbeRecord } from '../store/records.js';
import type { MapekConfig } from './config.js';
import { runDetectors, type DetectorName, type Finding } from './detectors.js';

/** 0 none, then the charter's response levels 1-4. */
export type ThreatLevel = 0 | 1 | 2 | 3 | 4;

/** What Analyze concluded about one node or service. */
export interface Assessment {
  readonly source: string;
  readonly level: ThreatLevel;
  readonly findings: readonly Finding[];
  /** The last action that worked on this source, if any, and the level it answered. */
  readonly lastAction: MapekActionRecord | undefined;
  /** True when the source kept probing after `lastAction`: the level was raised past it. */
  readonly escalated: boolean;
}

/** A verdict on a past action, to be written to Knowledge. */
export interface Judgement {
  readonly actionId: string;
  readonly effective: boolean;
}

export interface AnalyzeInput {
  readonly nowMs: number;
  /** Probes in the lookback, any order. */
  readonly probes: readonly MapekProbeRecord[];
  /** Past actions, newest first (any sources). */
  readonly actions: readonly MapekActionRecord[];
}

/** Detector weight: reconnaissance alone warrants blocking, the others alerting. */
const WEIGHT: Record<DetectorName, ThreatLevel> = {
  burst: 1,
  cluster: 1,
  frequency: 1,
  reconnaissance: 2,
};

/**
 * The Analyze stage. A source's level is the highest weight of its
 * findings, at least 2 when two or more detectors agree. The outcome of the
 * last successful action then weighs in: probing later than `graceSeconds`
 * after it proves it ineffective, and the level rises one past it (capped
 * at 4), so the next plan escalates instead of repeating what failed. An
 * action followed by `effectiveAfterSeconds` of quiet is judged effective.
 * A committee request is never escalated past by the loop: it waits for
 * the committee, whose decision it is.
 */
export function analyze(
  input: AnalyzeInput,
  config: MapekConfig,
): {
  assessments: Assessment[];
  judgements: Judgement[];
} {
  const findings = runDetectors(input.probes, config);
  const lastBySource = new Map<string, MapekActionRecord>();
  for (const a of input.actions) {
    if (a.outcome === 'succeeded' && !lastBySource.has(a.source)) lastBySource.set(a.source, a);
  }

  const sources = new Set([...findings.map((f) => f.source), ...lastBySource.keys()]);
  const assessments: Assessment[] = [];
  const judgements: Judgement[] = [];
  for (const source of [...sources].sort()) {
    const own = findings.filter((f) => f.source === source);
    const lastAction = lastBySource.get(source);
    let level = baseLevel(own);
    let escalated = false;

    if (lastAction !== undefined) {
      const after = lastAction.atMs + config.graceSeconds * 1000;
      const kept = input.probes.some((p) => p.source === source && p.atMs > after);
      if (kept && lastAction.response === 'committee_request') {
        // The committee has been asked; what happens next is its decision,
        // not the loop's: hold the level until it acts.
        level = Math.max(level, lastAction.level) as ThreatLevel;
      } else if (kept) {
        escalated = true;
        level = Math.max(level, Math.min(4, lastAction.level + 1)) as ThreatLevel;
        if (lastAction.effective !== false) {
          judgements.push({ actionId: lastAction.id, effective: false });
        }
      } else if (
        lastAction.effective === null &&
        input.nowMs - lastAction.atMs >= config.effectiveAfterSeconds * 1000
      ) {
        judgements.push({ actionId: lastAction.id, effective: true });
      }
    }
    if (level > 0) assessments.push({ source, level, findings: own, lastAction, escalated });
  }
  return { assessments, judgements };
}

function baseLevel(findings: readonly Finding[]): ThreatLevel {
  const detectors = new Set(findings.map((f) => f.detector));
  let level: ThreatLevel = 0;
  for (const d of detectors) level = Math.max(level, WEIGHT[d]) as ThreatLevel;
  return detectors.size >= 2 ? (Math.max(level, 2) as ThreatLevel) : level;
}
