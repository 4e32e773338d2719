import { TypeCompiler } from '@sinclair/typebox/compiler';
import { CORE_SCHEMA, load as loadYamlFast } from 'js-yaml';
import {
  LineCounter,
  isCollection,
  isScalar,
  parseDocument,
  visit,
  type Document,
  type YAMLError,
} from 'yaml';

import { CharterLoadError, type SourcePosition } from '../shared/errors.js';
import { findConsistencyProblems } from './check-consistency.js';
import { findShapeProblem } from './check-shape.js';
import type { JsonSchema } from './expectation.js';
import { formatPath, type LoadProblem, type PathSegment } from './load-problem.js';
import { CharterSchema, type CharterDocument } from './schema.js';

// Compiled once: TypeBox's backstop behind the walker costs little per load.
const charterCheck = TypeCompiler.Compile(CharterSchema);

/**
 * Parses and validates the text of a charter file (SPEC §3). No I/O: the
 * caller reads the file and passes its name for messages.
 *
 * Refuses, with the first problem in document order, YAML syntax errors,
 * duplicate keys, anything CharterSchema does not accept (unknown keys, wrong
 * types, values out of range), inconsistent rules (a metric both allowed and
 * forbidden, duplicates, a forbidden label on an allowed metric, escalation
 * out of order) and charters whose status is suspended or deprecated.
 *
 * @returns the charter as plain data, deeply frozen.
 * Two passes, for speed: a valid charter is read by js-yaml, several times
 * faster than a parser that keeps positions (10,000 rules in tens of ms, not a
 * second), and checked by the same schema and consistency rules. Only when that
 * finds anything wrong is the file parsed again with positions, to report it.
 *
 * @throws CharterLoadError whose message is `FILE:LINE:COLUMN: PATH DETAIL`
 *   and whose hint says what is accepted.
 */
export function parseCharter(text: string, file: string): CharterDocument {
  const fast = parseValidCharter(text);
  return fast === undefined ? parseCharterWithPositions(text, file) : deepFreeze(fast);
}

// An anchor means aliases, whose expansion the careful walker budgets.
const ANCHOR = /(?:^|[\s\-[{,:])&[^\s,\]}]/;

/**
 * The fast pass: the charter if it is valid, undefined if anything is wrong
 * (then the careful pass says what). It must refuse whatever the careful pass
 * refuses; load.test.ts runs every broken fixture through both.
 */
export function parseValidCharter(text: string): CharterDocument | undefined {
  if (ANCHOR.test(text)) return undefined;
  let value: unknown;
  try {
    // Duplicate keys and multiple documents throw; CORE_SCHEMA is YAML 1.2's
    // core schema, as the careful parser reads it (dates stay strings).
    value = loadYamlFast(text, { schema: CORE_SCHEMA });
  } catch {
    return undefined;
  }
  if (!charterCheck.Check(value)) return undefined;
  return findConsistencyProblems(value).length === 0 ? value : undefined;
}

/** The careful pass alone: parses with positions and reports the first problem. */
export function parseCharterWithPositions(text: string, file: string): CharterDocument {
  const lineCounter = new LineCounter();
  const doc = parseDocument(text, { lineCounter, uniqueKeys: false, prettyErrors: false });
  const fail = (problem: LoadProblem): never => {
    throw toError(problem, file, doc, lineCounter);
  };

  const yamlError = doc.errors[0] ?? doc.warnings[0];
  if (yamlError) {
    const detail = `invalid YAML: ${yamlError.message}`;
    fail({
      path: [],
      detail,
      hint: 'a single YAML 1.2 document',
      offset: syntaxOffset(doc, yamlError),
    });
  }

  const lineOf = (offset: number): number => lineCounter.linePos(offset).line;
  const shape = findShapeProblem(doc, CharterSchema as JsonSchema, lineOf);
  if (shape) {
    fail(shape.path.length === 0 ? { ...shape, detail: `the document ${shape.detail}` } : shape);
  }

  // The walker has visited every node, aliases included, so expansion is bounded.
  const value: unknown = doc.toJS({ maxAliasCount: -1 });
  if (!charterCheck.Check(value)) {
    // The walker and TypeBox disagree: a gap in the walker, still refused.
    const error = charterCheck.Errors(value).First();
    const path = (error?.path ?? '').split('/').slice(1).map(segment);
    fail({
      path,
      detail: `is invalid: ${error?.message ?? 'unknown'}`,
      hint: 'see schema/charter.schema.json',
    });
  }

  const charter = value as CharterDocument;
  let first: (LoadProblem & { offset: number }) | undefined;
  for (const problem of findConsistencyProblems(charter)) {
    const offset = offsetOf(doc, problem.path);
    if (first === undefined || offset < first.offset) first = { ...problem, offset };
  }
  if (first) fail(first);

  return deepFreeze(charter);
}

function toError(
  problem: LoadProblem,
  file: string,
  doc: Document,
  lineCounter: LineCounter,
): CharterLoadError {
  const offset = problem.offset ?? offsetOf(doc, problem.path);
  const { line, col } = lineCounter.linePos(offset);
  const position: SourcePosition = { line, column: col };
  return new CharterLoadError(
    file,
    formatPath(problem.path),
    position,
    problem.detail,
    problem.hint,
  );
}

/** Where the node at `path` starts; the nearest ancestor's start if it cannot be found. */
function offsetOf(doc: Document, path: readonly PathSegment[]): number {
  for (let depth = path.length; depth >= 0; depth -= 1) {
    const node: unknown = doc.getIn(path.slice(0, depth), true);
    const range = (node as { range?: readonly number[] | null } | undefined)?.range;
    if (range?.[0] !== undefined) return range[0];
  }
  return 0;
}

/**
 * An unclosed quote or bracket is reported by the parser where the file (or
 * the block) ends; the operator needs where it was opened.
 */
function syntaxOffset(doc: Document, error: YAMLError): number {
  const at = error.pos[0];
  let opened: number | undefined;
  visit(doc, (_key, node) => {
    const quoted = isScalar(node) && (node.type === 'QUOTE_DOUBLE' || node.type === 'QUOTE_SINGLE');
    const flow = isCollection(node) && node.flow === true;
    if ((quoted || flow) && node.range?.[1] === at) {
      opened = node.range[0];
      return visit.BREAK;
    }
    return undefined;
  });
  return opened ?? at;
}

function segment(text: string): PathSegment {
  const key = text.replace(/~1/g, '/').replace(/~0/g, '~');
  return /^\d+$/.test(key) ? Number(key) : key;
}

function deepFreeze<T>(value: T): T {
  if (typeof value === 'object' && value !== null && !Object.isFrozen(value)) {
    for (const child of Object.values(value)) deepFreeze(child);
    Object.freeze(value);
  }
  return value;
}
