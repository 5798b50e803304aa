import type { IncomingMessage } from 'node:http';
import type { RecordedRequest } from './sandbox-call.js';

export async function readBody(request: IncomingMessage): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of request) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks);
}

/** The request as tests see it: the Authorization header only as present/absent and its scheme. */
export function recordRequest(request: IncomingMessage, url: URL, raw: Buffer, now: number): RecordedRequest {
  const contentType = request.headers['content-type'];
  const authorization = request.headers.authorization;
  return {
    method: request.method ?? 'GET',
    path: url.pathname,
    query: Object.fromEntries(url.searchParams),
    contentType,
    hasAuthorization: authorization !== undefined,
    authorizationScheme: authorization?.split(' ')[0],
    body: decodedBody(contentType, raw),
    receivedAt: now,
  };
}

function decodedBody(contentType: string | undefined, raw: Buffer): unknown {
  if (raw.length === 0) return undefined;
  if (contentType?.startsWith('application/x-www-form-urlencoded'))
    return formFields(new URLSearchParams(raw.toString('utf8')));
  if (contentType?.startsWith('application/json')) {
    try {
      return JSON.parse(raw.toString('utf8')) as unknown;
    } catch {
      return undefined;
    }
  }
  return undefined;
}

/** A repeated field becomes a list, so that a wrongly encoded request is visible as such. */
function formFields(parameters: URLSearchParams): Record<string, string | string[]> {
  const fields: Record<string, string | string[]> = {};
  for (const key of new Set(parameters.keys())) {
    const values = parameters.getAll(key);
    fields[key] = values.length === 1 ? values[0]! : values;
  }
  return fields;
}
