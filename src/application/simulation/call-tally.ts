import { CALL_OUTCOMES, type CallOutcome } from '../../domain/dialing/outcome.mapping.js';
import type { Clock } from '../ports/clock.port.js';
import type { AgentTimeLedger } from './agent-time.js';
import type { ObservedAppend } from './observed.event-store.js';

export type OutcomeCounts = Record<CallOutcome, number>;

export function zeroOutcomes(): OutcomeCounts {
  return Object.fromEntries(CALL_OUTCOMES.map((outcome) => [outcome, 0])) as OutcomeCounts;
}

/** Counts what the dialer wrote: dials (also per chart interval), outcomes, rejections, and when the list ended. */
export class CallTally {
  dials = 0;
  rejected = 0;
  readonly outcomes: OutcomeCounts = zeroOutcomes();
  completedAtMs: number | undefined;

  constructor(
    private readonly clock: Clock,
    private readonly ledger: AgentTimeLedger,
  ) {}

  observe(append: ObservedAppend): void {
    for (const event of append.events) {
      switch (event.type) {
        case 'ContactDialed':
          this.dials += 1;
          this.ledger.countDial(this.clock.now());
          break;
        case 'DialRejected':
          this.rejected += 1;
          break;
        case 'CallTerminated':
          this.outcomes[(event.data as { outcome: CallOutcome }).outcome] += 1;
          break;
        case 'CampaignCompleted':
          this.completedAtMs ??= this.clock.now();
          break;
      }
    }
  }

  get ended(): number {
    return CALL_OUTCOMES.reduce((sum, outcome) => sum + this.outcomes[outcome], 0);
  }
}
