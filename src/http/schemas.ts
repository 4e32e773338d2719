import { Type } from '@sinclair/typebox';

import { REVOCATION_REASONS, SEVERITIES, VIOLATION_TYPES, stringEnum } from '../charter/index.js';

/*
 * The HTTP bodies, written once as TypeBox schemas: fastify validates with
 * them and /openapi.json publishes them. Objects refuse unknown fields.
 */

const closed = { additionalProperties: false } as const;
export const Id = Type.String({ minLength: 1, maxLength: 200, pattern: '^[A-Za-z0-9_.:-]+$' });
const Text = (max: number) => Type.String({ minLength: 1, maxLength: max });

export const IdParams = Type.Object({ id: Id }, closed);

const page = {
  limit: Type.Optional(
    Type.String({ pattern: '^(?:[1-9]\\d{0,2}|1000)$', description: '1 to 1000' }),
  ),
  offset: Type.Optional(Type.String({ pattern: '^\\d{1,9}$' })),
};

export const ViolationQuery = Type.Object(
  {
    ...page,
    status: Type.Optional(
      stringEnum(
        ['reported', 'investigating', 'confirmed', 'dismissed'] as const,
        'Violation status.',
      ),
    ),
    source: Type.Optional(Id),
  },
  closed,
);

export const InvestigationQuery = Type.Object(
  {
    ...page,
    status: Type.Optional(stringEnum(['open', 'closed'] as const, 'Investigation status.')),
  },
  closed,
);

export const MetricSample = Type.Object(
  {
    name: Text(200),
    labels: Type.Optional(
      Type.Record(Type.String({ maxLength: 200 }), Type.String({ maxLength: 1000 }), {
        maxProperties: 64,
      }),
    ),
    source: Id,
    value: Type.Optional(Type.Union([Type.Number(), Type.String({ maxLength: 64 })])),
    timestamp: Type.Optional(
      Type.Union([Type.Number({ minimum: 0 }), Type.String({ maxLength: 64 })]),
    ),
  },
  closed,
);

export const ValidateBody = Type.Object(
  { metrics: Type.Array(MetricSample, { minItems: 1, maxItems: 10_000 }) },
  closed,
);

export const OpenInvestigationBody = Type.Object(
  {
    violation_id: Id,
    assignee: Type.Optional(Id),
    deadline_at: Type.Optional(Type.String({ format: 'date-time' })),
  },
  closed,
);

export const InvestigationVoteBody = Type.Object(
  {
    choice: stringEnum(['confirm', 'dismiss'] as const, 'Confirm with a penalty, or dismiss.'),
    penalty: Type.Optional(stringEnum(SEVERITIES, 'Penalty if confirmed.')),
  },
  closed,
);

export const NoteBody = Type.Object({ text: Text(4000) }, closed);
export const AssignBody = Type.Object({ assignee: Id }, closed);

export const MemberBody = Type.Object({ id: Id, name: Text(200), contact: Text(320) }, closed);

export const OverrideBody = Type.Object(
  {
    reason: Id,
    justification: Text(2000),
    metrics: Type.Array(Text(200), { maxItems: 100 }),
    labels: Type.Optional(Type.Array(Text(200), { maxItems: 100 })),
    sources: Type.Array(Id, { minItems: 1, maxItems: 1000 }),
    duration_seconds: Type.Integer({ minimum: 1, maximum: 604_800 }),
  },
  closed,
);

export const OverrideVoteBody = Type.Object(
  { choice: stringEnum(['approve', 'reject'] as const, 'Approve or reject.') },
  closed,
);

export const RenewalBody = Type.Object(
  { duration_seconds: Type.Integer({ minimum: 1, maximum: 604_800 }) },
  closed,
);

export const RevocationBody = Type.Object(
  { collector: Id, reason: stringEnum(REVOCATION_REASONS, 'Why access is revoked.') },
  closed,
);

export const ErasureBody = Type.Object(
  { subject_id: Text(200), reason: stringEnum(REVOCATION_REASONS, 'Why the data is erased.') },
  closed,
);

export const SubjectRecordBody = Type.Object(
  {
    subject_id: Text(200),
    kind: Id,
    data: Type.Record(Type.String({ maxLength: 64 }), Type.Unknown(), { maxProperties: 64 }),
  },
  closed,
);

export const ReinstateBody = Type.Object({ reason: Text(500) }, closed);

export const SuspendBody = Type.Object(
  {
    attempts: Type.Integer({ minimum: 1, maximum: 1_000_000, description: 'Denials observed.' }),
  },
  closed,
);

export const ResponseRequestBody = Type.Object(
  {
    source: Id,
    level: Type.Integer({ minimum: 1, maximum: 4, description: 'The charter’s response level.' }),
    request: stringEnum(['review', 'committee_vote', 'board_approval'] as const, 'What is asked.'),
    response_name: Text(200),
    violation_id: Type.Union([Id, Type.Null()]),
    investigation_id: Type.Union([Id, Type.Null()]),
    detectors: Type.Array(Type.String({ pattern: '^[a-z_]{1,40}$' }), {
      minItems: 1,
      maxItems: 8,
    }),
  },
  closed,
);

export const PeriodQuery = Type.Object(
  {
    from: Type.Optional(Type.String({ format: 'date-time' })),
    to: Type.Optional(Type.String({ format: 'date-time' })),
  },
  closed,
);

export const AlertmanagerWebhookBody = Type.Object(
  {
    version: Type.String(),
    status: Type.String(),
    receiver: Type.String(),
    alerts: Type.Array(
      Type.Object(
        { status: Type.String(), labels: Type.Record(Type.String(), Type.String()) },
        { additionalProperties: true },
      ),
      { maxItems: 1000 },
    ),
  },
  { additionalProperties: true },
);

export { VIOLATION_TYPES };
