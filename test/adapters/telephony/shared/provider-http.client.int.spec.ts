import { createServer, type IncomingHttpHeaders } from 'node:http';
import type { AddressInfo } from 'node:net';
import { describe, expect, it } from '@jest/globals';
import { ProviderHttpClient } from '../../../../src/adapters/telephony/shared/provider-http.client.js';
import { TelephonyError } from '../../../../src/application/ports/telephony.port.js';

const credentials = { apiKey: 'the-key', apiToken: 'the-token', requestTimeoutMs: 2_000 };

async function withServer<T>(
  handler: (headers: IncomingHttpHeaders, url: string) => { status: number; body: string },
  use: (baseUrl: string) => Promise<T>,
): Promise<T> {
  const server = createServer((request, response) => {
    const answer = handler(request.headers, request.url ?? '');
    response.writeHead(answer.status, { 'content-type': 'application/json' }).end(answer.body);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  try {
    return await use(`http://127.0.0.1:${(server.address() as AddressInfo).port}`);
  } finally {
    server.closeAllConnections();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  }
}

describe('ProviderHttpClient', () => {
  it('sends Basic credentials in the header and never in the URL', async () => {
    let seen: { headers: IncomingHttpHeaders; url: string } | undefined;
    const response = await withServer(
      (headers, url) => {
        seen = { headers, url };
        return { status: 200, body: '{"ok":true}' };
      },
      (baseUrl) =>
        new ProviderHttpClient({ ...credentials, baseUrl: `${baseUrl}/` }).send('getCall', {
          method: 'GET',
          path: '/v1/x.json',
        }),
    );
    expect(response).toEqual({ status: 200, json: { ok: true } });
    expect(seen!.headers.authorization).toBe(`Basic ${Buffer.from('the-key:the-token').toString('base64')}`);
    expect(seen!.url).toBe('/v1/x.json');
  });

  it('answers a body that is not JSON as json undefined, with its status', async () => {
    const response = await withServer(
      () => ({ status: 502, body: '<html>Bad gateway</html>' }),
      (baseUrl) =>
        new ProviderHttpClient({ ...credentials, baseUrl }).send('getCall', { method: 'GET', path: '/' }),
    );
    expect(response).toEqual({ status: 502, json: undefined });
  });

  it('a refused connection → network error that shows no credentials', async () => {
    const server = createServer();
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const { port } = server.address() as AddressInfo;
    await new Promise<void>((resolve) => server.close(() => resolve()));

    const error = await new ProviderHttpClient({ ...credentials, baseUrl: `http://127.0.0.1:${port}` })
      .send('placeCall', { method: 'POST', path: '/', body: { contentType: 'text/plain', text: 'x' } })
      .catch((thrown: unknown) => thrown);

    expect(error).toBeInstanceOf(TelephonyError);
    expect(error).toMatchObject({ kind: 'network', retryable: true, outcomeUnknown: true });
    expect((error as Error).message).toContain('ECONNREFUSED');
    expect((error as Error).message).not.toMatch(/the-key|the-token/);
  });

  it('keeps the credentials out of an inspected or serialised client', () => {
    const client = new ProviderHttpClient({ ...credentials, baseUrl: 'https://api.exotel.com' });
    expect(JSON.stringify(client)).not.toContain('the-token');
    expect(Object.values(client).join(' ')).not.toContain('dGhlLWtleTp0aGUtdG9rZW4');
  });
});
