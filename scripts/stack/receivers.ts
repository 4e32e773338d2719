// Local stand-ins for the four Alertmanager channels: Slack incoming webhooks,
// PagerDuty Events v2, a generic webhook and an SMTP server. Each listens on
// 127.0.0.1 on a free port and records what it receives, so the stack and its
// tests can read back exactly what Alertmanager sent.
import { createServer, type IncomingMessage, type Server } from 'node:http';
import { createServer as createTcpServer, type AddressInfo, type Socket } from 'node:net';

/** One HTTP request a receiver recorded. `body` is the parsed JSON, or the raw text. */
export interface ReceivedRequest {
  method: string;
  path: string;
  headers: Record<string, string | string[] | undefined>;
  raw: string;
  body: unknown;
  receivedAtMs: number;
}

/** One mail the SMTP receiver accepted; `text` has quoted-printable undone. */
export interface ReceivedMail {
  from: string;
  to: string[];
  data: string;
  text: string;
  auth: { username: string; password: string } | undefined;
  receivedAtMs: number;
}

/** What every receiver offers: what it got so far, a way to wait for more, and close. */
export interface Recorder<T> {
  readonly received: readonly T[];
  /** Resolves with the first item (already received or to come) matching `test`. */
  waitFor(test: (item: T) => boolean, timeoutMs: number): Promise<T>;
  close(): Promise<void>;
}

export type HttpReceiverKind = 'slack' | 'pagerduty' | 'webhook';

export interface HttpReceiver extends Recorder<ReceivedRequest> {
  kind: HttpReceiverKind;
  /** The URL to configure in Alertmanager (for PagerDuty, the /v2/enqueue endpoint). */
  url: string;
}

export interface SmtpReceiver extends Recorder<ReceivedMail> {
  host: string;
  port: number;
  /** `host:port`, the form of Alertmanager's `smtp_smarthost`. */
  smarthost: string;
}

function createRecorder<T>(
  close: () => Promise<void>,
  what: string,
): Recorder<T> & {
  push(item: T): void;
} {
  const received: T[] = [];
  const waiters: { test: (item: T) => boolean; resolve: (item: T) => void }[] = [];

  return {
    received,
    push(item) {
      received.push(item);
      for (const w of waiters.splice(0)) {
        if (w.test(item)) w.resolve(item);
        else waiters.push(w);
      }
    },
    waitFor(test, timeoutMs) {
      const found = received.find(test);
      if (found !== undefined) return Promise.resolve(found);
      return new Promise<T>((resolve, reject) => {
        const timer = setTimeout(() => {
          const at = waiters.indexOf(waiter);
          if (at >= 0) waiters.splice(at, 1);
          reject(new Error(`${what}: nothing matching arrived within ${timeoutMs} ms`));
        }, timeoutMs);
        const waiter = {
          test,
          resolve: (item: T) => {
            clearTimeout(timer);
            resolve(item);
          },
        };
        waiters.push(waiter);
      });
    },
    close,
  };
}

function readBody(request: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    request.on('data', (c: Buffer) => chunks.push(c));
    request.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    request.on('error', reject);
  });
}

function parseJson(raw: string): unknown {
  try {
    return JSON.parse(raw) as unknown;
  } catch {
    return raw;
  }
}

function listen(server: Server | ReturnType<typeof createTcpServer>): Promise<number> {
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve((server.address() as AddressInfo).port));
  });
}

function closeServer(server: Server | ReturnType<typeof createTcpServer>, sockets: Set<Socket>) {
  return new Promise<void>((resolve) => {
    for (const s of sockets) s.destroy();
    server.close(() => resolve());
  });
}

// What each real service answers, so Alertmanager counts the delivery a success.
function reply(kind: HttpReceiverKind, body: unknown): { status: number; body: string } {
  if (kind === 'slack') return { status: 200, body: 'ok' };
  if (kind === 'pagerduty') {
    const key = (body as { dedup_key?: string } | undefined)?.dedup_key ?? 'local';
    return {
      status: 202,
      body: JSON.stringify({ status: 'success', message: 'Event processed', dedup_key: key }),
    };
  }
  return { status: 200, body: '{"status":"ok"}' };
}

/**
 * Starts an HTTP receiver that records every POST. A PagerDuty receiver answers
 * only `POST /v2/enqueue` (404 otherwise), as Events v2 does.
 */
export async function startHttpReceiver(kind: HttpReceiverKind): Promise<HttpReceiver> {
  const sockets = new Set<Socket>();
  const server = createServer((request, response) => {
    void readBody(request).then((raw) => {
      const path = request.url ?? '/';
      const wrongPath = kind === 'pagerduty' && path !== '/v2/enqueue';
      if (request.method !== 'POST' || wrongPath) {
        response.writeHead(404).end();
        return;
      }
      const body = parseJson(raw);
      const { method = 'POST', headers } = request;
      recorder.push({ method, path, headers, raw, body, receivedAtMs: Date.now() });
      const answer = reply(kind, body);
      response.writeHead(answer.status, { 'content-type': 'application/json' }).end(answer.body);
    });
  });
  server.on('connection', (s) => {
    sockets.add(s);
    s.on('close', () => sockets.delete(s));
  });
  const recorder = createRecorder<ReceivedRequest>(() => closeServer(server, sockets), kind);
  const port = await listen(server);
  const path = kind === 'pagerduty' ? '/v2/enqueue' : `/${kind}`;

  return { ...recorder, kind, url: `http://127.0.0.1:${port}${path}` };
}

