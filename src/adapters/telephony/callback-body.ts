import busboy from 'busboy';
import { CallbackParseError } from './callback-parse.error.js';

/**
 * A callback body as one flat object, whatever the provider chose to send: JSON, urlencoded or multipart
 * (PROVIDERS.md section 3). Form fields keep their names (`Legs[0][Status]`); a repeated field keeps its last value.
 */
export async function decodeCallbackBody(
  contentType: string | undefined,
  raw: Buffer,
): Promise<Record<string, unknown>> {
  const mediaType = (contentType ?? '').split(';')[0]!.trim().toLowerCase();
  if (mediaType === 'application/json' || mediaType.endsWith('+json')) return decodeJson(raw);
  if (mediaType === 'application/x-www-form-urlencoded')
    return Object.fromEntries(new URLSearchParams(raw.toString('utf8')));
  if (mediaType === 'multipart/form-data') return decodeMultipart(contentType!, raw);
  if (mediaType === '') return sniffed(raw);
  throw new CallbackParseError('content-type', `unsupported callback content type "${mediaType}"`);
}

// Some relays drop the header; the two text formats are easy to tell apart.
function sniffed(raw: Buffer): Record<string, unknown> {
  return raw.toString('utf8').trimStart().startsWith('{')
    ? decodeJson(raw)
    : Object.fromEntries(new URLSearchParams(raw.toString('utf8')));
}

function decodeJson(raw: Buffer): Record<string, unknown> {
  let parsed: unknown;
  try {
    parsed = JSON.parse(raw.toString('utf8'));
  } catch {
    throw new CallbackParseError('body', 'is not valid JSON');
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed))
    throw new CallbackParseError('body', 'is not a JSON object');
  return parsed as Record<string, unknown>;
}

function decodeMultipart(contentType: string, raw: Buffer): Promise<Record<string, unknown>> {
  return new Promise((resolve, reject) => {
    let parser: busboy.Busboy;
    try {
      parser = busboy({ headers: { 'content-type': contentType } });
    } catch (error) {
      reject(
        new CallbackParseError('content-type', `unusable multipart header: ${(error as Error).message}`),
      );
      return;
    }
    const fields: Record<string, unknown> = {};
    parser.on('field', (name, value) => {
      fields[name] = value;
    });
    parser.on('file', (_name, stream) => stream.resume());
    parser.on('error', (error: Error) =>
      reject(new CallbackParseError('body', `malformed multipart body: ${error.message}`)),
    );
    parser.on('close', () => resolve(fields));
    parser.end(raw);
  });
}
