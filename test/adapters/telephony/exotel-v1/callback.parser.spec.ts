import { describe, expect, it } from '@jest/globals';
import { decodeCallbackBody } from '../../../../src/adapters/telephony/callback-body.js';
import {
  CallbackParseError,
  parseExotelV1Callback,
} from '../../../../src/adapters/telephony/exotel-v1/callback.parser.js';
import { mapOutcome } from '../../../../src/domain/dialing/outcome.mapping.js';

const terminalFields = {
  CallSid: 'b6cfaf5a1d5f8d6e3d5e2c1a9b8f7e6d',
  EventType: 'terminal',
  Status: 'completed',
  DateCreated: '2025-01-06 10:00:00',
  DateUpdated: '2025-01-06 10:02:07',
  StartTime: '2025-01-06 10:00:00',
  EndTime: '2025-01-06 10:02:07',
  From: '09812345678',
  To: '09876543210',
  PhoneNumberSid: '08047112233',
  Direction: 'outbound-api',
  ConversationDuration: '118',
  RecordingUrl: 'https://recordings.exotel.com/abc.mp3',
  CustomField: 'att-42',
};
const flattenedLegs = {
  'Legs[0][OnCallDuration]': '125',
  'Legs[0][Status]': 'completed',
  'Legs[1][OnCallDuration]': '118',
  'Legs[1][Status]': 'completed',
};
const expectedTerminal = {
  callSid: 'b6cfaf5a1d5f8d6e3d5e2c1a9b8f7e6d',
  attemptId: 'att-42',
  event: 'terminal',
  overallStatus: 'completed',
  agentLeg: 'completed',
  customerLeg: 'completed',
  final: true,
  conversationSec: 118,
  recordingUrl: 'https://recordings.exotel.com/abc.mp3',
  at: '2025-01-06T04:32:07.000Z',
};

async function multipartBytes(fields: Record<string, string>): Promise<{ contentType: string; raw: Buffer }> {
  const form = new FormData();
  for (const [name, value] of Object.entries(fields)) form.append(name, value);
  const encoded = new Response(form);
  return { contentType: encoded.headers.get('content-type')!, raw: Buffer.from(await encoded.arrayBuffer()) };
}

function parseError(body: Record<string, unknown>): CallbackParseError {
  try {
    parseExotelV1Callback(body);
  } catch (error) {
    expect(error).toBeInstanceOf(CallbackParseError);
    return error as CallbackParseError;
  }
  throw new Error('expected a CallbackParseError');
}

