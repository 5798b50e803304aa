/**
 * Where an agent's time goes. `talk`, `customer-ring` (the agent is on the line while the customer's phone rings)
 * and `wrap-up` are work; everything else is idle, by cause.
 */
export const AGENT_TIME_CAUSES = [
  'talk',
  'customer-ring',
  'wrap-up',
  'agent-ring',
  'missed-call-pause',
  'no-eligible-contact',
  'rate-limit',
  'window-closed',
  'callback-wait',
  'dialer',
  'paused',
] as const;

export type AgentTimeCause = (typeof AGENT_TIME_CAUSES)[number];

export const WORK_CAUSES: ReadonlySet<AgentTimeCause> = new Set(['talk', 'customer-ring', 'wrap-up']);

export const CAUSE_LABELS: Readonly<Record<AgentTimeCause, string>> = {
  talk: 'talking',
  'customer-ring': 'customer ringing (agent on the line)',
  'wrap-up': 'wrap-up',
  'agent-ring': "agent-leg ring time",
  'missed-call-pause': 'paused after a missed call',
  'no-eligible-contact': 'no eligible contact',
  'rate-limit': 'rate limit',
  'window-closed': 'calling window closed',
  'callback-wait': 'call over, callback late or lost',
  dialer: 'dialer (free agent, work waiting)',
  paused: 'paused (other reasons)',
};

export type CauseTotals = Record<AgentTimeCause, number>;

export function zeroTotals(): CauseTotals {
  return Object.fromEntries(AGENT_TIME_CAUSES.map((cause) => [cause, 0])) as CauseTotals;
}

/** One slice of the day for the chart: agent-milliseconds working and idle, and calls dialled. */
export interface IntervalRecord {
  readonly startMs: number;
  busyMs: number;
  idleMs: number;
  dials: number;
}

/** How many agents are doing what, indexed like AGENT_TIME_CAUSES. */
export type CauseCounts = Int32Array;

export const causeIndex = (cause: AgentTimeCause): number => AGENT_TIME_CAUSES.indexOf(cause);

export function noCauseCounts(): CauseCounts {
  return new Int32Array(AGENT_TIME_CAUSES.length);
}

const IS_WORK = AGENT_TIME_CAUSES.map((cause) => WORK_CAUSES.has(cause));

/**
 * Agent time by cause, integrated over the simulated day. Nothing changes between two instants the simulation
 * stops at, so sampling every agent at each stop and holding that until the next one is exact.
 */
export class AgentTimeLedger {
  readonly totals: CauseTotals = zeroTotals();
  readonly intervals: IntervalRecord[];
  private readonly current = noCauseCounts();
  private lastMs: number;

  constructor(
    private readonly startMs: number,
    private readonly endMs: number,
    private readonly intervalMs: number,
  ) {
    this.lastMs = startMs;
    const count = Math.max(1, Math.ceil((endMs - startMs) / intervalMs));
    this.intervals = Array.from({ length: count }, (_, i) => ({ startMs: startMs + i * intervalMs, busyMs: 0, idleMs: 0, dials: 0 }));
  }

  /** Credits the causes sampled last to the time since, up to `nowMs` (never past the end of the day). */
  accrue(nowMs: number): void {
    const until = Math.min(nowMs, this.endMs);
    while (this.lastMs < until) {
      const index = this.intervalIndex(this.lastMs);
      const sliceEnd = Math.min(until, this.startMs + (index + 1) * this.intervalMs);
      const ms = sliceEnd - this.lastMs;
      const interval = this.intervals[index]!;
      for (let cause = 0; cause < AGENT_TIME_CAUSES.length; cause += 1) {
        const agents = this.current[cause]!;
        if (agents === 0) continue;
        this.totals[AGENT_TIME_CAUSES[cause]!] += agents * ms;
        if (IS_WORK[cause]) interval.busyMs += agents * ms;
        else interval.idleMs += agents * ms;
      }
      this.lastMs = sliceEnd;
    }
  }

  /** What the staffed agents are doing from now on: how many agents per cause (copied). */
  sample(agentsByCause: CauseCounts): void {
    this.current.set(agentsByCause);
  }

  countDial(atMs: number): void {
    if (atMs < this.startMs || atMs >= this.endMs) return;
    this.intervals[this.intervalIndex(atMs)]!.dials += 1;
  }

  private intervalIndex(ms: number): number {
    return Math.min(this.intervals.length - 1, Math.floor((ms - this.startMs) / this.intervalMs));
  }
}
