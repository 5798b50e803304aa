import { describe, expect, it } from '@jest/globals';
import { callProgressFromV1Call } from '../../../../src/adapters/telephony/exotel-v1/call-details.mapper.js';
import { mapOutcome } from '../../../../src/domain/dialing/outcome.mapping.js';

const call = (fields: Record<string, unknown>) => ({
  Sid: 'sid-1',
  DateUpdated: '2025-01-06 10:05:00',
  ...fields,
});

describe('v1 call details → CallProgress (PROVIDERS.md section 6)', () => {
  it('reads the legs from Leg1Status / Leg2Status', () => {
    const progress = callProgressFromV1Call(
      call({
        Status: 'completed',
        Details: { ConversationDuration: 61, Leg1Status: 'completed', Leg2Status: 'completed' },
      }),
    );
    expect(progress).toEqual({
      callSid: 'sid-1',
      event: 'details',
      overallStatus: 'completed',
      agentLeg: 'completed',
      customerLeg: 'completed',
      final: true,
      conversationSec: 61,
      at: '2025-01-06T04:35:00.000Z',
    });
  });

  it.each([
    ['[{Leg: {Status}}]', [{ Leg: { Id: 1, Status: 'completed' } }, { Leg: { Id: 2, Status: 'busy' } }]],
    ['[{Status}]', [{ Status: 'completed' }, { Status: 'busy' }]],
  ])('reads the legs from Details.Legs shaped %s', (_shape, legs) => {
    const progress = callProgressFromV1Call(call({ Status: 'busy', Details: { Legs: legs } }));
    expect(progress).toMatchObject({ agentLeg: 'completed', customerLeg: 'busy' });
    expect(mapOutcome(progress)).toEqual({ kind: 'outcome', outcome: 'busy', counts: true });
  });

  it('an empty leg was never dialled; a live status is not final', () => {
    const progress = callProgressFromV1Call(
      call({ Status: 'in-progress', Details: { Leg1Status: 'in-progress', Leg2Status: '' } }),
    );
    expect(progress).toMatchObject({ agentLeg: 'in-progress', customerLeg: 'none', final: false });
  });

  it('a status it does not know reads as unknown, so the caller asks again instead of guessing', () => {
    const progress = callProgressFromV1Call(call({ Status: 'on-hold' }));
    expect(progress).toMatchObject({
      overallStatus: 'unknown',
      agentLeg: 'none',
      customerLeg: 'none',
      final: false,
    });
    expect(mapOutcome(progress)).toEqual({ kind: 'ask-details' });
  });
});
