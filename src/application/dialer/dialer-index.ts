import { evolveAgent } from '../../domain/agent/agent.decider.js';
import { initialAgentState, type AgentState } from '../../domain/agent/agent.state.js';
import { evolveCampaign } from '../../domain/campaign/campaign.decider.js';
import { initialCampaignState, type CampaignState } from '../../domain/campaign/campaign.state.js';
import { evolveContact } from '../../domain/contact/contact.decider.js';
import { initialContactState, type ContactState } from '../../domain/contact/contact.state.js';
import type { CallOutcome } from '../../domain/dialing/outcome.mapping.js';
import { decodeEvent, type DialerEvent } from '../events/event-schemas.js';
import { parseStreamId, type Category } from '../events/streams.js';
import { CampaignQueue, type QueueEntry } from './campaign-queue.js';

export interface CampaignEntry {
  state: CampaignState;
  revision: bigint;
  readonly queue: CampaignQueue;
  /** Contacts not done yet / ever added. */
  open: number;
  total: number;
}

export interface ContactEntry {
  state: ContactState;
  revision: bigint;
  /** Arrival order (global position of ContactAdded). */
  seq: number;
  /** Bumped whenever the contact enters or leaves the queue: older heap entries become stale. */
  version: number;
}

export interface AgentEntry {
  state: AgentState;
  revision: bigint;
  readonly campaigns: Set<string>;
}

export interface AttemptRecord {
  readonly attemptId: string;
  readonly contactId: string;
  readonly agentId: string;
  readonly campaignId: string;
  readonly dialedAtMs: number;
  callSid?: string;
  ended?: { readonly how: CallOutcome | 'rejected'; readonly atMs: number };
  disposed?: boolean;
}

export interface Applied {
  readonly category: Category;
  readonly id: string;
  readonly event: DialerEvent;
  /** For agent events: the contact of the attempt the agent held before this event, if any. */
  readonly relatedContactId?: string;
}

const MAX_ENDED_ATTEMPTS = 200_000;

/**
 * The dialer's working memory: every campaign, contact and agent folded with the domain's own `evolve`, plus
 * per-campaign queues. Fed by the event store (and by the dialer's own writes, applied at once); an event at or
 * below a stream's known revision is ignored, so redelivery changes nothing.
 */
export class DialerIndex {
  readonly campaigns = new Map<string, CampaignEntry>();
  readonly contacts = new Map<string, ContactEntry>();
  readonly agents = new Map<string, AgentEntry>();
  readonly attempts = new Map<string, AttemptRecord>();
  readonly attemptByCallSid = new Map<string, string>();
  /** E.164 phone → contact ids (one number can be in several campaigns). */
  readonly contactsByPhone = new Map<string, string[]>();
  /** Contact id → the agent who last talked to them (a connected call), for sticky inbound routing. */
  readonly lastTalkedAgent = new Map<string, string>();
  private readonly endedAttempts: string[] = [];
  position = -1n;

  constructor(private readonly now: () => number) {}

  campaign(id: string): CampaignEntry {
    let entry = this.campaigns.get(id);
    if (entry === undefined) {
      entry = { state: initialCampaignState, revision: -1n, open: 0, total: 0, queue: new CampaignQueue((e) => this.isCurrent(e)) };
      this.campaigns.set(id, entry);
    }
    return entry;
  }

  agent(id: string): AgentEntry {
    let entry = this.agents.get(id);
    if (entry === undefined) {
      entry = { state: initialAgentState, revision: -1n, campaigns: new Set() };
      this.agents.set(id, entry);
    }
    return entry;
  }

  /** The last revision the index applied for a stream (-1 when none). */
  revisionOf(streamId: string): bigint {
    const stream = parseStreamId(streamId);
    if (stream === undefined) return -1n;
    const entry = stream.category === 'campaign' ? this.campaigns.get(stream.id) : stream.category === 'contact' ? this.contacts.get(stream.id) : this.agents.get(stream.id);
    return entry?.revision ?? -1n;
  }

  /** Applies one stored event; returns what changed, or undefined when it was already known or not ours. */
  apply(streamId: string, revision: bigint, position: bigint, type: string, data: unknown): Applied | undefined {
    if (position > this.position) this.position = position;
    // the dialer's own writes come back through the subscription: skip them before paying for decoding
    if (revision <= this.revisionOf(streamId)) return undefined;
    const stream = parseStreamId(streamId);
    const event = decodeEvent(type, data);
    if (stream === undefined || event === undefined) return undefined;
    switch (stream.category) {
      case 'campaign':
        return this.applyCampaign(stream.id, revision, event) ? { ...stream, event } : undefined;
      case 'contact':
        return this.applyContact(stream.id, revision, position, event) ? { ...stream, event } : undefined;
      case 'agent': {
        const before = this.agents.get(stream.id)?.state;
        if (!this.applyAgent(stream.id, revision, event)) return undefined;
        const held = before !== undefined && 'contactId' in before ? before.contactId : undefined;
        return { ...stream, event, ...(held === undefined ? {} : { relatedContactId: held }) };
      }
    }
  }

