import { z } from 'zod';
import type { AgentEvent } from '../../domain/agent/agent.events.js';
import type { CampaignEvent } from '../../domain/campaign/campaign.events.js';
import type { ContactEvent } from '../../domain/contact/contact.events.js';

/** Event payloads as stored: parsed back with zod so a read never trusts the store's JSON blindly. */
const at = z.string();
const campaignBase = { campaignId: z.string(), at };
const contactBase = { contactId: z.string(), campaignId: z.string(), at };
const agentBase = { agentId: z.string(), at };
const outcome = z.enum(['connected', 'busy', 'no-answer', 'failed', 'canceled', 'agent-missed']);
const retryRule = z.object({ retryAfterSec: z.number(), backoffFactor: z.number().optional(), maxAttempts: z.number() });
const settings = z.object({
  name: z.string(),
  callerId: z.string(),
  provider: z.enum(['exotel-v1', 'ccm-v2', 'sandbox']),
  window: z.object({ timeZone: z.string(), days: z.array(z.number()), from: z.string(), to: z.string() }),
  retry: z.object({ busy: retryRule.optional(), 'no-answer': retryRule.optional(), failed: retryRule.optional() }),
  ringTimeoutSec: z.number(),
  maxCallDurationSec: z.number(),
  wrapUpSec: z.number(),
  recording: z.object({ enabled: z.boolean(), channels: z.enum(['single', 'dual']) }),
});

export const EVENT_SCHEMAS = {
  CampaignCreated: z.object({ ...campaignBase, settings }),
  CampaignUpdated: z.object({ ...campaignBase, changes: settings.partial() }),
  CampaignStarted: z.object(campaignBase),
  CampaignPaused: z.object({ ...campaignBase, reason: z.string() }),
  CampaignResumed: z.object(campaignBase),
  CampaignStopped: z.object(campaignBase),
  CampaignCompleted: z.object(campaignBase),
  AgentAssigned: z.object({ ...campaignBase, agentId: z.string() }),
  AgentUnassigned: z.object({ ...campaignBase, agentId: z.string() }),

  ContactAdded: z.object({
    ...contactBase,
    phone: z.string(),
    name: z.string().optional(),
    priority: z.number(),
    attributes: z.record(z.string(), z.string()),
    dueAt: z.string(),
  }),
  ContactDialed: z.object({ ...contactBase, attemptId: z.string(), agentId: z.string(), attemptNo: z.number(), phone: z.string() }),
  CallPlaced: z.object({ ...contactBase, attemptId: z.string(), callSid: z.string() }),
  DialRejected: z.object({
    ...contactBase,
    attemptId: z.string(),
    reason: z.enum(['invalid-number', 'provider-refused', 'rate-limited', 'agent-unavailable', 'not-placed']),
    detail: z.string().optional(),
  }),
  LegAnswered: z.object({ ...contactBase, attemptId: z.string(), leg: z.enum(['agent', 'customer']), callSid: z.string().optional() }),
  CallTerminated: z.object({
    ...contactBase,
    attemptId: z.string(),
    agentId: z.string(),
    callSid: z.string().optional(),
    outcome,
    counts: z.boolean(),
    talkSec: z.number(),
    recordingUrl: z.string().optional(),
    closedBy: z.enum(['provider', 'watchdog']),
  }),
  RetryScheduled: z.object({
    ...contactBase,
    attemptId: z.string().optional(),
    dueAt: z.string(),
    front: z.boolean(),
    reason: z.enum(['policy', 'callback']),
  }),
  DispositionRecorded: z.object({
    ...contactBase,
    attemptId: z.string().optional(),
    agentId: z.string().optional(),
    code: z.string(),
    note: z.string().optional(),
    callbackAt: z.string().optional(),
  }),
  ContactCompleted: z.object({
    ...contactBase,
    disposition: z.enum(['reached', 'exhausted', 'do-not-call', 'invalid-number', 'removed']),
    attemptId: z.string().optional(),
  }),

  AgentRegistered: z.object({ ...agentBase, name: z.string(), phone: z.string(), ccmUserId: z.string().optional() }),
  AgentBecameAvailable: z.object(agentBase),
  AgentPaused: z.object({ ...agentBase, reason: z.string() }),
  AgentLoggedOut: z.object(agentBase),
  AgentAfterCallRequested: z.object({ ...agentBase, action: z.enum(['pause', 'logout']), reason: z.string().optional() }),
  AgentReserved: z.object({ ...agentBase, attemptId: z.string(), contactId: z.string(), campaignId: z.string() }),
  AgentConnected: z.object({ ...agentBase, attemptId: z.string() }),
  AgentWrapUpStarted: z.object({ ...agentBase, attemptId: z.string(), until: z.string() }),
  AgentReservationReleased: z.object({ ...agentBase, attemptId: z.string(), reason: z.string() }),
  AgentMissedCall: z.object({ ...agentBase, attemptId: z.string() }),
} as const;

export type DialerEvent = CampaignEvent | ContactEvent | AgentEvent;
export type DialerEventType = DialerEvent['type'];

// compile-time check: every domain event type has a schema, and no schema is left over
const _everyTypeHasASchema: Record<DialerEventType, unknown> = EVENT_SCHEMAS;
const _noExtraSchemas: Record<keyof typeof EVENT_SCHEMAS, unknown> = {} as Record<DialerEventType, unknown>;
void _everyTypeHasASchema;
void _noExtraSchemas;

/**
 * Each event type as the one string the schemas are keyed by. A type read from the store is a fresh string every
 * time; looking it up here once gives later lookups by that type (schemas, projections' sets) the interned one.
 */
const EVENT_TYPES: ReadonlyMap<string, DialerEventType> = new Map(
  (Object.keys(EVENT_SCHEMAS) as DialerEventType[]).map((type) => [type, type]),
);

export function isDialerEventType(type: string): type is DialerEventType {
  return EVENT_TYPES.has(type);
}

export class EventDecodeError extends Error {
  constructor(
    readonly eventType: string,
    readonly issues: string,
  ) {
    super(`stored ${eventType} does not match its schema: ${issues}`);
    this.name = 'EventDecodeError';
  }
}

/** Parses a stored payload back into a domain event; unknown types are not ours (undefined). */
export function decodeEvent(stored: string, data: unknown): DialerEvent | undefined {
  const type = EVENT_TYPES.get(stored);
  if (type === undefined) return undefined;
  const parsed = EVENT_SCHEMAS[type].safeParse(data);
  if (!parsed.success) throw new EventDecodeError(type, parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; '));
  return { type, data: parsed.data } as DialerEvent;
}
