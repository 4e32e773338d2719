import { MAX_NAME_LENGTH, type CompiledCharter } from '../charter/index.js';
import { InputError } from '../shared/errors.js';

/** Who asks for an override: an authenticated principal and the role it holds. */
export interface OverrideRequester {
  readonly id: string;
  readonly role: string;
}

/** An emergency override request as a caller submits it (SPEC §5). */
export interface OverrideRequestInput {
  readonly requester: OverrideRequester;
  /** One of the charter's `emergency_override.allowed_reasons`. */
  readonly reason: string;
  /** Why, in words. Published on the public endpoint: no personal data. */
  readonly justification: string;
  /** Forbidden or unlisted metric names, any spelling. */
  readonly metrics: readonly string[];
  /** Forbidden label names, any spelling. */
  readonly labels: readonly string[];
  /** Sources (nodes or services) the override covers, exactly as they submit. */
  readonly sources: readonly string[];
  /** 1 to the charter's `max_duration_seconds`, whole seconds. */
  readonly durationSeconds: number;
}

/** A request that the charter in force accepts: names canonical, lists de-duplicated. */
export interface CheckedOverrideRequest {
  readonly reason: string;
  readonly justification: string;
  readonly metrics: string[];
  readonly labels: string[];
  readonly sources: string[];
  readonly durationSeconds: number;
}

/** Longest justification accepted, in characters. */
export const MAX_JUSTIFICATION_LENGTH = 2_000;

/** Every error code `checkOverrideRequest` throws (all InputError). */
export const OVERRIDE_REQUEST_ERROR_CODES = [
  'override_disabled',
  'override_requester_invalid',
  'role_not_allowed',
  'override_reason_not_allowed',
  'override_duration_invalid',
  'override_duration_too_long',
  'override_justification_invalid',
  'override_scope_invalid',
] as const;

/**
 * Checks an override request against `charter` and returns its canonical
 * scope. Pure; the service calls it for new requests and again for renewals,
 * so a renewal meets the charter in force when it is asked for.
 *
 * Scope rule: every metric must be one the charter forbids or does not list
 * (an allowed metric needs no override, so asking for one is refused as
 * pointless), every label a forbidden label, with at least one metric or
 * label and at least one source.
 *
 * @throws InputError with one of OVERRIDE_REQUEST_ERROR_CODES, naming the
 *   offending value and what is accepted.
 */
export function checkOverrideRequest(
  charter: CompiledCharter,
  input: OverrideRequestInput,
): CheckedOverrideRequest {
  const rules = charter.settings.override;
  if (!rules.enabled) {
    throw fail(
      'override_disabled',
      `emergency overrides are disabled by charter "${charter.id}"`,
      'Set emergency_override.enabled to true in the charter to allow them.',
    );
  }
  const { requester, reason, justification, durationSeconds } = input;
  if (typeof requester?.id !== 'string' || requester.id.length === 0) {
    throw fail(
      'override_requester_invalid',
      `requester id is ${quote(requester?.id)}`,
      'Send the authenticated principal id of the requester.',
    );
  }
  if (!(rules.requesterRoles as ReadonlySet<string>).has(requester.role)) {
    throw fail(
      'role_not_allowed',
      `role ${quote(requester.role)} may not request an override`,
      `Accepted roles: ${[...rules.requesterRoles].join(', ')}.`,
    );
  }
  if (!rules.allowedReasons.has(reason)) {
    throw fail(
      'override_reason_not_allowed',
      `reason ${quote(reason)} is not allowed`,
      `Accepted reasons: ${[...rules.allowedReasons].join(', ')}.`,
    );
  }

  if (!Number.isInteger(durationSeconds) || durationSeconds < 1) {
    throw fail(
      'override_duration_invalid',
      `durationSeconds is ${quote(durationSeconds)}`,
      `Send whole seconds from 1 to ${rules.maxDurationSeconds}.`,
    );
  }
  if (durationSeconds > rules.maxDurationSeconds) {
    throw fail(
      'override_duration_too_long',
      `durationSeconds is ${durationSeconds}, over the charter's maximum of ${rules.maxDurationSeconds}`,
      `Ask for at most ${rules.maxDurationSeconds} seconds; renew it if more is needed.`,
    );
  }
  if (
    typeof justification !== 'string' ||
    justification.trim().length === 0 ||
    justification.length > MAX_JUSTIFICATION_LENGTH
  ) {
    throw fail(
      'override_justification_invalid',
      'justification is empty or too long',
      `Explain the emergency in 1 to ${MAX_JUSTIFICATION_LENGTH} characters, without personal data (it is published).`,
    );
  }

  const metrics = checkMetrics(charter, input.metrics);
  const labels = checkLabels(charter, input.labels);
  if (metrics.length + labels.length === 0) {
    throw scopeError(
      'it names no metric and no label',
      'List at least one forbidden or unlisted metric, or one forbidden label.',
    );
  }
  const sources = checkSources(input.sources);

  return { reason, justification, metrics, labels, sources, durationSeconds };
}

