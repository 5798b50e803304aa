import { describe, expect, it } from '@jest/globals';
import {
  capturedLogger,
  SECRET_API_KEY,
  SECRET_EXOTEL_TOKEN,
  SECRET_WEBHOOK_TOKEN,
} from './support/captured-logger.js';

const PHONES = [
  '+919876543210',
  '09876512345',
  '9876598765',
  '+91 98765 11111',
  '(+91) 98765-22222',
  '919876533333',
  '080 4711 2345',
];
const FULL_DIGITS = PHONES.map((p) => p.replace(/\D/g, ''));
const BASIC = `Basic ${Buffer.from('exotel-key:exotel-password').toString('base64')}`;

function leaks(text: string): string[] {
  const secrets = [
    SECRET_API_KEY,
    SECRET_WEBHOOK_TOKEN,
    SECRET_EXOTEL_TOKEN,
    'dXNlci1zZWNyZXQ',
    'exotel-password',
    Buffer.from('exotel-key:exotel-password').toString('base64'),
    'hunter22',
    'opaque-bearer-value',
  ];
  const digits = text.replace(/[^\d]/g, ' ');
  return [
    ...secrets.filter((s) => text.includes(s)),
    ...FULL_DIGITS.filter((d) => text.includes(d) || digits.includes(d.slice(-10))),
  ];
}

describe('the logger redacts credentials, tokens and phone numbers', () => {
  it('keeps no secret and no full number from one busy log line, and keeps the last 4 digits', () => {
    const { logger, raw } = capturedLogger();
    logger.info(
      {
        headers: {
          authorization: 'Bearer opaque-bearer-value',
          'x-api-key': SECRET_API_KEY,
          accept: 'application/json',
        },
        url: `/webhooks/exotel/status?token=${SECRET_WEBHOOK_TOKEN}&CallSid=abc`,
        upstream: 'https://exotel-key:exotel-password@api.exotel.com/v1/Accounts/acme/Calls/connect.json',
        basic: BASIC,
        config: { apiKey: SECRET_API_KEY, apiToken: SECRET_EXOTEL_TOKEN, password: 'hunter22' },
        customer: PHONES[0],
        agent: { phone: PHONES[1], name: 'Asha' },
        numeric: 9876598765,
        note: `called ${PHONES[3]} then ${PHONES[4]} and ${PHONES[5]}, office ${PHONES[6]}`,
      },
      `dialing ${PHONES[2]} for key ${SECRET_API_KEY}`,
    );
    expect(raw).toHaveLength(1);
    expect(leaks(raw[0]!)).toEqual([]);
    const line = JSON.parse(raw[0]!) as Record<string, unknown>;
    expect(line).toMatchObject({
      level: 'info',
      headers: { authorization: 'Bearer [redacted]', 'x-api-key': '[redacted]', accept: 'application/json' },
      url: '/webhooks/exotel/status?token=[redacted]&CallSid=abc',
      upstream: 'https://[redacted]@api.exotel.com/v1/Accounts/acme/Calls/connect.json',
      basic: 'Basic [redacted]',
      config: { apiKey: '[redacted]', apiToken: '[redacted]', password: '[redacted]' },
      customer: '******3210',
      agent: { phone: '******2345', name: 'Asha' },
      numeric: '******8765',
      msg: 'dialing ******8765 for key [redacted]',
    });
    expect(line.note).toBe('called ******1111 then ******2222 and ******3333, office ******2345');
  });

  it('redacts errors: message, stack and the cause folded into the message', () => {
    const { logger, raw } = capturedLogger();
    const cause = new Error(`provider said 401 for ${SECRET_EXOTEL_TOKEN}`);
    logger.error(
      { err: new Error(`could not reach +919812345678 with Authorization: ${BASIC}`, { cause }) },
      'dial failed',
    );
    logger.error(new Error(`webhook ?token=${SECRET_WEBHOOK_TOKEN} refused`));
    const text = raw.join('');
    expect(text).not.toContain(SECRET_EXOTEL_TOKEN);
    expect(text).not.toContain(SECRET_WEBHOOK_TOKEN);
    expect(text).not.toContain('9812345678');
    const [first, second] = raw.map(
      (line) => JSON.parse(line) as { err: { message: string; stack: string }; msg: string },
    );
    expect(first!.err.message).toBe(
      'could not reach ******5678 with Authorization: Basic [redacted]: provider said 401 for [redacted]',
    );
    expect(first!.err.stack).toContain('******5678');
    expect(second!.msg).toBe('webhook ?token=[redacted] refused');
    expect(second!.err.message).toBe(second!.msg);
  });

  it('redacts the bindings of child loggers at any depth, and printf-style arguments', () => {
    const { logger, records } = capturedLogger();
    const child = logger
      .child({ agentPhone: '+919800011111' })
      .child({ token: SECRET_WEBHOOK_TOKEN, module: 'dialer' });
    child.info('placing call to %s', '09800022222');
    expect(records()[0]).toMatchObject({
      agentPhone: '******1111',
      token: '[redacted]',
      module: 'dialer',
      msg: 'placing call to ******2222',
    });
  });

  it('leaves ordinary numbers, ids and times alone', () => {
    const { logger, records } = capturedLogger();
    const fields = {
      position: 1234567,
      attempts: 3,
      at: '2026-03-02T04:30:00.000Z',
      attemptId: '550e8400-e29b-41d4-a716-446655440000',
      tokens: 5,
      durationMs: 12.5,
      epochMs: 1772425800000,
    };
    logger.info(fields, 'pumped campaign k1');
    expect(records()[0]).toMatchObject({ ...fields, msg: 'pumped campaign k1' });
  });

  it('writes nothing under the configured level', () => {
    const { logger, raw } = capturedLogger();
    logger.level = 'warn';
    logger.info('hidden');
    logger.warn('shown');
    expect(raw.map((line) => (JSON.parse(line) as { msg: string }).msg)).toEqual(['shown']);
  });
});
