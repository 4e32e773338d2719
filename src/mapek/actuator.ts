import type { ResponseRequest } from '../governance/index.js';
import type { ErrorCode } from '../shared/error-codes.js';
import { CharterError } from '../shared/errors.js';
import type { StepBasis } from './plan.js';

/*
 * The Execute stage's only way to act: the service's own operations, behind
 * a port the composition root implements (governance services in process,
 * the HTTP API standalone). Nothing here can allow a metric, vote, approve
 * an override or apply a penalty: those operations are not on the port.
 */

/** A violation the loop reports about a source, with what the detectors saw. */
export interface ViolationRequest {
  readonly basis: StepBasis;
  /** A key that makes a retried report record once. */
  readonly idempotencyKey: string;
}

/** What suspending a source pending investigation left in the store. */
export interface Suspension {
  readonly violationId: string;
  /** Set when the suspension opened its investigation in the same transaction. */
  readonly investigationId: string | null;
  /** False when the service could not suspend (then nothing needs lifting). */
  readonly suspended: boolean;
}

/** What the committee is told (governance's response request); never personal data. */
export type CommitteeNotice = ResponseRequest;

/** The service operations the loop may use. Each writes its own audit entries. */
export interface Actuator {
  reportViolation(request: ViolationRequest): Promise<{ violationId: string }>;
  /** Suspends the source pending investigation (governance escalation). */
  suspendSource(request: ViolationRequest): Promise<Suspension>;
  openInvestigation(violationId: string): Promise<{ investigationId: string }>;
  /** Lifts a suspension the loop applied: the rollback of `suspendSource`. */
  liftSuspension(source: string, reason: string): Promise<void>;
  notifyCommittee(notice: CommitteeNotice): Promise<void>;
}

/**
 * A failed operation. `retryable` failures (a timeout, a 5xx, a busy
 * database) are retried with backoff; the others fail the step at once.
 */
export class ActuatorError extends CharterError {
  readonly retryable: boolean;

  constructor(code: string, message: string, retryable: boolean, options?: ErrorOptions) {
    // Often the service's own code, relayed; the service draws it from ERROR_CODES.
    super(code as ErrorCode, message, undefined, options);
    this.retryable = retryable;
  }
}

/**
 * Whether `error` is worth another attempt: an ActuatorError says so itself;
 * a domain error (a CharterError: conflict, not found, bad input) will fail
 * the same way again; anything else (I/O) may pass next time.
 */
export function isRetryable(error: unknown): boolean {
  if (error instanceof ActuatorError) return error.retryable;
  return !(error instanceof CharterError);
}
