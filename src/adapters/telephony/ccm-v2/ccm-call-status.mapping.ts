import type { LegStatus, OverallStatus } from '../../../domain/dialing/outcome.mapping.js';
import { canonicalStatusText } from '../shared/leg-status.js';

export interface CcmLegs {
  readonly overallStatus: OverallStatus;
  readonly agentLeg: LegStatus;
  readonly customerLeg: LegStatus;
}

/** Terminal `call_status` values (PROVIDERS.md section 4). */
export const CCM_TERMINAL_CALL_STATUSES: ReadonlySet<string> = new Set([
  'completed',
  'agent_unanswered',
  'customer_unanswered',
  'agent_canceled',
  'customer_no_dial',
  'agent_no_dial',
]);

const UNANSWERED: ReadonlySet<LegStatus> = new Set(['busy', 'no-answer', 'failed']);
const ACTIVE_STATUSES: ReadonlySet<string> = new Set(['queued', 'ringing', 'in-progress']);

/**
 * Legs from `call_status` and the legs' reported `status` (PROVIDERS.md section 7): the call status wins where it
 * says more than the legs (`agent_canceled` → agent completed + customer canceled). undefined for an unknown status.
 */
export function ccmLegs(
  callStatus: string | undefined,
  agentReported: LegStatus,
  customerReported: LegStatus,
): CcmLegs | undefined {
  const status =
    callStatus === undefined ? undefined : callStatus.trim().toLowerCase().replace('cancelled', 'canceled');
  switch (status) {
    case 'completed':
      return { overallStatus: 'completed', agentLeg: 'completed', customerLeg: 'completed' };
    case 'customer_unanswered': {
      const customerLeg = UNANSWERED.has(customerReported) ? customerReported : 'no-answer';
      return { overallStatus: customerLeg as OverallStatus, agentLeg: 'completed', customerLeg };
    }
    case 'agent_unanswered': {
      const agentLeg = UNANSWERED.has(agentReported) ? agentReported : 'no-answer';
      return { overallStatus: agentLeg as OverallStatus, agentLeg, customerLeg: 'none' };
    }
    case 'agent_canceled':
      return { overallStatus: 'canceled', agentLeg: 'completed', customerLeg: 'canceled' };
    case 'customer_no_dial':
    case 'agent_no_dial':
      return { overallStatus: 'no-dial', agentLeg: agentReported, customerLeg: customerReported };
    case undefined:
      return undefined;
    default:
      return activeLegs(status, agentReported, customerReported);
  }
}

function activeLegs(status: string, agentLeg: LegStatus, customerLeg: LegStatus): CcmLegs | undefined {
  const canonical = canonicalStatusText(status);
  if (!ACTIVE_STATUSES.has(canonical)) return undefined;
  return { overallStatus: canonical as OverallStatus, agentLeg, customerLeg };
}
