/**
 * What kind of failure a code is. The HTTP layer turns a kind into a status
 * (src/http/problem.ts); the CLI prints the code and exits 2.
 */
export type ErrorKind =
  | 'input'
  | 'unauthenticated'
  | 'forbidden'
  | 'not_found'
  | 'conflict'
  | 'too_large'
  | 'media_type'
  | 'rate_limited'
  | 'unavailable'
  | 'internal'
  | 'cli';

/** One stable error code: its kind and what it means for whoever meets it. */
export interface ErrorCodeInfo {
  readonly kind: ErrorKind;
  readonly meaning: string;
}

/**
 * Every error code the project raises, in one place. A CharterError takes
 * only these codes (the compiler checks), and docs/errors.md is generated
 * from this table (`npm run docs`); a test fails while they disagree.
 */
export const ERROR_CODES = {
  // Charter files
  charter_invalid: i(
    'A charter file was refused: the message gives file:line:column, the path of the value, what was found and what is accepted. On reload, the charter in force stays.',
  ),
  invalid_options: internal(
    'The attempt tracker was built with a non-positive capacity or window.',
  ),

  // Requests (HTTP)
  body_invalid: i('The JSON body does not match the operation’s schema (GET /openapi.json).'),
  params_invalid: i('A path parameter does not match the operation’s schema.'),
  query_invalid: i('A query-string parameter does not match the operation’s schema.'),
  request_invalid: i('The request is malformed in a way the HTTP framework refused.'),
  json_invalid: i('The body is not JSON, or nests deeper than 64 levels.'),
  encoding_invalid: i('The body is not valid UTF-8, or holds a lone surrogate.'),
  control_characters: i(
    'A string or key holds a control character other than tab, newline or carriage return.',
  ),
  body_too_large: {
    kind: 'too_large',
    meaning: 'The body exceeds the size limit; split the batch.',
  },
  media_type_unsupported: {
    kind: 'media_type',
    meaning: 'The body is not sent as application/json.',
  },
  route_not_found: nf('No operation has this method and path.'),
  internal: internal(
    'The request failed inside the service; the log has the detail, the body does not.',
  ),

  // Authentication, roles and limits
  token_missing: {
    kind: 'unauthenticated',
    meaning: 'The route needs an Authorization: Bearer token.',
  },
  token_invalid: {
    kind: 'unauthenticated',
    meaning: 'The token is unknown, malformed or revoked.',
  },
  role_forbidden: { kind: 'forbidden', meaning: 'The token’s role may not call this route.' },
  forged_source: {
    kind: 'forbidden',
    meaning: 'A node operator submitted a metric with another source than its own id.',
  },
  rate_limited: {
    kind: 'rate_limited',
    meaning:
      'The caller exceeded its role’s requests per minute; retry after the Retry-After seconds.',
  },
  token_role_invalid: i('`charter token create --role` names no role of the charter vocabulary.'),
  token_principal_invalid: i(
    'The principal of a new token is empty, too long or holds characters outside letters, digits, `.`, `_`, `-`, `:` and `@`.',
  ),
  token_not_found: nf('`charter token revoke` names no token.'),

  // Violations and intake
  report_invalid: i('A violation report does not match the ViolationReport schema.'),
  evidence_invalid: i('Evidence must be SHA-256 hashes or references, never raw data.'),
  idempotency_key_reused: c('The idempotency key was used before for a different report.'),
  violation_not_found: nf('No violation has this id.'),
  violation_not_open: c('The violation is already confirmed or dismissed.'),
  ingest_overloaded: {
    kind: 'unavailable',
    meaning: 'The group-commit queue is full; nothing was acknowledged, retry later.',
  },
  ingest_closed: {
    kind: 'unavailable',
    meaning: 'The service is shutting down; nothing was acknowledged, retry on another instance.',
  },
  source_not_suspended: c('Reinstating a source that is not suspended.'),

  // Investigations and the committee
  investigation_not_found: nf('No investigation has this id.'),
  investigation_closed: c(
    'The investigation is closed; it takes no more notes, evidence or votes.',
  ),
  reporter_cannot_vote: c('The reporter of a violation cannot vote on its investigation.'),
  already_voted: c('This member has voted on this case already; a vote counts once.'),
  not_a_member: c('Only active audit committee members vote or are assigned.'),
  penalty_required: i('A confirming vote must name a penalty severity.'),
  note_invalid: i('A note is empty or longer than the limit.'),
  member_not_found: nf('No committee member has this id.'),
  member_exists: c('A committee member with this id exists.'),
  member_invalid: i('A committee member needs an id, a name and a contact.'),
  response_request_invalid: i(
    'A request for a committee response names no source, response or detector, or a level outside 1–4.',
  ),
  committee_too_small: c('Removing the member would leave the committee unable to reach quorum.'),

  // Emergency overrides
  override_disabled: i('The charter disables emergency overrides.'),
  override_requester_invalid: i('The requester of an override is missing or malformed.'),
  role_not_allowed: i('The charter does not let this role request overrides.'),
  override_reason_not_allowed: i(
    'The reason is not one of the charter’s allowed override reasons.',
  ),
  override_duration_invalid: i('The duration is not a positive whole number of seconds.'),
  override_duration_too_long: i('The duration exceeds the charter’s maximum.'),
  override_justification_invalid: i('The justification is empty or too long.'),
  override_scope_invalid: i(
    'The override names no forbidden metric or label, or names one the charter does not forbid.',
  ),
  override_not_found: nf('No override has this id.'),
  override_not_requested: c('Only a requested override takes votes.'),
  override_not_approved: c('Only an approved override can be activated.'),
  override_not_active: c('Only an active override can be ended or renewed.'),
  override_renewal_pending: c('The override already has a renewal waiting for approval.'),
  override_quorum_unreachable: c(
    'Too few eligible members remain for the override to reach quorum.',
  ),
  vote_choice_invalid: i('A vote is not one of the accepted choices.'),
  self_approval: c('The requester of an override cannot approve it.'),

  // Revocations and erasure
  revocation_collector_invalid: i('The collector id is empty or malformed.'),
  revocation_reason_invalid: i(
    'The reason is not account_closure, consent_withdrawn, policy_violation or security_incident.',
  ),
  collector_already_revoked: c('The collector’s access is revoked already.'),
  revocation_not_found: nf('No revocation has this id.'),
  revocation_already_in_force: c('The revocation was confirmed in force already.'),
  revocation_time_invalid: i('The in-force time lies outside the request time and now.'),
  subject_id_invalid: i('The data subject id is empty or malformed.'),
  subject_record_invalid: i('A data subject record lacks a kind or data, or is too large.'),
  erasure_reason_invalid: i('The erasure reason is not one of the revocation reasons.'),
  erasure_not_found: nf('No erasure has this id.'),
  erasure_complete: c('The subject’s records are erased already; nothing is left to export.'),
  export_window_closed: c('The export window of this erasure has closed.'),
  pseudonym_key_invalid: internal('The pseudonym key is shorter than 32 bytes.'),

  // Reports
  report_period_invalid: i('The report period is half-open, reversed, or not ISO 8601 dates.'),

  // Store and audit trail
  store_open_failed: internal('The store could not be opened (file, permissions, URL).'),
  store_migration_failed: internal(
    'A migration failed; the store is left at the previous version.',
  ),
  store_schema_invalid: i(
    'The PostgreSQL schema name is not lower-case letters, digits and underscores.',
  ),
  store_conflict: c('A record with the same id or unique key exists.'),
  store_not_found: nf('An update named a record the store does not hold.'),
  store_unreachable: {
    kind: 'unavailable',
    meaning: 'The store does not answer; /readyz reports it.',
  },
  audit_head_mismatch: internal(
    'The audit head does not match the last entry: the trail was changed outside the store. Run `charter audit verify`.',
  ),
  audit_key_invalid: internal('The audit signing key is not an Ed25519 key in PEM.'),
  audit_unserializable: internal('An audit entry holds a value canonical JSON cannot express.'),
  key_file_unreadable: internal('A key file exists but cannot be read.'),
  key_file_invalid: internal('A key file does not hold what it should.'),

  // MAPE-K loop
  mapek_config_invalid: internal(
    'The loop’s configuration is out of range; the message names the setting.',
  ),
  mapek_plan_refused: internal(
    'The planner refused a plan that would bypass validation or the committee.',
  ),
  mapek_step_order: internal('A plan’s steps ran out of order.'),
  prometheus_unavailable: {
    kind: 'unavailable',
    meaning: 'Prometheus did not answer; the Monitor retries next iteration.',
  },
  prometheus_query_failed: internal('Prometheus refused a Monitor query.'),
  service_unavailable: {
    kind: 'unavailable',
    meaning: '`charter mapek` could not reach the service; the step is retried with backoff.',
  },

  // Committee notifications
  notify_url_invalid: i('A notification URL is not http or https.'),

  // The CLI
  bad_argument: cli('A command-line argument is not accepted; the hint lists what is.'),
  listen_invalid: cli('`--listen` is not HOST:PORT.'),
  url_invalid: cli('`--url` is not an http or https URL.'),
  timeout_invalid: cli('`--timeout` is not a whole number of milliseconds.'),
  number_argument_invalid: cli('A numeric option is not a whole number ≥ 1.'),
  pair_argument_invalid: cli('A `--label` or similar option is not key=value.'),
  evidence_argument_invalid: cli('`--evidence` is not sha256:HEX or reference:TEXT.'),
  deadline_argument_invalid: cli('`--deadline` is not a date or date-time.'),
  period_argument_invalid: cli('`--from`/`--to`/`--quarter` do not make a report period.'),
  data_argument_invalid: cli('`--data` is not a JSON object.'),
  metrics_missing: cli('`charter submit` got no file and no `--metric`.'),
  metrics_file_invalid: cli('A line of the metrics file is not a JSON object.'),
  source_missing: cli('`--metric` needs `--source`.'),
  mapek_options_missing: cli('`charter mapek` needs `--url`, `--token` and `--prometheus`.'),
  service_unreachable: cli('The CLI could not reach the service at `--url`.'),
  service_timeout: cli('The service gave no answer within `--timeout`.'),
  service_error: cli(
    'The service answered an error without a problem body: `--url` may point elsewhere.',
  ),
  response_invalid: cli('The service answered with a body that is not JSON.'),
} as const satisfies Record<string, ErrorCodeInfo>;

/** A stable error code. */
export type ErrorCode = keyof typeof ERROR_CODES;

function i(meaning: string): ErrorCodeInfo {
  return { kind: 'input', meaning };
}
function c(meaning: string): ErrorCodeInfo {
  return { kind: 'conflict', meaning };
}
function nf(meaning: string): ErrorCodeInfo {
  return { kind: 'not_found', meaning };
}
function internal(meaning: string): ErrorCodeInfo {
  return { kind: 'internal', meaning };
}
function cli(meaning: string): ErrorCodeInfo {
  return { kind: 'cli', meaning };
}
