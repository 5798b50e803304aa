import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface ReceivedCallback {
  readonly path: string;
  readonly contentType: string | undefined;
  readonly raw: Buffer;
}

export interface CallbackReceiver {
  /** Where the provider should post, with a webhook token as the service adds one. */
  readonly url: string;
  readonly received: ReceivedCallback[];
  /** Answer the next posts with this status (200 by default). */
  answerWith(status: number): void;
  close(): Promise<void>;
}

/** The dialer's side of the webhook: a plain HTTP server that keeps what it was sent. */
export async function startCallbackReceiver(): Promise<CallbackReceiver> {
  const received: ReceivedCallback[] = [];
  let status = 200;
  const server = createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => {
      if (status >= 200 && status < 300) {
        received.push({
          path: request.url ?? '/',
          contentType: request.headers['content-type'],
          raw: Buffer.concat(chunks),
        });
      }
      response.writeHead(status).end();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/webhooks/exotel/status?token=test-webhook-token`,
    received,
    answerWith: (next) => {
      status = next;
    },
    close: async () => {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
