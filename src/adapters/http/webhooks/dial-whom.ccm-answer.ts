import type { DialWhomAnswer } from '../../../application/dial-whom/dial-whom.messages.js';

/** The programmable (CCM) Connect answer, PROVIDERS.md section 5. */
export interface CcmConnectAnswer {
  /** Ask again after each failed attempt: the dialer records the miss and offers the next agent. */
  readonly fetch_after_attempt: boolean;
  readonly destination: readonly { readonly contact_uri: string }[];
  /** Exotel skips an agent busy on another Exotel call. */
  readonly state_management: boolean;
  /** The dialer does its own stickiness (the agent who last talked to the caller, when free). */
  readonly sticky_agent: boolean;
  readonly outgoing_phone_number?: string;
  readonly recording?: { readonly record: boolean; readonly channels: 'single' | 'dual' };
  readonly max_ringing_duration?: number;
  readonly max_conversation_duration?: number;
  readonly music_on_hold: { readonly type: 'default_tone' };
  readonly parallel_ringing: { readonly activate: boolean; readonly max_parallel_attempts: number };
}

/** Call settings come from the campaign the call is routed for; with no campaign known only the routing is given. */
export function ccmConnectAnswer(answer: DialWhomAnswer): CcmConnectAnswer {
  const campaign = answer.campaign;
  return {
    fetch_after_attempt: true,
    destination: answer.agents.map((agent) => ({ contact_uri: agent.phone })),
    state_management: true,
    sticky_agent: false,
    ...(campaign === undefined
      ? {}
      : {
          outgoing_phone_number: campaign.callerId,
          recording: { record: campaign.recording.enabled, channels: campaign.recording.channels },
          max_ringing_duration: campaign.ringTimeoutSec,
          max_conversation_duration: campaign.maxCallDurationSec,
        }),
    music_on_hold: { type: 'default_tone' },
    parallel_ringing: { activate: false, max_parallel_attempts: 1 },
  };
}
