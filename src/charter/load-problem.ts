/** One step of a path into a charter document: a key or a list index. */
export type PathSegment = string | number;

/**
 * The first thing wrong with a charter file, before it becomes an error.
 * `detail` follows the path in the message (`is "high", expected one of …`);
 * `hint` states what is accepted. `offset` is the character offset of the
 * offending node when the finder knows it; otherwise the loader looks the
 * node up by `path`.
 */
export interface LoadProblem {
  path: readonly PathSegment[];
  detail: string;
  hint: string;
  offset?: number;
}

const PLAIN_KEY = /^[A-Za-z_][A-Za-z0-9_]*$/;

/**
 * Formats a path the way an operator reads it: `metrics.forbidden[2].severity`.
 * Keys that are not plain words are quoted (`access["bad key"]`).
 */
export function formatPath(path: readonly PathSegment[]): string {
  let out = '';
  for (const segment of path) {
    if (typeof segment === 'number') out += `[${segment}]`;
    else if (PLAIN_KEY.test(segment)) out += out === '' ? segment : `.${segment}`;
    else out += `[${JSON.stringify(segment)}]`;
  }
  return out;
}

/** Quotes a string for a message, shortened so one bad value cannot flood a log line. */
export function quote(value: string): string {
  const short = value.length > 60 ? `${value.slice(0, 57)}...` : value;
  return JSON.stringify(short);
}
