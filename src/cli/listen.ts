import { InputError } from '../shared/errors.js';

/** Parses `HOST:PORT` (`[::1]:8000` for IPv6); port 0 picks a free one. */
export function parseListen(value: string, option = '--listen'): { host: string; port: number } {
  const match = /^(\[[0-9a-fA-F:]+\]|[^:[\]]+):(\d{1,5})$/.exec(value);
  const port = Number(match?.[2]);
  if (match?.[1] === undefined || !Number.isInteger(port) || port > 65_535) {
    throw new InputError(
      'listen_invalid',
      `${option} is "${value}", expected HOST:PORT`,
      'For example 127.0.0.1:8000, or 127.0.0.1:0 for a free port.',
    );
  }
  return { host: match[1].replace(/^\[|\]$/g, ''), port };
}
