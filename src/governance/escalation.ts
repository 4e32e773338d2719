import { createHash } from 'node:crypto';

import {
  canonicalName,
  severityRank,
  type CompiledCharter,
  type EscalationEvent,
  type Severity,
} from '../charter/index.js';
import { ConflictError } from '../shared/errors.js';
import { emit, type GovernanceDeps } from './deps.js';
import { openInvestigationInTx } from './investigations.js';
import { recordViolation, type ReportOutcome } from './violations.js';

/** What an escalation event became in the store. */
export interface EscalationOutcome {
  violation: ReportOutcome['violation'];
  /** Set when the source was suspended (the charter's higher level). */
  investigationId: string | null;
  suspended: boolean;
}

export const ESCALATION_ERROR_CODES = ['source_not_suspended'] as const;

/**
 * Turns the attempt tracker's escalation events into due process (SPEC §3-§5):
 * at the lower threshold a `silent_collection` violation reported by `system`;
 * at the higher one, in the same transaction, that violation, an investigation
 * opened by the system, and the source suspended pending it. Evidence is the
 * attempt count and a hash of the names tried, so the record holds no data.
 */
export interface EscalationService {
  /**
   * Records `event`. `actor` is who acts on it: `system` for the attempt
   * tracker (the default), or the principal that asked over the API (the
   * standalone MAPE-K loop); it reports the violation, opens the
   * investigation and writes the suspension's audit entry.
   */
  handle(event: EscalationEvent, actor?: string): Promise<EscalationOutcome>;
  /** Lifts a suspension (a committee decision); audited. */
  reinstate(source: string, actor: string, reason: string): Promise<void>;
  /** Sources suspended now, as the decision engine must see them. */
  suspendedSources(): Promise<string[]>;
}

/** Creates the escalation service. */
export function createEscalationService(deps: GovernanceDeps): EscalationService {
  return {
    async handle(event, actor = 'system') {
      const startMs = deps.clock.nowMs();
      const suspend = event.kind === 'suspend';
      const names = [...new Set(event.metrics.map(canonicalName))].sort();
      const charter = deps.charter();
      const windowSeconds = charter.settings.escalation.windowSeconds;

      const outcome = await deps.store.transaction(async (tx) => {
        const nowMs = deps.clock.nowMs();
        const { violation } = await recordViolation(
          tx,
          deps,
          {
            type: 'silent_collection',
            severity: proposedSeverity(charter, event.metrics),
            source: event.source,
            reporter: actor,
            evidence: [
              {
                kind: 'sha256',
                value: sha256(names.join('\n')),
                description: 'metric names attempted',
              },
              { kind: 'reference', value: `attempts:${event.count}/${windowSeconds}s` },
            ],
            properties: {
              attempts: event.count,
              window_seconds: windowSeconds,
              level: suspend ? 2 : 1,
              distinct_metrics: names.length,
            },
          },
          nowMs,
        );
        if (!suspend)
          return { violation, investigationId: null, suspended: false, opened: undefined };

        const opened = await openInvestigationInTx(
          tx,
          { violationId: violation.id, initiatedBy: 'system', openedBy: actor },
          nowMs,
          deps.notifier,
        );
        await tx.sources.put({
          source: event.source,
          standing: 'suspended',
          reason: 'escalation',
          violationId: violation.id,
          sinceMs: nowMs,
        });
        await tx.audit.append({
          atMs: nowMs,
          actor,
          action: 'source.suspended',
          subjectType: 'source',
          subjectId: event.source,
          payload: {
            violationId: violation.id,
            investigationId: opened.investigation.id,
            attempts: event.count,
          },
        });
        return {
          violation: opened.violation,
          investigationId: opened.investigation.id,
          suspended: true,
          opened,
        };
      });

      emit(deps, 'violationRecorded', outcome.violation, deps.clock.nowMs() - startMs);
      if (outcome.opened) {
        emit(deps, 'investigationOpened', outcome.opened.investigation, outcome.opened.violation);
        emit(deps, 'sourceStandingChanged', event.source, true);
      }
      return {
        violation: outcome.violation,
        investigationId: outcome.investigationId,
        suspended: outcome.suspended,
      };
    },

    async reinstate(source, actor, reason) {
      const nowMs = deps.clock.nowMs();
      await deps.store.transaction(async (tx) => {
        const standing = await tx.sources.get(source);
        if (standing?.standing !== 'suspended') {
          throw new ConflictError(
            'source_not_suspended',
            `Source "${source}" is not suspended`,
            'See GET /v1/sources/suspended for suspended sources.',
          );
        }
        await tx.sources.remove(source);
        await tx.audit.append({
          atMs: nowMs,
          actor,
          action: 'source.reinstated',
          subjectType: 'source',
          subjectId: source,
          payload: { reason, violationId: standing.violationId },
        });
      });
      emit(deps, 'sourceStandingChanged', source, false);
    },

    async suspendedSources() {
      return (await deps.store.sources.suspended()).map((s) => s.source);
    },
  };
}

function sha256(text: string): string {
  return createHash('sha256').update(text).digest('hex');
}

/**
 * The penalty an escalation proposes: the charter's severity for silent
 * collection, or the severity of the gravest forbidden rule among the names
 * attempted if that is higher. Repeatedly trying `user_location`
 * (permanent_ban) is a permanent_ban matter, not a ban_1year one; unlisted
 * names carry no severity of their own.
 */
export function proposedSeverity(charter: CompiledCharter, names: readonly string[]): Severity {
  let severity = charter.settings.severityByType.silent_collection;
  for (const name of names) {
    const ruled = charter.matchMetric(name)?.rule?.severity ?? null;
    if (ruled !== null && severityRank(ruled) > severityRank(severity)) severity = ruled;
  }
  return severity;
}
