import type { StoredEvent } from '../../../application/ports/event-store.port.js';
import { maskPhone } from '../../../domain/shared/phone.js';
import { isPhoneNumberValue, maskPhonesIn } from '../../observability/phone-redaction.js';

/** One server-sent event: `id` is the global position, `event` the event type. */
export interface EventFrame {
  readonly id: string;
  readonly event: string;
  readonly data: string;
}

const MAX_DEPTH = 16;

/**
 * The payload a client sees: `{ streamId, revision, type, data, recordedAt }` with bigints as strings. Phone numbers
 * (anywhere in the stream id or the data, by the same rule as the logs) keep their last 4 digits unless `full`.
 */
export function frameOf(event: StoredEvent, phones: 'masked' | 'full'): EventFrame {
  const mask = phones === 'masked';
  const payload = {
    streamId: mask ? maskPhonesIn(event.streamId) : event.streamId,
    revision: event.revision.toString(),
    type: event.type,
    data: mask ? maskPhonesDeep(event.data, 0) : event.data,
    recordedAt: event.recordedAt,
  };
  return { id: event.position.toString(), event: event.type, data: JSON.stringify(payload) };
}

/** The wire form; a line break inside a field would end it early, so none survives. */
export function encodeFrame(frame: EventFrame): string {
  return `id: ${oneLine(frame.id)}\nevent: ${oneLine(frame.event)}\ndata: ${oneLine(frame.data)}\n\n`;
}

function oneLine(text: string): string {
  return text.replace(/[\r\n]+/g, ' ');
}

function maskPhonesDeep(value: unknown, depth: number): unknown {
  if (typeof value === 'string') return maskPhonesIn(value);
  if (typeof value === 'number') return isPhoneNumberValue(value) ? maskPhone(String(value)) : value;
  if (typeof value !== 'object' || value === null) return value;
  if (depth >= MAX_DEPTH) return '[nested too deep]';
  if (Array.isArray(value)) return value.map((item) => maskPhonesDeep(item, depth + 1));
  const out: Record<string, unknown> = {};
  for (const [key, item] of Object.entries(value)) out[key] = maskPhonesDeep(item, depth + 1);
  return out;
}
