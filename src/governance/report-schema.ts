import { Type, type Static } from '@sinclair/typebox';
import { TypeCompiler } from '@sinclair/typebox/compiler';

import { SEVERITIES, stringEnum, VIOLATION_TYPES } from '../charter/index.js';
import { InputError } from '../shared/errors.js';
import type { ViolationReport } from './violations.js';

const enumOf = stringEnum;
/**
 * A violation report as clients send it (HTTP body, JSON Lines intake). The
 * HTTP layer publishes this same schema in its OpenAPI document.
 */
export const ViolationReportSchema = Type.Object(
  {
    type: enumOf(VIOLATION_TYPES, 'Violation type.'),
    source: Type.String({
      minLength: 1,
      maxLength: 200,
      pattern: '^[A-Za-z0-9_.:-]+$',
      description: 'Node or service reported.',
    }),
    evidence: Type.Array(
      Type.Object(
        {
          kind: enumOf(
            ['sha256', 'reference'],
            'A hash of material kept elsewhere, or a reference to it.',
          ),
          value: Type.String({ minLength: 1, maxLength: 500 }),
          description: Type.Optional(Type.String({ maxLength: 200 })),
        },
        { additionalProperties: false },
      ),
      { maxItems: 32 },
    ),
    idempotency_key: Type.Optional(
      Type.String({ minLength: 8, maxLength: 128, pattern: '^[A-Za-z0-9_.:-]+$' }),
    ),
    rule: Type.Optional(Type.String({ minLength: 1, maxLength: 200 })),
    severity: Type.Optional(
      enumOf(SEVERITIES, 'Proposed penalty; the charter decides when absent.'),
    ),
    properties: Type.Optional(
      Type.Record(
        Type.String({ maxLength: 64 }),
        Type.Union([Type.String({ maxLength: 200 }), Type.Number(), Type.Boolean()]),
        { maxProperties: 32 },
      ),
    ),
  },
  { additionalProperties: false },
);

export type ViolationReportBody = Static<typeof ViolationReportSchema>;

const check = TypeCompiler.Compile(ViolationReportSchema);

/**
 * Validates a report body and turns it into a ViolationReport by `reporter`.
 * Throws InputError `report_invalid` naming the first bad field.
 */
export function parseViolationReport(body: unknown, reporter: string): ViolationReport {
  if (!check.Check(body)) {
    const first = check.Errors(body).First();
    const path = first?.path.replace(/^\//, '').replaceAll('/', '.') || 'the report';
    throw new InputError(
      'report_invalid',
      `Cannot accept the violation report: ${path} ${first?.message.toLowerCase() ?? 'is invalid'}`,
      `See the ViolationReport schema in GET /openapi.json; types are ${VIOLATION_TYPES.join(', ')}`,
    );
  }
  return {
    type: body.type,
    source: body.source,
    reporter,
    evidence: body.evidence.map((e) => ({
      kind: e.kind,
      value: e.value,
      ...(e.description !== undefined ? { description: e.description } : {}),
    })),
    ...(body.idempotency_key !== undefined ? { idempotencyKey: body.idempotency_key } : {}),
    ...(body.rule !== undefined ? { rule: body.rule } : {}),
    ...(body.severity !== undefined ? { severity: body.severity } : {}),
    ...(body.properties !== undefined ? { properties: body.properties } : {}),
  };
}
