import { evolveAgent } from '../../domain/agent/agent.decider.js';
import { initialAgentState, type AgentState } from '../../domain/agent/agent.state.js';
import { evolveCampaign } from '../../domain/campaign/campaign.decider.js';
import { initialCampaignState, type CampaignState } from '../../domain/campaign/campaign.state.js';
import { evolveContact } from '../../domain/contact/contact.decider.js';
import type { ContactState } from '../../domain/contact/contact.state.js';
import type { CallOutcome } from '../../domain/dialing/outcome.mapping.js';
import { decodeEvent, type DialerEvent } from '../events/event-schemas.js';
import { parseStreamId, type Category } from '../events/streams.js';
import { CampaignQueue } from './campaign-queue.js';
import { ContactTable } from './contact-table.js';
import { PhoneDirectory } from './phone-directory.js';
import { NOT_IN_HEAP } from './slot-heap.js';

export type { ContactEntry } from './contact-table.js';

export interface CampaignEntry {
  state: CampaignState;
  revision: bigint;
  readonly queue: CampaignQueue;
  /** Contacts not done yet / ever added. */
  open: number;
  total: number;
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
  /** When this process last asked the provider about the call (watchdog) and heard it was still going. */
  stillGoingAtMs?: number;
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
  /** Every contact, compact (see ContactTable); read like a ReadonlyMap of ContactEntry. */
  readonly contacts = new ContactTable();
  readonly agents = new Map<string, AgentEntry>();
  /** Available agents and since when they are idle (epoch ms), kept on apply: a pump reads it instead of every agent. */
  readonly available = new Map<string, number>();
  readonly attempts = new Map<string, AttemptRecord>();
  readonly attemptByCallSid = new Map<string, string>();
  /** E.164 phone → contact ids (one number can be in several campaigns). */
  readonly contactsByPhone = new PhoneDirectory(this.contacts);
  /** Contact id → the agent who last talked to them (a connected call), for sticky inbound routing. */
  readonly lastTalkedAgent = new Map<string, string>();
  private readonly endedAttempts: string[] = [];
  position = -1n;

  constructor(private readonly now: () => number) {}

  campaign(id: string): CampaignEntry {
    let entry = this.campaigns.get(id);
    if (entry === undefined) {
      entry = { state: initialCampaignState, revision: -1n, open: 0, total: 0, queue: new CampaignQueue(this.contacts) };
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
    return stream === undefined ? -1n : BigInt(this.knownRevision(stream.category, stream.id));
  }

  private knownRevision(category: Category, id: string): number {
    if (category === 'contact') {
      const slot = this.contacts.slotOf(id);
      return slot < 0 ? -1 : this.contacts.revisionAt(slot);
    }
    const entry = category === 'campaign' ? this.campaigns.get(id) : this.agents.get(id);
    return entry === undefined ? -1 : Number(entry.revision);
  }

  /** Applies one stored event; returns what changed, or undefined when it was already known or not ours. */
  apply(streamId: string, revision: bigint, position: bigint, type: string, data: unknown): Applied | undefined {
    return this.applyWith(streamId, revision, position, type, data, undefined);
  }

  /** `apply` for an event known already as the domain wrote it (this process's own write): nothing to decode. */
  applyDecoded(streamId: string, revision: bigint, position: bigint, event: DialerEvent): Applied | undefined {
    return this.applyWith(streamId, revision, position, event.type, event.data, event);
  }

  private applyWith(streamId: string, revision: bigint, position: bigint, type: string, data: unknown, decoded: DialerEvent | undefined): Applied | undefined {
    if (position > this.position) this.position = position;
    const stream = parseStreamId(streamId);
    if (stream === undefined) return undefined;
    // the dialer's own writes come back through the subscription: skip them before paying for decoding
    if (Number(revision) <= this.knownRevision(stream.category, stream.id)) return undefined;
    const event = decoded ?? decodeEvent(type, data);
    if (event === undefined) return undefined;
    const { category, id } = stream;
    switch (category) {
      case 'campaign':
        return this.applyCampaign(id, revision, event) ? { category, id, event } : undefined;
      case 'contact':
        return this.applyContact(id, Number(revision), position, event) ? { category, id, event } : undefined;
      case 'agent': {
        const before = this.agents.get(id)?.state;
        if (!this.applyAgent(id, revision, event)) return undefined;
        const held = before !== undefined && 'contactId' in before ? before.contactId : undefined;
        return held === undefined ? { category, id, event } : { category, id, event, relatedContactId: held };
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
    const before = entry.state;
    const after = evolveAgent(before, event as never);
    entry.state = after;
    if (after.status !== 'available') this.available.delete(id);
    else if (before.status !== 'available' || before.idleSince !== after.idleSince) this.available.set(id, Date.parse(after.idleSince));
    return true;
  }

  private applyContact(id: string, revision: number, position: bigint, event: DialerEvent): boolean {
    const contacts = this.contacts;
    let slot = contacts.slotOf(id);
    if (slot < 0) {
      if (event.type !== 'ContactAdded') return false;
      slot = contacts.add(id, event.data.phone, event.data.campaignId, Number(position));
      this.contactsByPhone.add(contacts.phoneAt(slot), slot);
    }
    if (revision <= contacts.revisionAt(slot)) return false;
    const before = contacts.stateAt(slot);
    const after = evolveContact(before, event as never);
    contacts.setRevision(slot, revision);
    this.trackAttempt(event);
    if (after !== before) this.trackQueue(slot, before, after);
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

  /** Stores the contact's new state, keeps the campaign's counts, and moves the contact in or out of line. */
  private trackQueue(slot: number, before: ContactState, after: ContactState): void {
    const contacts = this.contacts;
    if (after.status === 'none') {
      contacts.setState(slot, after);
      return;
    }
    const campaign = this.campaign(after.campaignId);
    if (before.status === 'none') {
      campaign.total += 1;
      campaign.open += 1;
    }
    if (after.status === 'done' && before.status !== 'done') campaign.open -= 1;
    if (before.status === 'done' && after.status !== 'done') campaign.open += 1;
    const wasQueued = before.status === 'queued';
    const isQueued = after.status === 'queued';
    if (!wasQueued && !isQueued) {
      contacts.setState(slot, after);
      return;
    }
    if (wasQueued && isQueued && before.dueAt === after.dueAt && before.front === after.front) {
      // still in line at the same time: moved only if another pairing key changed while it waits in a heap
      const moved = before.isRetry !== after.isRetry || before.priority !== after.priority;
      const inLine = moved && contacts.places[slot] !== NOT_IN_HEAP;
      if (inLine) campaign.queue.remove(slot);
      contacts.setState(slot, after);
      if (inLine) campaign.queue.place(slot, this.now());
      return;
    }
    // the keys change under the heap: out of line first, then in by the new keys
    campaign.queue.remove(slot);
    contacts.setState(slot, after);
    if (isQueued) campaign.queue.place(slot, this.now());
  }
}
