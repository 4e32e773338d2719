import { Type, type Static, type TObject, type TOptional, type TSchema } from '@sinclair/typebox';

import {
  ACCESS_LEVELS,
  CHARTER_STATUSES,
  ENVIRONMENTS,
  FORBIDDEN_CATEGORIES,
  METRIC_CATEGORIES,
  ROLES,
  SEVERITIES,
  VIOLATION_TYPES,
} from './vocabulary.js';
import { stringEnum as oneOf } from './string-enum.js';

/*
 * Charter schema version 1 (SPEC §3). This file is the one source of truth:
 * the TypeScript types below are derived from it, schema/charter.schema.json is
 * written from it, and the loader validates against it.
 */

const strict = { additionalProperties: false } as const;

/** An object whose keys are exactly some of `keys`, each holding `schema`. */
function someOf<K extends string, S extends TSchema>(
  keys: readonly K[],
  schema: (key: K) => S,
  description: string,
): TObject<{ [P in K]: TOptional<S> }> {
  const properties = Object.fromEntries(keys.map((k) => [k, Type.Optional(schema(k))]));
  return Type.Object(properties, { ...strict, description }) as unknown as TObject<{
    [P in K]: TOptional<S>;
  }>;
}

/*
 * The string formats are exported so the loader can name them in words
 * ("expected a semantic version such as 1.4.0") instead of quoting a regex.
 */

/** Metric names and label names: letters, digits, `_`, `-`, `.`. */
export const METRIC_NAME = '^[A-Za-z_][A-Za-z0-9_.\\-]*$';
/** A glob: a metric name that may contain `*` and `?`. */
export const METRIC_GLOB = '^[A-Za-z_*?][A-Za-z0-9_.\\-*?]*$';
/** Semantic version 2.0.0: MAJOR.MINOR.PATCH with optional pre-release and build. */
export const SEMVER =
  '^(0|[1-9]\\d*)\\.(0|[1-9]\\d*)\\.(0|[1-9]\\d*)(?:-[0-9A-Za-z.-]+)?(?:\\+[0-9A-Za-z.-]+)?$';
/** A calendar date, YYYY-MM-DD. */
export const DATE = '^\\d{4}-\\d{2}-\\d{2}$';
/** Identifiers of charters, principles, members and reasons: lowercase, digits, `_`, `.`, `-`. */
export const ID = '^[a-z0-9][a-z0-9_.-]*$';

const Text = (description: string) => Type.String({ minLength: 1, description });

export const PrincipleSchema = Type.Object(
  {
    id: Type.String({ pattern: ID, description: 'Stable identifier of the promise.' }),
    text: Text('The promise, as published to users.'),
  },
  { ...strict, description: 'One promise the network makes to its users.' },
);

export const CharterMetaSchema = Type.Object(
  {
    id: Type.String({ pattern: ID, description: 'Stable identifier of this charter.' }),
    name: Text('Human name of the charter.'),
    version: Type.String({ pattern: SEMVER, description: 'Semantic version (1.4.0).' }),
    environment: oneOf(ENVIRONMENTS, 'Deployment environment this charter is for.'),
    status: oneOf(
      CHARTER_STATUSES,
      'active: enforced; pending: dry run (decisions reported, nothing blocked); suspended and deprecated are refused at load.',
    ),
    effective_date: Type.String({
      pattern: DATE,
      description: 'Date it takes effect (YYYY-MM-DD).',
    }),
    organization: Text('Organization that publishes the charter.'),
    approved_by: Type.Array(Text('Approver.'), { minItems: 1, description: 'Who approved it.' }),
    principles: Type.Array(PrincipleSchema, {
      minItems: 1,
      description: 'The promises the network makes to its users.',
    }),
  },
  {
    ...strict,
    description: 'Who publishes the charter, for which deployment, and what it promises.',
  },
);

