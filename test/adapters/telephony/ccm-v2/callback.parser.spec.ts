import { describe, expect, it } from '@jest/globals';
import {
  CallbackParseError,
  parseCcmV2Callback,
} from '../../../../src/adapters/telephony/ccm-v2/callback.parser.js';
import {
  mapOutcome,
  type LegStatus,
  type OverallStatus,
} from '../../../../src/domain/dialing/outcome.mapping.js';

function callDetails(
  fields: Record<string, unknown> = {},
  agentStatus: unknown = 'completed',
  customerStatus: unknown = 'completed',
) {
  return {
    call_sid: 'ccm-sid-1',
    direction: 'outbound',
    virtual_number: '+918047112233',
    call_state: 'terminal',
    call_status: 'completed',
    assigned_agent_details: {
      user_id: 'u-1',
      user_name: 'Asha',
      contact_uri: '+919812345678',
      group_id: null,
      group_name: null,
      status: agentStatus,
    },
    customer_details: { contact_name: null, contact_uri: '+919876543210', status: customerStatus },
    created_time: '2025-01-06T10:00:00+05:30',
    updated_time: '2025-01-06T10:02:07+05:30',
    start_time: '2025-01-06T10:00:00+05:30',
    end_time: '2025-01-06T10:02:07+05:30',
    total_duration: 127,
    total_talk_time: 118,
    custom_field: 'att-7',
    recordings: [{ url: 'https://recordings.exotel.com/ccm.mp3' }],
    ...fields,
  };
}

const callback = (eventType: unknown, details: Record<string, unknown>) => ({
  event_details: { event_type: eventType },
  call_details: details,
});

function parseError(body: unknown): CallbackParseError {
  try {
    parseCcmV2Callback(body);
  } catch (error) {
    expect(error).toBeInstanceOf(CallbackParseError);
    return error as CallbackParseError;
  }
  throw new Error('expected a CallbackParseError');
}

describe('CCM v2 callback parsing', () => {
  it('reads a completed call: ISO times to UTC, custom_field, talk time, recording', () => {
    expect(parseCcmV2Callback(callback('terminal', callDetails()))).toEqual({
      callSid: 'ccm-sid-1',
      attemptId: 'att-7',
      event: 'terminal',
      overallStatus: 'completed',
      agentLeg: 'completed',
      customerLeg: 'completed',
      final: true,
      conversationSec: 118,
      recordingUrl: 'https://recordings.exotel.com/ccm.mp3',
      at: '2025-01-06T04:32:07.000Z',
    });
  });

  describe('call_status → legs (PROVIDERS.md section 7)', () => {
    const cases: Array<[string, unknown, unknown, OverallStatus, LegStatus, LegStatus, string, boolean]> = [
      ['completed', 'completed', 'completed', 'completed', 'completed', 'completed', 'connected', true],
      ['customer_unanswered', 'completed', 'busy', 'busy', 'completed', 'busy', 'busy', true],
      [
        'customer_unanswered',
        'completed',
        'no-answer',
        'no-answer',
        'completed',
        'no-answer',
        'no-answer',
        true,
      ],
      ['customer_unanswered', 'completed', 'failed', 'failed', 'completed', 'failed', 'failed', true],
      ['customer_unanswered', 'completed', null, 'no-answer', 'completed', 'no-answer', 'no-answer', true],
      ['agent_unanswered', 'no-answer', null, 'no-answer', 'no-answer', 'none', 'agent-missed', false],
      ['agent_unanswered', 'busy', null, 'busy', 'busy', 'none', 'agent-missed', false],
      ['agent_unanswered', null, null, 'no-answer', 'no-answer', 'none', 'agent-missed', false],
      ['agent_canceled', 'completed', null, 'canceled', 'completed', 'canceled', 'canceled', false],
      ['customer_no_dial', 'completed', null, 'no-dial', 'completed', 'none', 'failed', false],
      ['agent_no_dial', null, null, 'no-dial', 'none', 'none', 'failed', false],
    ];

    it.each(cases)(
      '%s (agent %s, customer %s) → %s, legs %s/%s → %s (counts: %s)',
      (callStatus, agent, customer, overall, agentLeg, customerLeg, outcome, counts) => {
        const progress = parseCcmV2Callback(
          callback('terminal', callDetails({ call_status: callStatus }, agent, customer)),
        );
        expect(progress).toMatchObject({ overallStatus: overall, agentLeg, customerLeg, final: true });
        expect(mapOutcome(progress)).toEqual({ kind: 'outcome', outcome, counts });
      },
    );
  });

  it('tells the agent answering from the customer answering by the legs', () => {
    const live = {
      call_state: 'active',
      call_status: 'in-progress',
      end_time: null,
      total_talk_time: 0,
      recordings: null,
    };
    const agentAnswered = parseCcmV2Callback(callback('answered', callDetails(live, 'in-progress', null)));
    const customerAnswered = parseCcmV2Callback(
      callback('answered', callDetails(live, 'in-progress', 'in-progress')),
    );

    expect(agentAnswered).toMatchObject({
      event: 'answered',
      agentLeg: 'in-progress',
      customerLeg: 'none',
      final: false,
      overallStatus: 'in-progress',
    });
    expect(customerAnswered).toMatchObject({
      event: 'answered',
      agentLeg: 'in-progress',
      customerLeg: 'in-progress',
      final: false,
    });
  });

  it('reads an answered event with a call_status it does not know from its legs', () => {
    const progress = parseCcmV2Callback(
      callback(
        'ANSWERED',
        callDetails({ call_state: 'active', call_status: 'bridging' }, 'in-progress', null),
      ),
    );
    expect(progress).toMatchObject({
      event: 'answered',
      overallStatus: 'in-progress',
      agentLeg: 'in-progress',
      customerLeg: 'none',
    });
  });

  describe('refuses what it cannot read, naming the field', () => {
    it.each<[string, unknown]>([
      ['body', 'completed'],
      ['event_details', { call_details: callDetails() }],
      ['event_details.event_type', callback(undefined, callDetails())],
      ['event_details.event_type', callback('ringing', callDetails())],
      ['call_details', { event_details: { event_type: 'terminal' } }],
      ['call_details.call_sid', callback('terminal', callDetails({ call_sid: null }))],
      ['call_details.call_status', callback('terminal', callDetails({ call_status: undefined }))],
      ['call_details.call_status', callback('terminal', callDetails({ call_status: 'exploded' }))],
      ['call_details.customer_details.status', callback('terminal', callDetails({}, 'completed', 'on-hold'))],
      ['call_details.updated_time', callback('terminal', callDetails({ updated_time: 'yesterday' }))],
      ['call_details.total_talk_time', callback('terminal', callDetails({ total_talk_time: 'long' }))],
    ])('%s', (field, body) => {
      expect(parseError(body).field).toBe(field);
    });
  });
});
