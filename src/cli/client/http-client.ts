import type { ErrorCode } from '../../shared/error-codes.js';
import { CharterError } from '../../shared/errors.js';

/** Where the service runs and who is calling it. */
export interface HttpClientOptions {
  /** Base URL, e.g. `http://127.0.0.1:8000`. */
  url: string;
  /** Bearer token; public endpoints need none. */
  token?: string | undefined;
  /** Per request, connect to last byte. */
  timeoutMs: number;
}

/**
 * An error the service answered with (`application/problem+json`), or one
 * met on the way to it. `status` is the HTTP status, 0 when no answer came.
 */
export class ServiceError extends CharterError {
  readonly status: number;

  constructor(status: number, code: string, message: string, hint?: string) {
    // Relays the service's code as it came; the service draws it from ERROR_CODES.
    super(code as ErrorCode, message, hint);
    this.status = status;
  }
}

/** Query parameters; undefined ones are left out. */
export type Query = Record<string, string | number | undefined>;

/** JSON over HTTP to the charter service. */
export interface HttpClient {
  readonly url: string;
  get<T>(path: string, query?: Query): Promise<T>;
  post<T>(path: string, body?: unknown): Promise<T>;
  delete<T>(path: string): Promise<T>;
  /** A text answer (JSON Lines, PEM) line by line, read as it streams in. */
  lines(path: string): AsyncIterable<string>;
}

/**
 * Creates a client on the global fetch. Every failure is a ServiceError:
 * the service's own code and hint for a problem answer, `service_unreachable`
 * when nothing listens, `service_timeout` after `timeoutMs`.
 */
export function createHttpClient(options: HttpClientOptions): HttpClient {
  const base = options.url.replace(/\/+$/, '');

  async function request(method: string, path: string, body?: unknown): Promise<Response> {
    const headers: Record<string, string> = { accept: 'application/json' };
    if (options.token !== undefined) headers.authorization = `Bearer ${options.token}`;
    if (body !== undefined) headers['content-type'] = 'application/json';
    let response: Response;
    try {
      response = await fetch(`${base}${path}`, {
        method,
        headers,
        ...(body !== undefined ? { body: JSON.stringify(body) } : {}),
        signal: AbortSignal.timeout(options.timeoutMs),
      });
    } catch (error) {
      throw transportError(error, method, base, path, options.timeoutMs);
    }
    return response;
  }

  async function send<T>(method: string, path: string, body?: unknown): Promise<T> {
    return readAnswer<T>(await request(method, path, body), method, path);
  }

  async function* lines(path: string): AsyncIterable<string> {
    const response = await request('GET', path);
    if (!response.ok || response.body === null) {
      await readAnswer(response, 'GET', path);
      return;
    }
    let rest = '';
    const decoder = new TextDecoder();
    try {
      for await (const chunk of response.body) {
        rest += decoder.decode(chunk as Uint8Array, { stream: true });
        const parts = rest.split('\n');
        rest = parts.pop() ?? '';
        yield* parts;
      }
    } catch (error) {
      throw transportError(error, 'GET', base, path, options.timeoutMs);
    }
    rest += decoder.decode();
    if (rest !== '') yield rest;
  }

  return {
    url: base,
    get: (path, query) => send('GET', `${path}${queryString(query)}`),
    post: (path, body) => send('POST', path, body ?? {}),
    delete: (path) => send('DELETE', path),
    lines,
  };
}

function queryString(query: Query | undefined): string {
  if (query === undefined) return '';
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(query)) {
    if (value !== undefined) params.set(key, String(value));
  }
  const text = params.toString();
  return text === '' ? '' : `?${text}`;
}

async function readAnswer<T>(response: Response, method: string, path: string): Promise<T> {
  const type = response.headers.get('content-type') ?? '';
  const text = await response.text();
  const parsed = parseJson(text);

  if (!response.ok) {
    const p = parsed as { code?: unknown; detail?: unknown; hint?: unknown } | undefined;
    if (type.startsWith('application/problem+json') && typeof p?.code === 'string') {
      const detail = typeof p.detail === 'string' ? p.detail : `${method} ${path} failed`;
      const hint = typeof p.hint === 'string' ? p.hint : undefined;
      throw new ServiceError(response.status, p.code, detail, hint);
    }
    throw new ServiceError(
      response.status,
      'service_error',
      `${method} ${path} answered HTTP ${response.status} without a problem body: ${text.slice(0, 200)}`,
      'Check that --url points at a Westworld Charter service.',
    );
  }
  if (parsed === undefined && text !== '') {
    throw new ServiceError(
      response.status,
      'response_invalid',
      `${method} ${path} answered HTTP ${response.status} with a body that is not JSON: ${text.slice(0, 200)}`,
      'Check that --url points at a Westworld Charter service.',
    );
  }
  return parsed as T;
}

function parseJson(text: string): unknown {
  try {
    return text === '' ? undefined : JSON.parse(text);
  } catch {
    return undefined;
  }
}

function transportError(
  error: unknown,
  method: string,
  base: string,
  path: string,
  timeoutMs: number,
): ServiceError {
  const name = error instanceof Error ? error.name : '';
  if (name === 'TimeoutError' || name === 'AbortError') {
    return new ServiceError(
      0,
      'service_timeout',
      `${method} ${path} got no answer from ${base} within ${timeoutMs} ms`,
      'The service may be overloaded; retry, or raise --timeout.',
    );
  }
  // fetch hides the socket error (ECONNREFUSED, ENOTFOUND) in `cause`.
  const cause =
    error instanceof Error
      ? (error.cause as { code?: string; message?: string } | undefined)
      : undefined;
  const reason =
    cause?.code ?? cause?.message ?? (error instanceof Error ? error.message : String(error));
  return new ServiceError(
    0,
    'service_unreachable',
    `Cannot reach the service at ${base} (${method} ${path}): ${reason}`,
    `Start it with \`charter serve\`, or point --url (or CHARTER_URL) at where it runs; tried ${base}.`,
  );
}