export const AllowedMetricSchema = Type.Object(
  {
    name: Type.Optional(Type.String({ pattern: METRIC_NAME, description: 'Exact metric name.' })),
    pattern: Type.Optional(
      Type.String({ pattern: METRIC_GLOB, description: 'Glob over metric names (node_cpu_*).' }),
    ),
    category: oneOf(METRIC_CATEGORIES, 'What the metric is about.'),
    access_level: oneOf(ACCESS_LEVELS, 'Who may read it.'),
    retention_days: Type.Integer({ minimum: 1, maximum: 3650, description: 'Days it is kept.' }),
    purpose: Text('Why the network collects it.'),
    labels: Type.Optional(
      Type.Array(Type.String({ pattern: METRIC_NAME }), {
        description: 'Label names allowed on it; absent means any label not forbidden.',
      }),
    ),
  },
  { ...strict, description: 'A metric that may be collected; exactly one of name and pattern.' },
);

export const ForbiddenMetricSchema = Type.Object(
  {
    name: Type.Optional(Type.String({ pattern: METRIC_NAME, description: 'Exact metric name.' })),
    pattern: Type.Optional(
      Type.String({ pattern: METRIC_GLOB, description: 'Glob over metric names (gps_*).' }),
    ),
    category: oneOf(FORBIDDEN_CATEGORIES, 'What the metric would reveal.'),
    severity: oneOf(SEVERITIES, 'Penalty proposed for collecting it.'),
    reason: Text('Why it is never collected.'),
  },
  { ...strict, description: 'A metric that is never collected; exactly one of name and pattern.' },
);

export const ForbiddenLabelSchema = Type.Object(
  {
    name: Type.String({ pattern: METRIC_NAME, description: 'Label name never attached.' }),
    severity: oneOf(SEVERITIES, 'Penalty proposed for attaching it.'),
    reason: Type.Optional(Text('Why it is never attached.')),
  },
  { ...strict, description: 'A label that may never be attached to any metric.' },
);

const severityByType = someOf(
  VIOLATION_TYPES,
  (t) => oneOf(SEVERITIES, `Severity of ${t}.`),
  'Severity per violation type; defaults from the vocabulary.',
);

export const EscalationSchema = Type.Object(
  {
    window_seconds: Type.Integer({
      minimum: 1,
      maximum: 86400,
      description: 'Length of the sliding window, in seconds.',
    }),
    violation_after: Type.Integer({
      minimum: 1,
      description: 'Forbidden attempts in the window that record a silent_collection violation.',
    }),
    suspend_after: Type.Integer({
      minimum: 1,
      description: 'Attempts in the window that suspend the source pending investigation.',
    }),
    tracked_sources_max: Type.Optional(
      Type.Integer({
        minimum: 16,
        maximum: 10_000_000,
        description: 'Sources tracked at once; the least recently seen is evicted beyond it.',
      }),
    ),
  },
  {
    ...strict,
    description:
      'How forbidden attempts per source escalate in a sliding window; suspend_after is at least violation_after.',
  },
);

export const ResponseLevelSchema = Type.Object(
  {
    level: Type.Integer({ minimum: 1, maximum: 4, description: 'Level, 1 (mildest) to 4.' }),
    name: Text('Name of the response.'),
    actions: Type.Array(Text('Action.'), { minItems: 1, description: 'What is done at it.' }),
    requires: oneOf(
      ['none', 'committee_vote', 'board_approval'] as const,
      'Human approval needed.',
    ),
  },
  { ...strict, description: 'One response level and the human approval it needs.' },
);

export const ViolationsSchema = Type.Object(
  {
    severity: Type.Optional(severityByType),
    escalation: EscalationSchema,
    response_levels: Type.Array(ResponseLevelSchema, {
      minItems: 1,
      maxItems: 4,
      description: 'Response levels 1 to 4, each at most once.',
    }),
  },
  { ...strict, description: 'Severities, escalation and responses for violations.' },
);

export const RoleAccessSchema = Type.Object(
  {
    read: Type.Array(oneOf(ACCESS_LEVELS, 'Access level.'), {
      description: 'Access levels of metrics it may read.',
    }),
    write: Type.Boolean({ description: 'Whether it may submit metrics.' }),
    rate_limit_per_minute: Type.Integer({ minimum: 1, description: 'Requests per minute.' }),
  },
  { ...strict, description: 'What one role may read and write.' },
);

export const AccessSchema = someOf(
  ROLES,
  () => RoleAccessSchema,
  'Per role: what it may read and write, and its rate limit.',
);