/** Undoes quoted-printable soft line breaks and `=XX` escapes (as UTF-8). */
export function decodeQuotedPrintable(text: string): string {
  const joined = text.replace(/=\r?\n/g, '');
  const bytes: number[] = [];
  for (let i = 0; i < joined.length; i += 1) {
    const hex = joined.slice(i + 1, i + 3);
    if (joined[i] === '=' && /^[0-9A-F]{2}$/i.test(hex)) {
      bytes.push(parseInt(hex, 16));
      i += 2;
    } else {
      bytes.push(...Buffer.from(joined[i] ?? '', 'utf8'));
    }
  }
  return Buffer.from(bytes).toString('utf8');
}

function parsePlainAuth(encoded: string): { username: string; password: string } {
  const [, username = '', password = ''] = Buffer.from(encoded, 'base64')
    .toString('utf8')
    .split('\0');
  return { username, password };
}

/**
 * Starts a minimal SMTP server (RFC 5321 subset: EHLO/HELO, AUTH PLAIN, MAIL,
 * RCPT, DATA, RSET, NOOP, QUIT) without TLS, which is what Alertmanager needs
 * with `smtp_require_tls: false`. It accepts every mail and records it.
 */
export async function startSmtpReceiver(): Promise<SmtpReceiver> {
  const sockets = new Set<Socket>();
  const server = createTcpServer((socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
    socket.on('error', () => socket.destroy());
    serveSmtp(socket, (mail) => recorder.push(mail));
  });
  const recorder = createRecorder<ReceivedMail>(() => closeServer(server, sockets), 'smtp');
  const port = await listen(server);

  return { ...recorder, host: '127.0.0.1', port, smarthost: `127.0.0.1:${port}` };
}

function serveSmtp(socket: Socket, deliver: (mail: ReceivedMail) => void): void {
  let buffer = '';
  let inData = false;
  let mail = { from: '', to: [] as string[], data: [] as string[] };
  let auth: ReceivedMail['auth'];
  const send = (line: string) => socket.write(`${line}\r\n`);

  const command = (line: string) => {
    const verb = line.slice(0, 4).toUpperCase();
    if (verb === 'EHLO') {
      send('250-localhost greets you');
      send('250-8BITMIME');
      send('250 AUTH PLAIN');
    } else if (verb === 'HELO') send('250 localhost');
    else if (verb === 'AUTH') {
      auth = parsePlainAuth(line.split(' ')[2] ?? '');
      send('235 2.7.0 Authentication successful');
    } else if (verb === 'MAIL') {
      mail = { from: line.replace(/^MAIL FROM:\s*/i, '').split(' ')[0] ?? '', to: [], data: [] };
      send('250 OK');
    } else if (verb === 'RCPT') {
      mail.to.push(line.replace(/^RCPT TO:\s*/i, ''));
      send('250 OK');
    } else if (verb === 'DATA') {
      inData = true;
      send('354 End data with <CR><LF>.<CR><LF>');
    } else if (verb === 'QUIT') {
      send('221 Bye');
      socket.end();
    } else if (verb === 'RSET' || verb === 'NOOP') send('250 OK');
    else send('502 Command not implemented');
  };

  const dataLine = (line: string) => {
    if (line !== '.') {
      mail.data.push(line.startsWith('..') ? line.slice(1) : line);
      return;
    }
    inData = false;
    const data = mail.data.join('\r\n');
    const { from, to } = mail;
    deliver({ from, to, data, text: decodeQuotedPrintable(data), auth, receivedAtMs: Date.now() });
    send('250 OK: queued');
  };

  send('220 localhost ESMTP');
  socket.on('data', (chunk: Buffer) => {
    buffer += chunk.toString('utf8');
    let end = buffer.indexOf('\r\n');
    while (end >= 0) {
      const line = buffer.slice(0, end);
      buffer = buffer.slice(end + 2);
      if (inData) dataLine(line);
      else command(line);
      end = buffer.indexOf('\r\n');
    }
  });
}

/** The receivers of the local stack, one per Alertmanager channel. */
export interface Receivers {
  slackSecurity: HttpReceiver;
  slackSre: HttpReceiver;
  pagerduty: HttpReceiver;
  webhook: HttpReceiver;
  smtp: SmtpReceiver;
  close(): Promise<void>;
}

/** Starts every receiver; on a failure, closes those already started. */
export async function startReceivers(): Promise<Receivers> {
  const started: { close(): Promise<void> }[] = [];
  const track = async <T extends { close(): Promise<void> }>(p: Promise<T>): Promise<T> => {
    const r = await p;
    started.push(r);
    return r;
  };
  const close = async () => {
    await Promise.all(started.map((r) => r.close()));
  };

  try {
    return {
      slackSecurity: await track(startHttpReceiver('slack')),
      slackSre: await track(startHttpReceiver('slack')),
      pagerduty: await track(startHttpReceiver('pagerduty')),
      webhook: await track(startHttpReceiver('webhook')),
      smtp: await track(startSmtpReceiver()),
      close,
    };
  } catch (error) {
    await close();
    throw error;
  }
}
