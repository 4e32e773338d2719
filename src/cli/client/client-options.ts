import { Option, type Command } from 'commander';

import { InputError } from '../../shared/errors.js';
import { parseOutputFormat, type OutputFormat } from '../io.js';
import { createHttpClient, type HttpClient } from './http-client.js';

/** The default of `--url`: where `npm start` listens. */
export const DEFAULT_URL = 'http://127.0.0.1:8000';

/** Options of every command that talks to the service over HTTP. */
export interface ClientOptions {
  url: string;
  token?: string;
  timeout: number;
  output: OutputFormat;
}

/**
 * Adds `--url`, `--token`, `--timeout` and `--output` to a command. The
 * environment is read when the program is built: CHARTER_URL, CHARTER_TOKEN.
 */
export function withClientOptions(command: Command): Command {
  return command
    .addOption(
      new Option('--url <url>', `service base URL (or CHARTER_URL; default ${DEFAULT_URL})`)
        .argParser(parseServiceUrl)
        .default(process.env.CHARTER_URL ?? DEFAULT_URL),
    )
    .addOption(
      new Option('--token <token>', 'bearer token (or CHARTER_TOKEN)').default(
        process.env.CHARTER_TOKEN,
      ),
    )
    .option('--timeout <ms>', 'per request timeout in milliseconds', parseTimeout, 10_000)
    .option('--output <format>', 'table or json', parseOutputFormat, 'table' as OutputFormat);
}

/** The client the options describe. */
export function clientFrom(opts: ClientOptions): HttpClient {
  return createHttpClient({
    url: parseServiceUrl(opts.url),
    token: opts.token === '' ? undefined : opts.token,
    timeoutMs: opts.timeout,
  });
}

/** The existing subcommand group `name` of `program`, or a new one. */
export function groupOf(program: Command, name: string, description: string): Command {
  return (
    program.commands.find((c) => c.name() === name) ??
    program.command(name).description(description)
  );
}

/** Checks a service URL: http or https with a host; no trailing path is needed. */
export function parseServiceUrl(value: string): string {
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    throw urlError(value);
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') throw urlError(value);
  return value.replace(/\/+$/, '');
}

function urlError(value: string): InputError {
  return new InputError(
    'url_invalid',
    `--url is "${value}", expected an http or https URL`,
    `For example --url ${DEFAULT_URL}`,
  );
}

function parseTimeout(value: string): number {
  const ms = Number(value);
  if (!Number.isSafeInteger(ms) || ms < 1) {
    throw new InputError(
      'timeout_invalid',
      `--timeout is "${value}", expected a whole number of milliseconds ≥ 1`,
      'For example --timeout 5000',
    );
  }
  return ms;
}