export const CommitteeMemberSchema = Type.Object(
  {
    id: Type.String({ pattern: ID, description: 'Unique identifier of the member.' }),
    name: Text('Member name.'),
    contact: Text('Where notifications reach the member (e-mail address).'),
  },
  { ...strict, description: 'A member of the audit committee.' },
);

export const CommitteeSchema = Type.Object(
  {
    quorum_percent: Type.Integer({
      minimum: 1,
      maximum: 100,
      description: 'Share of members whose votes decide, in percent.',
    }),
    members: Type.Array(CommitteeMemberSchema, {
      minItems: 1,
      description: 'Members; ids are unique.',
    }),
  },
  {
    ...strict,
    description: 'The human audit committee that decides penalties and overrides by quorum.',
  },
);

export const EmergencyOverrideSchema = Type.Object(
  {
    enabled: Type.Boolean({ description: 'Whether overrides may be requested at all.' }),
    max_duration_seconds: Type.Integer({
      minimum: 60,
      maximum: 604800,
      description: 'Longest an override runs before it expires, in seconds.',
    }),
    renewal_requires_approval: Type.Boolean({
      description: 'Whether a renewal needs a fresh committee approval.',
    }),
    quorum_percent: Type.Integer({
      minimum: 1,
      maximum: 100,
      description: 'Share of committee members needed to approve one, in percent.',
    }),
    requester_roles: Type.Array(oneOf(ROLES, 'Role.'), {
      minItems: 1,
      description: 'Roles that may request an override.',
    }),
    allowed_reasons: Type.Array(Type.String({ pattern: ID }), {
      minItems: 1,
      description: 'The only reasons an override may be requested for; each listed once.',
    }),
  },
  {
    ...strict,
    description: 'Time-bounded, quorum-approved, publicly logged exceptions to the charter.',
  },
);

export const RevocationSchema = Type.Object(
  {
    deadline_seconds: Type.Integer({
      minimum: 1,
      maximum: 3600,
      description: 'A revocation is in force on every instance within this many seconds.',
    }),
    export_window_days: Type.Integer({
      minimum: 0,
      maximum: 365,
      description: 'Days a data subject may export their records before erasure.',
    }),
  },
  {
    ...strict,
    description: "Deadlines for revoking a collector's access and for a data subject's erasure.",
  },
);

export const AuditSchema = Type.Object(
  {
    signing_algorithm: oneOf(['ed25519'] as const, 'Signature algorithm of audit entries.'),
    retention_years: Type.Integer({
      minimum: 1,
      maximum: 100,
      description: 'Years audit entries are kept.',
    }),
  },
  { ...strict, description: 'The hash-chained, signed audit trail.' },
);

export const CharterSchema = Type.Object(
  {
    schema_version: Type.Literal(1, { description: 'Version of this file format.' }),
    charter: CharterMetaSchema,
    metrics: Type.Object(
      {
        allowed: Type.Array(AllowedMetricSchema, {
          description: 'Everything that may be collected; any other name is denied.',
        }),
        forbidden: Type.Array(ForbiddenMetricSchema, {
          description: 'What is never collected; no metric is both allowed and forbidden.',
        }),
      },
      { ...strict, description: 'Allowed and forbidden metrics, compared by canonical name.' },
    ),
    labels: Type.Object(
      { forbidden: Type.Array(ForbiddenLabelSchema, { description: 'Forbidden label names.' }) },
      { ...strict, description: 'Labels that may never be attached.' },
    ),
    violations: ViolationsSchema,
    access: AccessSchema,
    committee: CommitteeSchema,
    emergency_override: EmergencyOverrideSchema,
    revocation: RevocationSchema,
    audit: AuditSchema,
  },
  {
    ...strict,
    $id: 'https://westworld-charter.local/schema/charter.schema.json',
    title: 'Anti-Delos data-rights charter',
  },
);

/** A charter document as written in its file, after validation. */
export type CharterDocument = Static<typeof CharterSchema>;
export type AllowedMetric = Static<typeof AllowedMetricSchema>;
export type ForbiddenMetric = Static<typeof ForbiddenMetricSchema>;
export type ForbiddenLabel = Static<typeof ForbiddenLabelSchema>;
export type RoleAccess = Static<typeof RoleAccessSchema>;
export type CommitteeMember = Static<typeof CommitteeMemberSchema>;
