import { parseStreamId, streamOf } from '../../../application/events/streams.js';
import type { EventStore, StoredEvent } from '../../../application/ports/event-store.port.js';

interface Routed {
  readonly campaignId?: unknown;
  readonly agentId?: unknown;
}

/**
 * Which events belong to one campaign: its own stream, every event naming it (`data.campaignId`: contacts, calls,
 * reservations) and the presence events of the agents assigned to it at that point of the log.
 */
export class CampaignScope {
  private readonly agents = new Set<string>();
  private readonly streamId: string;

  private constructor(readonly campaignId: string) {
    this.streamId = streamOf.campaign(campaignId);
  }

  /** The assignments as they stood at `upTo` (the feed's exclusive start); none when it starts from the beginning. */
  static async load(
    events: EventStore,
    campaignId: string,
    upTo: bigint | undefined,
  ): Promise<CampaignScope> {
    const scope = new CampaignScope(campaignId);
    if (upTo === undefined) return scope;
    for await (const event of events.readStream(scope.streamId)) {
      if (event.position > upTo) break;
      scope.track(event);
    }
    return scope;
  }

  /** Call for every event of the feed, in order (it also follows assignments). */
  includes(event: StoredEvent): boolean {
    this.track(event);
    if (event.streamId === this.streamId) return true;
    const data = (typeof event.data === 'object' && event.data !== null ? event.data : {}) as Routed;
    if (data.campaignId === this.campaignId) return true;
    const stream = parseStreamId(event.streamId);
    return stream?.category === 'agent' && this.agents.has(stream.id);
  }

  private track(event: StoredEvent): void {
    if (event.streamId !== this.streamId) return;
    const { agentId } = event.data as Routed;
    if (typeof agentId !== 'string') return;
    if (event.type === 'AgentAssigned') this.agents.add(agentId);
    else if (event.type === 'AgentUnassigned') this.agents.delete(agentId);
  }
}
