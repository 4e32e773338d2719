import { isUtf8 } from 'node:buffer';

import type { FastifyInstance } from 'fastify';

import { HttpProblem } from './problem.js';

// C0 controls other than tab, newline and carriage return, and DEL: no
// field of this API carries them, and they are a favourite of log injection.
// eslint-disable-next-line no-control-regex -- matching control characters is the point
const CONTROL = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f]/;
// In a `u` regex a surrogate pair is one code point, so this matches only a
// lone half: valid JSON (`"\ud800"`), but no Unicode text, and the store
// would silently replace it.
const LONE_SURROGATE = /[\ud800-\udfff]/u;

// Escapes that may decode to a control character or a surrogate half (the
// harmless \t \n \r escapes match too, and merely take the slow path).
const SUSPICIOUS = /\\[bf]|\\u(?:00[01][0-9a-fA-F]|007[fF]|[dD][89a-fA-F][0-9a-fA-F]{2})|\u007f/;

function reviver(key: string, value: unknown): unknown {
  checkText(key);
  if (typeof value === 'string') checkText(value);
  return value;
}

/** Arrays and objects nested deeper than this are refused before parsing. */
export const MAX_JSON_DEPTH = 64;

/**
 * Replaces fastify's body parsers with one for JSON alone: the body must be
 * valid UTF-8 (not silently repaired), empty or valid JSON nested at most
 * MAX_JSON_DEPTH deep, and free of control characters and lone surrogates
 * in any string, keys included. Any other media type is a 415.
 */
export function registerJsonParser(app: FastifyInstance): void {
  app.removeAllContentTypeParsers();
  app.addContentTypeParser('application/json', { parseAs: 'buffer' }, (_request, body, done) => {
    try {
      done(null, parseJson(body as Buffer));
    } catch (error) {
      done(error as Error, undefined);
    }
  });
}

function parseJson(buffer: Buffer): unknown {
  if (!isUtf8(buffer)) {
    throw new HttpProblem(
      'encoding_invalid',
      'The body is not valid UTF-8',
      'Send JSON encoded as UTF-8.',
    );
  }
  // An operation without a body may still be sent Content-Type: application/json
  // by a generic client; an operation that needs one refuses `undefined` by schema.
  if (buffer.length === 0) return undefined;
  const depth = nestingDepth(buffer);
  if (depth > MAX_JSON_DEPTH) {
    throw new HttpProblem(
      'json_invalid',
      `The body nests arrays and objects ${depth} deep, more than ${MAX_JSON_DEPTH}`,
      'Flatten the document; no operation takes deeply nested values.',
    );
  }
  const text = buffer.toString('utf8');
  try {
    // Raw controls are not JSON and valid UTF-8 has no lone surrogate, so
    // only an escape (or a raw DEL) can put either in a string: text with
    // none is parsed without the reviver, which would cost a call per value.
    return SUSPICIOUS.test(text) ? JSON.parse(text, reviver) : JSON.parse(text);
  } catch (error) {
    if (error instanceof HttpProblem) throw error;
    throw new HttpProblem(
      'json_invalid',
      `The body is not valid JSON: ${(error as Error).message}`,
      'Send a JSON object with Content-Type: application/json.',
    );
  }
}

function checkText(text: string): void {
  if (CONTROL.test(text)) {
    throw new HttpProblem(
      'control_characters',
      `A string in the body holds a control character (${JSON.stringify(text.slice(0, 40))})`,
      'Remove control characters; tab, newline and carriage return are the only ones accepted.',
    );
  }
  if (LONE_SURROGATE.test(text)) {
    throw new HttpProblem(
      'encoding_invalid',
      `A string in the body holds a lone UTF-16 surrogate (${JSON.stringify(text.slice(0, 40))})`,
      'Escape only whole characters: a \\ud800-\\udbff escape must be followed by a \\udc00-\\udfff one.',
    );
  }
}

/** The deepest nesting of `[` and `{` outside strings; linear, no recursion. */
function nestingDepth(buffer: Buffer): number {
  let depth = 0;
  let deepest = 0;
  let inString = false;
  for (let i = 0; i < buffer.length; i += 1) {
    const byte = buffer[i];
    if (inString) {
      if (byte === 0x5c)
        i += 1; // backslash: skip the escaped byte
      else if (byte === 0x22) inString = false;
    } else if (byte === 0x22) {
      inString = true;
    } else if (byte === 0x5b || byte === 0x7b) {
      depth += 1;
      if (depth > deepest) deepest = depth;
    } else if (byte === 0x5d || byte === 0x7d) {
      depth -= 1;
    }
  }
  return deepest;
}
