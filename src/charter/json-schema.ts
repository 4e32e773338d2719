import { CharterSchema } from './schema.js';

/** The JSON Schema dialect the published file declares. */
const JSON_SCHEMA_DIALECT = 'https://json-schema.org/draft/2020-12/schema';

/**
 * The charter file's JSON Schema as published in schema/charter.schema.json,
 * for editors and other tools: CharterSchema with `$schema` first and
 * TypeBox's symbol keys dropped (a JSON round trip removes them). A fresh
 * object on every call.
 */
export function charterJsonSchema(): Record<string, unknown> {
  const plain = JSON.parse(JSON.stringify(CharterSchema)) as Record<string, unknown>;
  return { $schema: JSON_SCHEMA_DIALECT, ...plain };
}

/** The file's exact text: two-space indent and a trailing newline. */
export function charterJsonSchemaText(): string {
  return `${JSON.stringify(charterJsonSchema(), null, 2)}\n`;
}
