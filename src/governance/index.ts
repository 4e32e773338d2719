/*
 * The governance module (SPEC §5): due process on a durable store. Every state
 * change is one store transaction that writes the record and its audit entry;
 * events reach the rest of the service only after commit.
 */

import { createCommitteeService, type CommitteeService } from './committee.js';
import type { GovernanceDeps } from './deps.js';
import { createErasureService, type ErasureService } from './erasure.js';
import { createEscalationService, type EscalationService } from './escalation.js';
import { createViolationIngest, type IngestOptions, type ViolationIngest } from './ingest.js';

export { storeBatchWriter, type BatchWriter, type IngestOptions } from './ingest.js';
import { createInvestigationService, type InvestigationService } from './investigations.js';
import { createOverrideService, type OverrideService } from './overrides.js';
import { createReportService, type ReportService } from './reports.js';
import { createRevocationService, type RevocationService } from './revocations.js';
import { createViolationService, type ViolationService } from './violations.js';

export type { GovernanceDeps, GovernanceEvents, OverrideOutcome } from './deps.js';
/** What a request for a committee response carries (see CommitteeService.requestResponse). */
export type { ResponseRequest } from '../notify/index.js';
export { parseViolationReport, ViolationReportSchema } from './report-schema.js';
export type { ViolationReport, ReportOutcome } from './violations.js';
export type {
  CommitteeService,
  ErasureService,
  EscalationService,
  InvestigationService,
  OverrideService,
  ReportService,
  RevocationService,
  ViolationIngest,
  ViolationService,
};

/** Every governance service, sharing one store, clock and charter. */
export interface Governance {
  violations: ViolationService;
  ingest: ViolationIngest;
  investigations: InvestigationService;
  committee: CommitteeService;
  escalation: EscalationService;
  overrides: OverrideService;
  revocations: RevocationService;
  erasure: ErasureService;
  reports: ReportService;
}

/**
 * Builds the governance services. `pseudonymKey` keys the HMAC that turns a
 * data subject's id into the pseudonym the audit trail keeps.
 */
export function createGovernance(
  deps: GovernanceDeps,
  options: { pseudonymKey: Buffer; ingest?: IngestOptions },
): Governance {
  return {
    violations: createViolationService(deps),
    ingest: createViolationIngest(deps, options.ingest),
    investigations: createInvestigationService(deps),
    committee: createCommitteeService(deps),
    escalation: createEscalationService(deps),
    overrides: createOverrideService(deps),
    revocations: createRevocationService(deps),
    erasure: createErasureService({ ...deps, pseudonymKey: options.pseudonymKey }),
    reports: createReportService(deps),
  };
}