describe('v1 StatusCallback parsing (PROVIDERS.md section 3)', () => {
  it('reads a JSON body with a Legs array', async () => {
    const raw = Buffer.from(
      JSON.stringify({
        ...terminalFields,
        ConversationDuration: 118,
        Legs: [
          { OnCallDuration: 125, Status: 'completed' },
          { OnCallDuration: 118, Status: 'completed' },
        ],
      }),
    );
    const progress = parseExotelV1Callback(await decodeCallbackBody('application/json; charset=utf-8', raw));
    expect(progress).toEqual(expectedTerminal);
    expect(mapOutcome(progress)).toEqual({ kind: 'outcome', outcome: 'connected', counts: true });
  });

  it('reads an urlencoded body with flattened Legs keys', async () => {
    const raw = Buffer.from(new URLSearchParams({ ...terminalFields, ...flattenedLegs }).toString());
    expect(parseExotelV1Callback(await decodeCallbackBody('application/x-www-form-urlencoded', raw))).toEqual(
      expectedTerminal,
    );
  });

  it('reads a multipart body (real multipart bytes) with flattened Legs keys', async () => {
    const { contentType, raw } = await multipartBytes({ ...terminalFields, ...flattenedLegs });
    expect(contentType).toMatch(/^multipart\/form-data; boundary=/);
    expect(parseExotelV1Callback(await decodeCallbackBody(contentType, raw))).toEqual(expectedTerminal);
  });

  it('reads Legs as an index-keyed object, as nested form parsers produce', () => {
    const progress = parseExotelV1Callback({
      ...terminalFields,
      Status: 'busy',
      Legs: { 0: { Status: 'completed' }, 1: { Status: 'busy' } },
    });
    expect(progress).toMatchObject({ agentLeg: 'completed', customerLeg: 'busy' });
  });

  it('tells the agent answering from the customer answering by the legs', () => {
    const answered = {
      CallSid: 'sid-1',
      EventType: 'answered',
      Status: 'in-progress',
      DateUpdated: '2025-01-06 10:00:03',
    };
    const agentAnswered = parseExotelV1Callback({
      ...answered,
      'Legs[0][Status]': 'in-progress',
      'Legs[1][Status]': '',
    });
    const customerAnswered = parseExotelV1Callback({
      ...answered,
      'Legs[0][Status]': 'in-progress',
      'Legs[1][Status]': 'in-progress',
    });

    expect(agentAnswered).toEqual({
      callSid: 'sid-1',
      event: 'answered',
      overallStatus: 'in-progress',
      agentLeg: 'in-progress',
      customerLeg: 'none',
      final: false,
      at: '2025-01-06T04:30:03.000Z',
    });
    expect(customerAnswered).toMatchObject({
      event: 'answered',
      agentLeg: 'in-progress',
      customerLeg: 'in-progress',
    });
  });

  it('an empty or missing customer leg on a terminal event is a customer never dialled → agent-missed', () => {
    const progress = parseExotelV1Callback({
      ...terminalFields,
      Status: 'no-answer',
      ConversationDuration: '0',
      Legs: [{ Status: 'no-answer' }],
    });
    expect(progress).toMatchObject({ agentLeg: 'no-answer', customerLeg: 'none', conversationSec: 0 });
    expect(mapOutcome(progress)).toEqual({ kind: 'outcome', outcome: 'agent-missed', counts: false });
  });

  it('reads legacy spellings of statuses', () => {
    const progress = parseExotelV1Callback({
      ...terminalFields,
      Status: 'Cancelled',
      Legs: [{ Status: 'completed' }, { Status: 'cancelled' }],
    });
    expect(progress).toMatchObject({ overallStatus: 'canceled', customerLeg: 'canceled' });
  });

  it('treats a callback without EventType as terminal when its status is final (callbacks set up without events)', () => {
    const { EventType: _omitted, ...withoutEvent } = terminalFields;
    expect(parseExotelV1Callback({ ...withoutEvent, ...flattenedLegs })).toMatchObject({
      event: 'terminal',
      final: true,
    });
  });

  it('reads v1 timestamps as India time and skips zero dates', () => {
    const progress = parseExotelV1Callback({
      ...terminalFields,
      DateUpdated: '0000-00-00 00:00:00',
      EndTime: '2025-03-31 23:59:59',
    });
    expect(progress.at).toBe('2025-03-31T18:29:59.000Z');
  });

  it('leaves out what the callback did not carry', () => {
    const progress = parseExotelV1Callback({
      CallSid: 'sid-2',
      EventType: 'terminal',
      Status: 'failed',
      CustomField: '',
      RecordingUrl: '',
    });
    expect(progress).toEqual({
      callSid: 'sid-2',
      event: 'terminal',
      overallStatus: 'failed',
      agentLeg: 'none',
      customerLeg: 'none',
      final: true,
    });
  });

  describe('refuses what it cannot read, naming the field', () => {
    it.each<[string, Record<string, unknown>]>([
      ['CallSid', { ...terminalFields, CallSid: '' }],
      ['Status', { ...terminalFields, Status: undefined }],
      ['Status', { ...terminalFields, Status: 'exploded' }],
      ['EventType', { ...terminalFields, EventType: 'ringing' }],
      ['EventType', { CallSid: 'sid-3', Status: 'queued' }],
      [
        'Legs[1][Status]',
        { ...terminalFields, 'Legs[0][Status]': 'completed', 'Legs[1][Status]': 'on-hold' },
      ],
      ['Legs', { ...terminalFields, Legs: 'completed,busy' }],
      ['DateUpdated', { ...terminalFields, DateUpdated: '06/01/2025 10:02' }],
      ['ConversationDuration', { ...terminalFields, ConversationDuration: 'two minutes' }],
    ])('%s', (field, body) => {
      const error = parseError(body);
      expect(error.field).toBe(field);
      expect(error.message).toContain(field);
    });
  });
});
