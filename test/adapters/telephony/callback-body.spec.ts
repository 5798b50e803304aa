import { describe, expect, it } from '@jest/globals';
import { CallbackParseError } from '../../../src/adapters/telephony/callback-parse.error.js';
import { decodeCallbackBody } from '../../../src/adapters/telephony/callback-body.js';

async function decodeError(contentType: string | undefined, raw: string): Promise<CallbackParseError> {
  const error = await decodeCallbackBody(contentType, Buffer.from(raw)).then(
    () => undefined,
    (thrown: unknown) => thrown,
  );
  expect(error).toBeInstanceOf(CallbackParseError);
  return error as CallbackParseError;
}

describe('decodeCallbackBody', () => {
  it('decodes JSON, with or without a charset', async () => {
    expect(
      await decodeCallbackBody('application/json', Buffer.from('{"CallSid":"a","Legs":[{"Status":""}]}')),
    ).toEqual({
      CallSid: 'a',
      Legs: [{ Status: '' }],
    });
    expect(await decodeCallbackBody('Application/JSON; charset=UTF-8', Buffer.from('{"a":1}'))).toEqual({
      a: 1,
    });
  });

  it('decodes urlencoded fields, keeping flattened names', async () => {
    const decoded = await decodeCallbackBody(
      'application/x-www-form-urlencoded',
      Buffer.from('CallSid=a&Legs%5B0%5D%5BStatus%5D=busy&To=%2B91'),
    );
    expect(decoded).toEqual({ CallSid: 'a', 'Legs[0][Status]': 'busy', To: '+91' });
  });

  it('decodes multipart fields and ignores file parts', async () => {
    const form = new FormData();
    form.append('CallSid', 'a');
    form.append('Legs[1][Status]', 'no-answer');
    form.append('attachment', new Blob(['not a field']), 'note.txt');
    const encoded = new Response(form);
    const decoded = await decodeCallbackBody(
      encoded.headers.get('content-type')!,
      Buffer.from(await encoded.arrayBuffer()),
    );
    expect(decoded).toEqual({ CallSid: 'a', 'Legs[1][Status]': 'no-answer' });
  });

  it('tells JSON from urlencoded when a relay dropped the content type', async () => {
    expect(await decodeCallbackBody(undefined, Buffer.from(' {"a":"b"}'))).toEqual({ a: 'b' });
    expect(await decodeCallbackBody(undefined, Buffer.from('a=b'))).toEqual({ a: 'b' });
  });

  it.each<[string, string | undefined, string, string]>([
    ['malformed JSON', 'application/json', '{"CallSid":', 'body'],
    ['a JSON array', 'application/json', '[1,2]', 'body'],
    ['multipart without a boundary', 'multipart/form-data', 'CallSid=a', 'content-type'],
    [
      'a truncated multipart body',
      'multipart/form-data; boundary=xyz',
      '--xyz\r\nContent-Disposition: form-data; name="CallSid"\r\n\r\nab',
      'body',
    ],
    ['an unsupported type', 'text/xml', '<Call/>', 'content-type'],
  ])('refuses %s', async (_what, contentType, raw, field) => {
    const error = await decodeError(contentType, raw);
    expect(error.field).toBe(field);
  });
});
