import { isAlias, isMap, isScalar, isSeq, type Document, type YAMLMap, type YAMLSeq } from 'yaml';

import { describeFound, expectation, items, type JsonSchema } from './expectation.js';
import type { LoadProblem, PathSegment } from './load-problem.js';

interface Walk {
  doc: Document;
  lineOf: (offset: number) => number;
  aliases: number;
}

// An alias is walked wherever it is used, so a budget keeps nested aliases
// (the "billion laughs") from expanding without limit.
const MAX_ALIASES = 100;

const patterns = new Map<string, RegExp>();

/**
 * Finds the first place where a parsed YAML document does not fit `schema`
 * (the subset of JSON Schema that TypeBox emits for CharterSchema), or
 * undefined when it fits. Problems come in the order a reader meets them:
 * nodes in document order, an unknown or repeated key where the key is, a
 * missing key when its mapping ends. Duplicate keys are found here rather than
 * by the parser so they are reported with their path. Aliases are followed,
 * at most 100 expansions in all.
 */
export function findShapeProblem(
  doc: Document,
  schema: JsonSchema,
  lineOf: (offset: number) => number,
): LoadProblem | undefined {
  return check({ doc, lineOf, aliases: 0 }, doc.contents, schema, [], 0);
}

function check(
  walk: Walk,
  node: unknown,
  schema: JsonSchema,
  path: PathSegment[],
  fallbackOffset: number,
): LoadProblem | undefined {
  const offset = startOf(node) ?? fallbackOffset;
  let target: unknown = node;
  if (isAlias(node)) {
    walk.aliases += 1;
    if (walk.aliases > MAX_ALIASES) {
      const detail = `is alias expansion number ${walk.aliases}, expected at most ${MAX_ALIASES} in a charter`;
      return { path, detail, hint: `at most ${MAX_ALIASES} alias expansions`, offset };
    }
    target = node.resolve(walk.doc);
    if (target === undefined) {
      const expected = expectation(schema);
      const detail = `is an alias *${node.source} that no earlier anchor defines, expected ${expected}`;
      return { path, detail, hint: expected, offset };
    }
  }

  if (schema.type === 'object') {
    if (isMap(target)) return checkMap(walk, target, schema, path, offset);
  } else if (schema.type === 'array') {
    if (isSeq(target)) return checkSeq(walk, target, schema, path, offset);
  } else if (isScalar(target) && scalarFits(target.value, schema)) {
    return undefined;
  }

  const expected = expectation(schema);
  const detail = `is ${describeFound(target, schema)}, expected ${expected}`;
  return { path, detail, hint: expected, offset };
}

function checkMap(
  walk: Walk,
  map: YAMLMap,
  schema: JsonSchema,
  path: PathSegment[],
  offset: number,
): LoadProblem | undefined {
  const properties = schema.properties ?? {};
  const known = (): string => `one of ${Object.keys(properties).join(', ')}`;
  const seen = new Map<string, number>();

  for (const pair of map.items) {
    const keyOffset = startOf(pair.key) ?? offset;
    if (!isScalar(pair.key)) {
      const detail = `has a key that is ${describeFound(pair.key, {})}, expected ${known()}`;
      return { path, detail, hint: known(), offset: keyOffset };
    }

    const key = String(pair.key.value);
    const keyPath = [...path, key];
    const first = seen.get(key);
    if (first !== undefined) {
      const detail = `is given twice (first on line ${walk.lineOf(first)}), expected each key once`;
      return { path: keyPath, detail, hint: 'each key once', offset: keyOffset };
    }
    seen.set(key, keyOffset);

    const child = Object.hasOwn(properties, key) ? properties[key] : undefined;
    if (child === undefined) {
      if (schema.additionalProperties !== false) continue;
      return {
        path: keyPath,
        detail: `is an unknown key, expected ${known()}`,
        hint: known(),
        offset: keyOffset,
      };
    }
    const problem = check(walk, pair.value, child, keyPath, keyOffset);
    if (problem) return problem;
  }

  for (const key of schema.required ?? []) {
    if (seen.has(key)) continue;
    const expected = expectation(properties[key] ?? {});
    return {
      path: [...path, key],
      detail: `is missing, expected ${expected}`,
      hint: expected,
      offset,
    };
  }
  return undefined;
}

function checkSeq(
  walk: Walk,
  seq: YAMLSeq,
  schema: JsonSchema,
  path: PathSegment[],
  offset: number,
): LoadProblem | undefined {
  const count = seq.items.length;
  const { minItems = 0, maxItems = Infinity } = schema;
  if (count < minItems || count > maxItems) {
    const found = count === 0 ? 'an empty list' : `a list of ${items(count)}`;
    const expected =
      count > maxItems ? `a list of at most ${items(maxItems)}` : expectation(schema);
    return { path, detail: `is ${found}, expected ${expected}`, hint: expected, offset };
  }

  for (const [index, item] of seq.items.entries()) {
    const problem = check(walk, item, schema.items ?? {}, [...path, index], offset);
    if (problem) return problem;
  }
  return undefined;
}

/** JSON Schema's scalar keywords, as TypeBox emits them. */
function scalarFits(value: unknown, s: JsonSchema): boolean {
  if (s.const !== undefined) return value === s.const;
  switch (s.type) {
    case 'string':
      return (
        typeof value === 'string' &&
        (s.enum === undefined || s.enum.includes(value)) &&
        value.length >= (s.minLength ?? 0) &&
        (s.pattern === undefined || regex(s.pattern).test(value))
      );
    case 'integer':
    case 'number':
      return (
        typeof value === 'number' &&
        (s.type === 'number' || Number.isInteger(value)) &&
        value >= (s.minimum ?? -Infinity) &&
        value <= (s.maximum ?? Infinity)
      );
    case 'boolean':
      return typeof value === 'boolean';
    default:
      // Anything else is left to the TypeBox check that follows the walk.
      return true;
  }
}

function startOf(node: unknown): number | undefined {
  if (typeof node !== 'object' || node === null || !('range' in node)) return undefined;
  const range = (node as { range?: readonly number[] | null }).range;
  return range?.[0];
}

function regex(pattern: string): RegExp {
  let compiled = patterns.get(pattern);
  if (compiled === undefined) {
    compiled = new RegExp(pattern);
    patterns.set(pattern, compiled);
  }
  return compiled;
}
