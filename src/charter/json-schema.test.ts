import { readFileSync } from 'node:fs';

import { Value } from '@sinclair/typebox/value';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';

import { charterJsonSchema, charterJsonSchemaText } from './json-schema.js';
import { CharterSchema } from './schema.js';
import { SEVERITIES } from './vocabulary.js';

const read = (file: string): string =>
  readFileSync(new URL(`../../${file}`, import.meta.url), 'utf8');

/** A charter file as an editor's validator sees it: plain JSON data. */
const plainJson = (file: string): unknown => JSON.parse(JSON.stringify(parse(read(file))));

describe('the published charter JSON Schema', () => {
  it('is what scripts/write-schema.ts generates (run `npm run schema` after editing schema.ts)', () => {
    expect(read('schema/charter.schema.json')).toBe(charterJsonSchemaText());
  });

  it('declares draft 2020-12 and keeps the schema id and strictness', () => {
    const schema = charterJsonSchema();
    expect(Object.keys(schema)[0]).toBe('$schema');
    expect(schema).toMatchObject({
      $schema: 'https://json-schema.org/draft/2020-12/schema',
      $id: 'https://westworld-charter.local/schema/charter.schema.json',
      type: 'object',
      additionalProperties: false,
    });
  });

  it('writes string enums as plain JSON Schema enums', () => {
    const severity = ['metrics', 'forbidden', 'severity'].reduce<unknown>((node, key) => {
      const schema = node as { properties?: Record<string, unknown>; items?: unknown };
      const next = schema.properties?.[key] as { items?: unknown } | undefined;
      return next?.items ?? next;
    }, charterJsonSchema());
    expect(severity).toEqual({
      type: 'string',
      enum: [...SEVERITIES],
      description: 'Penalty proposed for collecting it.',
    });
  });

  it.each(['reference', 'development', 'staging', 'production'])(
    'accepts the %s sample charter as plain JSON',
    (name) => {
      expect(Value.Check(CharterSchema, plainJson(`charters/${name}.yaml`))).toBe(true);
    },
  );

  it('rejects a charter with a severity outside the vocabulary', () => {
    const doc = plainJson('test/fixtures/charters/broken/bad-severity.yaml');
    expect(Value.Check(CharterSchema, doc)).toBe(false);
  });
});