function checkMetrics(charter: CompiledCharter, names: readonly unknown[]): string[] {
  const canonical = new Set<string>();
  for (const name of list(names, 'metrics')) {
    const match = typeof name === 'string' ? charter.matchMetric(name) : undefined;
    if (match === undefined) {
      throw scopeError(
        `metric ${quote(name)} is not a valid metric name`,
        `Use names of at most ${MAX_NAME_LENGTH} characters from [A-Za-z0-9_.:-].`,
      );
    }
    // Default deny means an allowed metric is never blocked: overriding it
    // would publish an emergency that changes nothing.
    if (match.rule?.kind === 'allowed') {
      throw scopeError(
        `metric ${quote(name)} is already allowed by rule "${match.rule.rule}", so an override of it would change nothing`,
        'List only metrics the charter forbids or does not list.',
      );
    }
    canonical.add(match.canonical);
  }
  return [...canonical];
}

function checkLabels(charter: CompiledCharter, names: readonly unknown[]): string[] {
  const canonical = new Set<string>();
  for (const name of list(names, 'labels')) {
    const match = typeof name === 'string' ? charter.matchLabel(name) : undefined;
    if (match?.forbidden === undefined) {
      const accepted = [...charter.forbiddenLabels.values()].map((l) => l.name).join(', ');
      throw scopeError(
        `label ${quote(name)} is not a forbidden label`,
        `List only forbidden labels: ${accepted}.`,
      );
    }
    canonical.add(match.canonical);
  }
  return [...canonical];
}

function checkSources(names: readonly unknown[]): string[] {
  const sources = new Set<string>();
  for (const name of list(names, 'sources')) {
    if (typeof name !== 'string' || name.length === 0 || name.length > MAX_NAME_LENGTH) {
      throw scopeError(
        `source ${quote(name)} is not a source id`,
        `Use the source ids nodes submit with, 1 to ${MAX_NAME_LENGTH} characters.`,
      );
    }
    sources.add(name);
  }
  if (sources.size === 0) {
    throw scopeError(
      'it names no source',
      'List at least one node or service the override covers.',
    );
  }
  return [...sources];
}

function list(value: readonly unknown[], field: string): readonly unknown[] {
  if (!Array.isArray(value))
    throw scopeError(`${field} is ${quote(value)}`, `Send ${field} as an array of names.`);
  return value;
}

function scopeError(found: string, hint: string): InputError {
  return fail('override_scope_invalid', `the scope is invalid: ${found}`, hint);
}

function fail(
  code: (typeof OVERRIDE_REQUEST_ERROR_CODES)[number],
  found: string,
  hint: string,
): InputError {
  return new InputError(code, `Cannot request override: ${found}`, hint);
}

/** Quotes a value for a message, shortened: a hostile caller cannot bloat logs with it. */
function quote(value: unknown): string {
  if (value === undefined) return 'missing';
  // JSON.stringify yields undefined only for functions and symbols.
  const text = JSON.stringify(value) ?? typeof value;
  return text.length > 100 ? `${text.slice(0, 100)}…` : text;
}
