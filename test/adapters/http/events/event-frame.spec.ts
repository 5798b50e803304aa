import { describe, expect, it } from '@jest/globals';
import type { StoredEvent } from '../../../../src/application/ports/event-store.port.js';
import { encodeFrame, frameOf } from '../../../../src/adapters/http/events/event-frame.js';

const stored = (over: Partial<StoredEvent>): StoredEvent => ({
  id: '5f0c2d7e-1111-4a98-8109-8375aa5b0c01',
  type: 'ContactAdded',
  data: {},
  metadata: {},
  streamId: 'contact-c1',
  revision: 0n,
  position: 41n,
  recordedAt: '2026-03-02T09:15:00.000Z',
  ...over,
});

describe('an event as the feed sends it', () => {
  const contactAdded = stored({
    data: {
      contactId: 'c1',
      campaignId: 'k1',
      phone: '+919876543210',
      attributes: { altPhone: '98765 43211', note: 'call back on +44 20 7946 0958', score: '12' },
      at: '2026-03-02T09:15:00.000Z',
    },
  });

  it('carries the global position as id, the type as event, and the stored fields as JSON', () => {
    const frame = frameOf(contactAdded, 'full');
    expect(frame.id).toBe('41');
    expect(frame.event).toBe('ContactAdded');
    expect(JSON.parse(frame.data)).toEqual({
      streamId: 'contact-c1',
      revision: '0',
      type: 'ContactAdded',
      data: contactAdded.data,
      recordedAt: '2026-03-02T09:15:00.000Z',
    });
  });

  it('masks every phone number to its last 4 digits by default, wherever it sits in the payload', () => {
    const { data } = JSON.parse(frameOf(contactAdded, 'masked').data) as { data: Record<string, unknown> };
    expect(data.phone).toBe('******3210');
    expect(data.attributes).toEqual({ altPhone: '******3211', note: 'call back on ******0958', score: '12' });
    expect(data.at).toBe('2026-03-02T09:15:00.000Z');
    expect(data.contactId).toBe('c1');
  });

  it('masks a phone number inside a stream id and a phone-like JSON number', () => {
    const dnc = stored({
      type: 'PhoneAddedToDoNotCall',
      streamId: 'dnc-919876543210',
      data: { phone: 9876543210 },
    });
    const payload = JSON.parse(frameOf(dnc, 'masked').data) as { streamId: string; data: { phone: unknown } };
    expect(payload.streamId).toBe('dnc-******3210');
    expect(payload.data.phone).toBe('******3210');
  });

  it('is written as one id, event and data line each, ended by a blank line', () => {
    const text = encodeFrame({ id: '7', event: 'Bad\nType', data: '{"a":"b"}' });
    expect(text).toBe('id: 7\nevent: Bad Type\ndata: {"a":"b"}\n\n');
  });
});
