import { z } from 'zod';
import { Instant } from '../shared/api-schemas.js';
import { AgentStatus } from '../agents/agent.response.js';

const count = z.number().int().min(0);
const seconds = z.number().min(0);

export const AgentStatsResponse = z
  .object({
    agentId: z.string(),
    asOf: Instant,
    status: AgentStatus,
    since: Instant,
    campaigns: z.array(z.string()),
    calls: count.describe('Attempts the agent was on that ended'),
    outcomes: z.object({
      connected: count,
      busy: count,
      'no-answer': count,
      failed: count,
      canceled: count,
      'agent-missed': count,
    }),
    talkSec: seconds,
    avgTalkTime: seconds,
    timeInStatusSec: z.object({
      available: seconds,
      paused: seconds,
      reserved: seconds,
      onCall: seconds,
      wrapUp: seconds,
      offline: seconds,
      loggedIn: seconds,
    }),
    occupancy: z.number().min(0).max(1).describe('(on-call + wrap-up) ÷ logged-in time'),
    idleTimeSec: seconds,
    callsPerHour: z.number().min(0).describe('calls ÷ logged-in hours'),
  })
  .describe('One agent’s counters');

export type AgentStatsResponse = z.infer<typeof AgentStatsResponse>;
