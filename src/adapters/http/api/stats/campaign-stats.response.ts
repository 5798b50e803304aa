import { z } from 'zod';
import { Instant } from '../shared/api-schemas.js';

const count = z.number().int().min(0);
const seconds = z.number().min(0);

export const CampaignStatsResponse = z
  .object({
    campaignId: z.string(),
    asOf: Instant.describe('The moment these figures describe'),
    queue: z.object({
      total: count,
      queued: count.describe('Never dialled, waiting'),
      retryPending: count.describe('Dialled before, waiting for a retry or callback'),
      dialing: count.describe('On an attempt now'),
      completed: count.describe('Done'),
      remaining: count.describe('queued + retryPending + dialing'),
      byDisposition: z.record(z.string(), count).describe('Done contacts by disposition'),
    }),
    agents: z.object({
      total: count.describe('Agents assigned to the campaign'),
      available: count,
      onCall: count.describe('Reserved (ringing), on a call or wrapping up'),
      unavailable: count.describe('Paused or logged out'),
      byStatus: z.object({
        available: count,
        reserved: count,
        onCall: count,
        wrapUp: count,
        paused: count,
        offline: count,
      }),
    }),
    performance: z.object({
      totalDialed: count.describe(
        'Attempts that ended = connected + busy + noAnswer + failed + canceled + agentMissed',
      ),
      connected: count,
      noAnswer: count,
      busy: count,
      failed: count,
      canceled: count,
      agentMissed: count,
      abandoned: z.literal(0).describe('Progressive dialing never rings a customer without a reserved agent'),
      rejected: count.describe('Dial requests the provider refused before a call existed'),
      connectRate: z.number().min(0).max(1).describe('connected ÷ totalDialed'),
      avgHandleTime: seconds.describe('(talk + wrap-up seconds) ÷ connected'),
      avgTalkTime: seconds,
      talkSec: seconds,
      wrapSec: seconds,
      occupancy: z.number().min(0).max(1).describe('Assigned agents: (on-call + wrap-up) ÷ logged-in time'),
      idleTimeSec: seconds.describe('Assigned agents: time available and waiting'),
      loggedInSec: seconds,
      callsPerAgentHour: z
        .number()
        .min(0)
        .describe('Calls the assigned agents handled ÷ their logged-in hours'),
    }),
    retriesPending: count,
    series: z
      .array(
        z.object({
          start: Instant,
          dialed: count,
          connected: count,
          busy: count,
          noAnswer: count,
          failed: count,
          canceled: count,
          agentMissed: count,
        }),
      )
      .describe('Per 15 minutes, by the time the attempt ended'),
    estimate: z
      .object({
        remainingContacts: count,
        avgDialsPerContact: z.number().min(0),
        dialsLastHour: count,
        dialsPerHour: z.number().min(0),
        finishInSec: z.number().min(0).nullable(),
        finishAt: Instant.nullable(),
      })
      .describe(
        'Time to finish the list: remaining × avgDialsPerContact ÷ dial rate over the last hour (null with no recent dials)',
      ),
  })
  .describe('A campaign’s counters');

export type CampaignStatsResponse = z.infer<typeof CampaignStatsResponse>;
