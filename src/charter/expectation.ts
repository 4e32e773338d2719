import { isMap, isScalar, isSeq } from 'yaml';

import { quote } from './load-problem.js';
import { DATE, ID, METRIC_GLOB, METRIC_NAME, SEMVER } from './schema.js';

/**
 * The part of a JSON Schema the charter schema uses, as the loader reads it.
 * TypeBox schemas are plain JSON Schema objects, so CharterSchema fits.
 */
export interface JsonSchema {
  type?: string;
  const?: unknown;
  enum?: readonly string[];
  properties?: Readonly<Record<string, JsonSchema>>;
  required?: readonly string[];
  additionalProperties?: boolean;
  items?: JsonSchema;
  minItems?: number;
  maxItems?: number;
  minLength?: number;
  pattern?: string;
  minimum?: number;
  maximum?: number;
}

// Operators read formats, not regular expressions.
const FORMAT_WORDS: ReadonlyMap<string, string> = new Map([
  [METRIC_NAME, 'a name of letters, digits, _, - and . that starts with a letter or _'],
  [
    METRIC_GLOB,
    'a glob of letters, digits, _, - and . where * matches any run and ? one character',
  ],
  [SEMVER, 'a semantic version such as 1.4.0'],
  [DATE, 'a date as YYYY-MM-DD'],
  [ID, 'an id of lowercase letters, digits, _, . and - that starts with a letter or digit'],
]);

/**
 * Says in words what `schema` accepts: `one of warning, suspension, …`,
 * `an integer from 1 to 100`, `a semantic version such as 1.4.0`. Used both
 * after "expected" in messages and as the error's hint.
 */
export function expectation(schema: JsonSchema): string {
  if (schema.const !== undefined) return JSON.stringify(schema.const);
  if (schema.enum !== undefined) return `one of ${schema.enum.join(', ')}`;

  switch (schema.type) {
    case 'string':
      if (schema.pattern !== undefined) {
        return FORMAT_WORDS.get(schema.pattern) ?? `a string matching /${schema.pattern}/`;
      }
      return schema.minLength !== undefined && schema.minLength > 0 ? 'non-empty text' : 'a string';
    case 'integer':
      return withRange('an integer', schema);
    case 'number':
      return withRange('a number', schema);
    case 'boolean':
      return 'a boolean';
    case 'object':
      return `a mapping with keys ${Object.keys(schema.properties ?? {}).join(', ')}`;
    case 'array':
      return schema.minItems !== undefined && schema.minItems > 0
        ? `a list of at least ${items(schema.minItems)}`
        : 'a list';
    default:
      return 'a value this schema accepts';
  }
}

function withRange(kind: string, { minimum, maximum }: JsonSchema): string {
  if (minimum !== undefined && maximum !== undefined)
    return `${kind} from ${minimum} to ${maximum}`;
  if (minimum !== undefined) return `${kind} of at least ${minimum}`;
  if (maximum !== undefined) return `${kind} of at most ${maximum}`;
  return kind;
}

/** `1 item`, `4 items`. */
export function items(count: number): string {
  return count === 1 ? '1 item' : `${count} items`;
}

/** The JSON type a YAML node holds, or `null` for an empty value. */
function jsonTypeOf(node: unknown): string {
  if (isMap(node)) return 'object';
  if (isSeq(node)) return 'array';
  const value: unknown = isScalar(node) ? node.value : undefined;
  if (value === null || value === undefined) return 'null';
  return typeof value;
}

/**
 * Describes what a node holds, for "is …": the bare value when it has the
 * type the schema expects (`"high"`, `150`), its type and value when it does
 * not (`a string ("yes")`, `a number (1.0)`), `a mapping`, `a list`, `empty`.
 * Numbers and booleans are shown as written, so `1.0` stays `1.0`.
 */
export function describeFound(node: unknown, schema: JsonSchema): string {
  const type = jsonTypeOf(node);
  if (type === 'object') return 'a mapping';
  if (type === 'array') return 'a list';
  if (type === 'null' || !isScalar(node)) return 'empty';

  const shown =
    typeof node.value === 'string' ? quote(node.value) : (node.source ?? String(node.value));
  const expected = schema.const !== undefined ? typeof schema.const : (schema.type ?? type);
  const sameType = expected === type || (expected === 'integer' && type === 'number');
  if (sameType) return shown;

  const article = type === 'object' || type === 'undefined' ? 'an' : 'a';
  return `${article} ${type} (${shown})`;
}
