import type { AgentMetricsRow, AgentTimeBucket } from '../../projections/metrics.projection.js';

export interface AgentTime {
  readonly available: number;
  readonly paused: number;
  readonly reserved: number;
  readonly onCall: number;
  readonly wrapUp: number;
  readonly offline: number;
  /** Every status but offline. */
  readonly loggedIn: number;
}

export const NO_AGENT_TIME: AgentTime = {
  available: 0,
  paused: 0,
  reserved: 0,
  onCall: 0,
  wrapUp: 0,
  offline: 0,
  loggedIn: 0,
};

/** Seconds an agent spent in each status up to `nowMs`, counting the status it is in now. */
export function agentTime(row: AgentMetricsRow | undefined, nowMs: number): AgentTime {
  if (row === undefined) return NO_AGENT_TIME;
  const current = Math.max(0, (nowMs - Date.parse(row.statusSince)) / 1000);
  const of = (bucket: AgentTimeBucket) => row.secondsIn[bucket] + (row.status === bucket ? current : 0);
  const time = {
    available: of('available'),
    paused: of('paused'),
    reserved: of('reserved'),
    onCall: of('on-call'),
    wrapUp: of('wrap-up'),
    offline: of('offline'),
  };
  return { ...time, loggedIn: time.available + time.paused + time.reserved + time.onCall + time.wrapUp };
}

export function addTimes(a: AgentTime, b: AgentTime): AgentTime {
  return {
    available: a.available + b.available,
    paused: a.paused + b.paused,
    reserved: a.reserved + b.reserved,
    onCall: a.onCall + b.onCall,
    wrapUp: a.wrapUp + b.wrapUp,
    offline: a.offline + b.offline,
    loggedIn: a.loggedIn + b.loggedIn,
  };
}

/** Share of logged-in time spent handling calls (on a call or wrapping up); 0 with no logged-in time. */
export const occupancyOf = (time: AgentTime): number =>
  time.loggedIn > 0 ? (time.onCall + time.wrapUp) / time.loggedIn : 0;

export const round = (value: number, digits = 3): number => Math.round(value * 10 ** digits) / 10 ** digits;
