import type { Distribution } from '../../../../src/adapters/telephony/sandbox/distribution.js';
import type {
  CallbackFaults,
  SandboxProfile,
} from '../../../../src/adapters/telephony/sandbox/sandbox.profile.js';

type AgentEnd = 'answer' | 'busy' | 'noAnswer' | 'failed';
type CustomerEnd = AgentEnd | 'canceled';

export interface ScriptedCall {
  readonly agent?: AgentEnd;
  readonly customer?: CustomerEnd;
  readonly agentRingSec?: number;
  readonly customerRingSec?: number;
  readonly talkSec?: number;
  readonly callbacks?: Partial<CallbackFaults>;
}

const fixed = (seconds: number): Distribution => ({ kind: 'fixed', seconds });
const only = <End extends string>(end: End, ends: readonly End[]): Record<End, number> =>
  Object.fromEntries(ends.map((candidate) => [candidate, candidate === end ? 1 : 0])) as Record<End, number>;

/** A profile under which every call plays out the same way, with fixed ring and talk times. */
export function scriptedProfile(script: ScriptedCall = {}): SandboxProfile {
  return {
    name: 'scripted',
    agent: {
      ...only(script.agent ?? 'answer', ['answer', 'busy', 'noAnswer', 'failed']),
      ringTime: fixed(script.agentRingSec ?? 2),
    },
    customer: {
      ...only(script.customer ?? 'answer', ['answer', 'busy', 'noAnswer', 'failed', 'canceled']),
      ringTime: fixed(script.customerRingSec ?? 5),
    },
    talkTime: fixed(script.talkSec ?? 30),
    callbacks: {
      duplicate: 0,
      late: 0,
      lateDelay: fixed(10),
      lost: 0,
      customFieldOnAnswered: true,
      ...script.callbacks,
    },
  };
}