  private applyCampaign(id: string, revision: bigint, event: DialerEvent): boolean {
    const entry = this.campaign(id);
    if (revision <= entry.revision) return false;
    entry.revision = revision;
    entry.state = evolveCampaign(entry.state, event as never);
    if (event.type === 'AgentAssigned') this.agent(event.data.agentId).campaigns.add(id);
    if (event.type === 'AgentUnassigned') this.agent(event.data.agentId).campaigns.delete(id);
    return true;
  }

  private applyAgent(id: string, revision: bigint, event: DialerEvent): boolean {
    const entry = this.agent(id);
    if (revision <= entry.revision) return false;
    entry.revision = revision;
    entry.state = evolveAgent(entry.state, event as never);
    return true;
  }

  private applyContact(id: string, revision: bigint, position: bigint, event: DialerEvent): boolean {
    let entry = this.contacts.get(id);
    if (entry === undefined) {
      if (event.type !== 'ContactAdded') return false;
      entry = { state: initialContactState, revision: -1n, seq: Number(position), version: 0 };
      this.contacts.set(id, entry);
      const sharing = this.contactsByPhone.get(event.data.phone);
      if (sharing === undefined) this.contactsByPhone.set(event.data.phone, [id]);
      else sharing.push(id);
    }
    if (revision <= entry.revision) return false;
    const before = entry.state;
    entry.revision = revision;
    entry.state = evolveContact(before, event as never);
    this.trackAttempt(event);
    this.trackQueue(entry, before);
    return true;
  }

  private trackAttempt(event: DialerEvent): void {
    const nowMs = this.now();
    switch (event.type) {
      case 'ContactDialed': {
        const { attemptId, contactId, agentId, campaignId, at } = event.data;
        this.attempts.set(attemptId, { attemptId, contactId, agentId, campaignId, dialedAtMs: Date.parse(at) });
        return;
      }
      case 'CallPlaced':
      case 'LegAnswered': {
        const record = this.attempts.get(event.data.attemptId);
        const callSid = event.data.callSid;
        if (record !== undefined && callSid !== undefined) {
          record.callSid = callSid;
          this.attemptByCallSid.set(callSid, record.attemptId);
        }
        return;
      }
      case 'CallTerminated':
      case 'DialRejected': {
        const record = this.attempts.get(event.data.attemptId);
        if (record === undefined || record.ended !== undefined) return;
        record.ended = { how: event.type === 'CallTerminated' ? event.data.outcome : 'rejected', atMs: nowMs };
        if (event.type === 'CallTerminated' && event.data.outcome === 'connected') this.lastTalkedAgent.set(record.contactId, record.agentId);
        if (event.type === 'CallTerminated' && event.data.callSid !== undefined && record.callSid === undefined) {
          record.callSid = event.data.callSid;
          this.attemptByCallSid.set(event.data.callSid, record.attemptId);
        }
        this.forgetOldAttempts(record.attemptId);
        return;
      }
      case 'DispositionRecorded': {
        const record = event.data.attemptId === undefined ? undefined : this.attempts.get(event.data.attemptId);
        if (record !== undefined) record.disposed = true;
        return;
      }
      default:
        return;
    }
  }

  private forgetOldAttempts(attemptId: string): void {
    this.endedAttempts.push(attemptId);
    if (this.endedAttempts.length <= MAX_ENDED_ATTEMPTS) return;
    const old = this.attempts.get(this.endedAttempts.shift()!);
    if (old === undefined) return;
    this.attempts.delete(old.attemptId);
    if (old.callSid !== undefined) this.attemptByCallSid.delete(old.callSid);
  }

  private trackQueue(entry: ContactEntry, before: ContactState): void {
    const after = entry.state;
    if (after.status === 'none') return;
    const campaign = this.campaign(after.campaignId);
    if (before.status === 'none') {
      campaign.total += 1;
      campaign.open += 1;
    }
    if (after.status === 'done' && before.status !== 'done') campaign.open -= 1;
    if (before.status === 'done' && after.status !== 'done') campaign.open += 1;
    const wasQueued = before.status === 'queued';
    const isQueued = after.status === 'queued';
    if (!wasQueued && !isQueued) return;
    if (wasQueued && isQueued && before.dueAt === after.dueAt && before.front === after.front) return;
    entry.version += 1;
    if (isQueued) campaign.queue.add(this.entryOf(entry), this.now());
  }

  entryOf(entry: ContactEntry): QueueEntry {
    const state = entry.state as Extract<ContactState, { status: 'queued' }>;
    return { contactId: state.contactId, version: entry.version, dueAtMs: Date.parse(state.dueAt), isRetry: state.isRetry, front: state.front, priority: state.priority, seq: entry.seq };
  }

  isCurrent(queued: QueueEntry): boolean {
    const entry = this.contacts.get(queued.contactId);
    return entry !== undefined && entry.version === queued.version && entry.state.status === 'queued';
  }
}
