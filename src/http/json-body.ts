import { isUtf8 } from 'node:buffer';

import type { FastifyInstance } from 'fastify';

import { HttpProblem } from './problem.js';

// C0 controls other than tab, newline and carriage return, and DEL: no
// field of this API carries them, and they are a favourite of log injection.
// eslint-disable-next-line no-control-regex -- matching control characters is the point
const CONTROL = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f]/;

/**
 * Replaces fastify's JSON parser: the body must be valid UTF-8 (not silently
 * repaired), valid JSON, and free of control characters in any string.
 */
export function registerJsonParser(app: FastifyInstance): void {
  app.removeContentTypeParser('application/json');
  app.addContentTypeParser('application/json', { parseAs: 'buffer' }, (_request, body, done) => {
    const buffer = body as Buffer;
    if (!isUtf8(buffer)) {
      done(
        new HttpProblem(
          400,
          'encoding_invalid',
          'The body is not valid UTF-8',
          'Send JSON encoded as UTF-8.',
        ),
        undefined,
      );
      return;
    }
    if (buffer.length === 0) {
      done(
        new HttpProblem(400, 'json_invalid', 'The body is empty', 'Send a JSON object.'),
        undefined,
      );
      return;
    }
    try {
      const value: unknown = JSON.parse(buffer.toString('utf8'), (_key, v: unknown) => {
        if (typeof v === 'string' && CONTROL.test(v)) {
          throw new HttpProblem(
            400,
            'control_characters',
            `A string in the body holds a control character (${JSON.stringify(v.slice(0, 40))})`,
            'Remove control characters; tab, newline and carriage return are the only ones accepted.',
          );
        }
        return v;
      });
      done(null, value);
    } catch (error) {
      if (error instanceof HttpProblem) done(error, undefined);
      else
        done(
          new HttpProblem(
            400,
            'json_invalid',
            `The body is not valid JSON: ${(error as Error).message}`,
            'Send a JSON object with Content-Type: application/json.',
          ),
          undefined,
        );
    }
  });
}
