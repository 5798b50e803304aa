import type { CampaignSettings } from '../../domain/campaign/campaign-settings.js';
import { evolveCampaign } from '../../domain/campaign/campaign.decider.js';
import type { CampaignEvent } from '../../domain/campaign/campaign.events.js';
import { initialCampaignState, type CampaignState } from '../../domain/campaign/campaign.state.js';
import { evolveContact } from '../../domain/contact/contact.decider.js';
import type { ContactEvent } from '../../domain/contact/contact.events.js';
import { initialContactState, type ContactState } from '../../domain/contact/contact.state.js';
import { decodeEvent } from '../events/event-schemas.js';
import { parseStreamId } from '../events/streams.js';
import type { EventStore } from '../ports/event-store.port.js';
import { zeroOutcomes, type OutcomeCounts } from './call-tally.js';
import type { SimulatedContact } from './simulation-plan.js';
import type { ContactTotals } from './simulation-result.js';

/** What a past campaign did, as its events tell it. */
export interface RecordedOutcome {
  readonly contacts: ContactTotals;
  readonly dials: number;
  readonly outcomes: OutcomeCounts;
  readonly connectRate: number;
  /** First dial to last call end: how long the agents worked the list. */
  readonly firstDialMs?: number;
  readonly lastCallEndMs?: number;
  readonly completedAtMs?: number;
  readonly dialsPerAgentHour?: number;
}

export interface RecordedCampaign {
  readonly campaignId: string;
  readonly settings: CampaignSettings;
  readonly agents: number;
  /** In the order they were added. */
  readonly contacts: readonly SimulatedContact[];
  readonly startedAtMs?: number;
  readonly outcome: RecordedOutcome;
}

export class UnknownCampaignError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'UnknownCampaignError';
  }
}

const HOUR_MS = 3_600_000;

interface Reading {
  campaigns: Map<string, { state: CampaignState; startedAtMs?: number; completedAtMs?: number }>;
  contacts: Map<string, { state: ContactState; added: SimulatedContact }>;
  dials: Map<string, number>;
  outcomes: Map<string, OutcomeCounts>;
  firstDial: Map<string, number>;
  lastEnd: Map<string, number>;
}

/**
 * Reads a past campaign from an event store: its settings and agents, its contacts as they were added, and what
 * became of them. With no id, the store must hold exactly one campaign.
 */
export async function readRecordedCampaign(events: EventStore, campaignId?: string): Promise<RecordedCampaign> {
  const reading: Reading = { campaigns: new Map(), contacts: new Map(), dials: new Map(), outcomes: new Map(), firstDial: new Map(), lastEnd: new Map() };
  for await (const stored of events.readAll()) {
    const stream = parseStreamId(stored.streamId);
    const event = decodeEvent(stored.type, stored.data);
    if (stream === undefined || event === undefined) continue;
    if (stream.category === 'campaign') readCampaignEvent(reading, stream.id, event as CampaignEvent);
    if (stream.category === 'contact') readContactEvent(reading, stream.id, event as ContactEvent);
  }
  const id = campaignId ?? onlyCampaign(reading);
  const campaign = reading.campaigns.get(id);
  if (campaign === undefined || campaign.state.status === 'none') {
    throw new UnknownCampaignError(`campaign "${id}" is not in the store (it holds: ${[...reading.campaigns.keys()].join(', ') || 'none'})`);
  }
  const state = campaign.state;
  const contacts: SimulatedContact[] = [];
  const totals = { total: 0, reached: 0, exhausted: 0, otherDone: 0 };
  for (const { state: contact, added } of reading.contacts.values()) {
    if (contact.status === 'none' || contact.campaignId !== id) continue;
    contacts.push(added);
    totals.total += 1;
    if (contact.status !== 'done') continue;
    if (contact.disposition === 'reached') totals.reached += 1;
    else if (contact.disposition === 'exhausted') totals.exhausted += 1;
    else totals.otherDone += 1;
  }
  const outcomes = reading.outcomes.get(id) ?? zeroOutcomes();
  const ended = Object.values(outcomes).reduce((sum, n) => sum + n, 0);
  const dials = reading.dials.get(id) ?? 0;
  const firstDialMs = reading.firstDial.get(id);
  const lastCallEndMs = reading.lastEnd.get(id);
  const workedHours = firstDialMs === undefined || lastCallEndMs === undefined ? 0 : (lastCallEndMs - firstDialMs) / HOUR_MS;
  return {
    campaignId: id,
    settings: state.settings,
    agents: state.agentIds.length,
    contacts,
    ...(campaign.startedAtMs === undefined ? {} : { startedAtMs: campaign.startedAtMs }),
    outcome: {
      contacts: { ...totals, pending: totals.total - totals.reached - totals.exhausted - totals.otherDone },
      dials,
      outcomes,
      connectRate: ended === 0 ? 0 : outcomes.connected / ended,
      ...(firstDialMs === undefined ? {} : { firstDialMs }),
      ...(lastCallEndMs === undefined ? {} : { lastCallEndMs }),
      ...(campaign.completedAtMs === undefined ? {} : { completedAtMs: campaign.completedAtMs }),
      ...(workedHours > 0 && state.agentIds.length > 0 ? { dialsPerAgentHour: dials / (state.agentIds.length * workedHours) } : {}),
    },
  };
}

function onlyCampaign(reading: Reading): string {
  const ids = [...reading.campaigns.keys()];
  if (ids.length === 1) return ids[0]!;
  throw new UnknownCampaignError(
    ids.length === 0 ? 'the store holds no campaign' : `the store holds ${ids.length} campaigns (${ids.join(', ')}): name one with --campaign`,
  );
}

function readCampaignEvent(reading: Reading, id: string, event: CampaignEvent): void {
  const entry = reading.campaigns.get(id) ?? { state: initialCampaignState };
  entry.state = evolveCampaign(entry.state, event);
  if (event.type === 'CampaignStarted') entry.startedAtMs ??= Date.parse(event.data.at);
  if (event.type === 'CampaignCompleted') entry.completedAtMs = Date.parse(event.data.at);
  reading.campaigns.set(id, entry);
}

function readContactEvent(reading: Reading, id: string, event: ContactEvent): void {
  let entry = reading.contacts.get(id);
  if (entry === undefined) {
    if (event.type !== 'ContactAdded') return;
    entry = { state: initialContactState, added: { phone: event.data.phone, priority: event.data.priority } };
    reading.contacts.set(id, entry);
  }
  entry.state = evolveContact(entry.state, event);
  const campaignId = event.data.campaignId;
  const at = Date.parse(event.data.at);
  if (event.type === 'ContactDialed') {
    reading.dials.set(campaignId, (reading.dials.get(campaignId) ?? 0) + 1);
    const first = reading.firstDial.get(campaignId);
    if (first === undefined || at < first) reading.firstDial.set(campaignId, at);
  }
  if (event.type === 'CallTerminated') {
    const outcomes = reading.outcomes.get(campaignId) ?? zeroOutcomes();
    outcomes[event.data.outcome] += 1;
    reading.outcomes.set(campaignId, outcomes);
    const last = reading.lastEnd.get(campaignId);
    if (last === undefined || at > last) reading.lastEnd.set(campaignId, at);
  }
}
