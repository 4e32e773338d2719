import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

/** A JSON webhook receiver on 127.0.0.1 that records what it accepts. */
export interface WebhookReceiver {
  readonly url: string;
  /** Bodies accepted (2xx), parsed, in arrival order. */
  readonly received: unknown[];
  /** Requests answered with 503 while `failing` is set. */
  refused: number;
  failing: boolean;
  close(): Promise<void>;
}

/** Starts a receiver on a free port; answers 503 while `failing` is true. */
export async function startWebhookReceiver(): Promise<WebhookReceiver> {
  const receiver = { received: [] as unknown[], refused: 0, failing: false };
  const server: Server = createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => {
      if (receiver.failing) {
        receiver.refused += 1;
        response.writeHead(503).end('receiver down for the test');
        return;
      }
      receiver.received.push(JSON.parse(Buffer.concat(chunks).toString('utf8')) as unknown);
      response.writeHead(202).end();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return Object.assign(receiver, {
    url: `http://127.0.0.1:${port}/hook`,
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.closeAllConnections();
        server.close((error) => (error ? reject(error) : resolve()));
      }),
  });
}
