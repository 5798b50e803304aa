import { toExotelV1Time } from '../shared/kolkata-time.js';
import { toExotelNational } from '../shared/phone-number.js';
import type { EncodedCallback } from './callback.courier.js';
import { encodeMultipart } from './multipart.encoder.js';
import type { CallbackEvent, SandboxCall } from './sandbox-call.js';
import { onCallSeconds, v1LegStatus } from './v1-call.view.js';

export type V1CallbackFormat = 'json' | 'multipart' | 'urlencoded';

/** The fields of a v1 StatusCallback (PROVIDERS.md section 3), `Legs` as a list. */
export function v1CallbackFields(
  call: SandboxCall,
  event: CallbackEvent,
  withCustomField: boolean,
): Record<string, unknown> {
  const terminal = event === 'terminal';
  return {
    CallSid: call.callSid,
    EventType: event,
    Status: terminal ? call.status : 'in-progress',
    DateCreated: toExotelV1Time(call.createdAt),
    DateUpdated: toExotelV1Time(call.updatedAt),
    StartTime: toExotelV1Time(call.createdAt),
    EndTime: terminal && call.endedAt !== undefined ? toExotelV1Time(call.endedAt) : '',
    From: toExotelNational(call.agentNumber),
    To: toExotelNational(call.customerNumber),
    PhoneNumberSid: toExotelNational(call.callerId),
    Direction: 'outbound-api',
    ConversationDuration: terminal ? (call.conversationSec ?? 0) : 0,
    RecordingUrl: call.recordingUrl ?? '',
    ...(withCustomField && call.attemptId !== undefined ? { CustomField: call.attemptId } : {}),
    Legs: [call.agentLeg, call.customerLeg].map((leg) => ({
      OnCallDuration: onCallSeconds(leg, call.updatedAt),
      Status: v1LegStatus(leg.status),
      AnsweredBy: leg.answeredAt === undefined ? '' : 'human',
    })),
  };
}

export function encodeV1Callback(
  fields: Record<string, unknown>,
  format: V1CallbackFormat,
  boundary: string,
): EncodedCallback {
  switch (format) {
    case 'json':
      return { contentType: 'application/json', body: Buffer.from(JSON.stringify(fields)) };
    case 'urlencoded':
      return {
        contentType: 'application/x-www-form-urlencoded',
        body: Buffer.from(new URLSearchParams(flattened(fields)).toString()),
      };
    case 'multipart':
      return {
        contentType: `multipart/form-data; boundary=${boundary}`,
        body: encodeMultipart(flattened(fields), boundary),
      };
  }
}

/** Form bodies carry `Legs` flattened: `Legs[0][Status]`. */
function flattened(fields: Record<string, unknown>): Record<string, string> {
  const form: Record<string, string> = {};
  for (const [key, value] of Object.entries(fields)) {
    if (Array.isArray(value)) {
      value.forEach((item: Record<string, unknown>, index) => {
        for (const [field, fieldValue] of Object.entries(item))
          form[`${key}[${index}][${field}]`] = formValue(fieldValue);
      });
    } else {
      form[key] = formValue(value);
    }
  }
  return form;
}

function formValue(value: unknown): string {
  return value === null || value === undefined ? '' : String(value);
}
