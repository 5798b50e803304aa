import { CommandBus } from '@nestjs/cqrs';
import {
  AgentCommandMessage,
  CampaignCommandMessage,
  ContactCommandMessage,
} from '../../../../src/application/commands/command-messages.js';
import type { Dialer } from '../../../../src/application/dialer/dialer.js';
import { streamOf } from '../../../../src/application/events/streams.js';
import {
  EVENT_STORE,
  type EventStore,
  type StoredEvent,
} from '../../../../src/application/ports/event-store.port.js';
import type { CampaignSettingsInput } from '../../../../src/domain/campaign/campaign-settings.js';
import { VirtualClock } from '../../../../src/adapters/clock/virtual.clock.js';
import { DialerService } from '../../../../src/adapters/dialer/dialer.service.js';
import type { Sandbox } from '../../../../src/adapters/telephony/sandbox/sandbox.js';
import type { SandboxCall } from '../../../../src/adapters/telephony/sandbox/sandbox-call.js';
import { SANDBOX } from '../../../../src/adapters/telephony/telephony.module.js';
import { quiesce } from '../../../support/campaign-run.js';
import { startTestService, TEST_WEBHOOK_TOKEN, type TestService } from '../../../support/test-service.js';

/** Monday 09:15 in Kolkata: inside the default calling window. */
export const START = '2026-03-02T03:45:00.000Z';
export const CALLER_ID = '+918047112233';

/** The sandbox plays calls out but posts no callback: the tests post them, exactly as they want them. */
const SILENT_PROFILE = new URL('./fixtures/silent-callbacks.profile.json', import.meta.url).pathname;

let serial = 0;
/** Distinct valid Indian mobile numbers per test file run. */
export const agentPhone = () => `+9199${String(20_000_000 + (serial += 1))}`;
export const customerPhone = () => `+9198${String(30_000_000 + (serial += 1))}`;
/** The national form Exotel sends: `0` + the ten digits. */
export const national = (e164: string) => `0${e164.slice(3)}`;

/** The real service on a virtual clock (time moves only when a test says so), with the sandbox as provider. */
export class WebhookKit {
  private commandNo = 0;

  private constructor(
    readonly service: TestService,
    readonly clock: VirtualClock,
  ) {}

  static async start(): Promise<WebhookKit> {
    const clock = new VirtualClock(START);
    const service = await startTestService({ SANDBOX_PROFILE: SILENT_PROFILE }, { clock });
    return new WebhookKit(service, clock);
  }

  get dialer(): Dialer {
    return this.service.app.get(DialerService).dialer;
  }

  get sandbox(): Sandbox {
    return this.service.app.get<Sandbox>(SANDBOX);
  }

  get store(): EventStore {
    return this.service.app.get<EventStore>(EVENT_STORE);
  }

  nowIso(): string {
    return new Date(this.clock.now()).toISOString();
  }

  /** A webhook URL with the right token; `token: null` leaves it out. */
  url(path: string, query: Record<string, string> = {}, token: string | null = TEST_WEBHOOK_TOKEN): string {
    const params = new URLSearchParams({ ...(token === null ? {} : { token }), ...query });
    return `${this.service.baseUrl}${path}?${params.toString()}`;
  }

  async createCampaign(
    campaignId: string,
    settings: Partial<CampaignSettingsInput> = {},
    start = false,
  ): Promise<void> {
    const at = this.nowIso();
    await this.campaign({
      type: 'CreateCampaign',
      campaignId,
      at,
      settings: { name: `Campaign ${campaignId}`, callerId: CALLER_ID, provider: 'sandbox', ...settings },
    });
    if (start) await this.campaign({ type: 'StartCampaign', campaignId, at });
  }

  async startCampaign(campaignId: string): Promise<void> {
    await this.campaign({ type: 'StartCampaign', campaignId, at: this.nowIso() });
  }

  /** Registers an agent, assigns them to the campaigns and makes them ready (idle from now). */
  async readyAgent(agentId: string, phone: string, campaignIds: readonly string[]): Promise<void> {
    const at = this.nowIso();
    await this.agent({ type: 'RegisterAgent', agentId, name: `Agent ${agentId}`, phone, at });
    for (const campaignId of campaignIds)
      await this.campaign({ type: 'AssignAgent', campaignId, agentId, at });
    await this.agent({ type: 'MakeAgentAvailable', agentId, at });
  }

  async addContact(contactId: string, campaignId: string, phone: string, dueAt?: string): Promise<void> {
    const at = this.nowIso();
    await this.contact({
      type: 'AddContact',
      contactId,
      campaignId,
      phone,
      at,
      ...(dueAt === undefined ? {} : { dueAt }),
    });
  }

  /** Waits until the dialer and the sandbox have nothing under way. */
  async settle(): Promise<void> {
    await quiesce(this.service);
  }

  async events(streamId: string): Promise<StoredEvent[]> {
    const events: StoredEvent[] = [];
    for await (const event of this.store.readStream(streamId)) events.push(event);
    return events;
  }

  agentEvents(agentId: string): Promise<StoredEvent[]> {
    return this.events(streamOf.agent(agentId));
  }

  contactEvents(contactId: string): Promise<StoredEvent[]> {
    return this.events(streamOf.contact(contactId));
  }

  async allEvents(): Promise<StoredEvent[]> {
    const events: StoredEvent[] = [];
    for await (const event of this.store.readAll()) events.push(event);
    return events;
  }

  /** The call the sandbox was asked to place to this customer. */
  callTo(customer: string): SandboxCall {
    const call = this.sandbox.calls.find((placed) => placed.customerNumber === customer);
    if (call === undefined) throw new Error(`no call was placed to ${customer}`);
    return call;
  }

  /** Polls (real time) until the condition holds: the dialer's index follows the store a moment later. */
  async until(condition: () => boolean, what: string, timeoutMs = 5_000): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    while (!condition()) {
      if (Date.now() > deadline) throw new Error(`timed out waiting until ${what}`);
      await new Promise((resolve) => setTimeout(resolve, 5));
    }
  }

  close(): Promise<void> {
    return this.service.close();
  }

  private campaign(command: CampaignCommandMessage['command']): Promise<unknown> {
    return this.bus.execute(new CampaignCommandMessage(command, this.context()));
  }

  private agent(command: AgentCommandMessage['command']): Promise<unknown> {
    return this.bus.execute(new AgentCommandMessage(command, this.context()));
  }

  private contact(command: ContactCommandMessage['command']): Promise<unknown> {
    return this.bus.execute(new ContactCommandMessage(command, this.context()));
  }

  private get bus(): CommandBus {
    return this.service.app.get(CommandBus);
  }

  private context() {
    return { commandId: `test-setup-${(this.commandNo += 1)}`, actor: 'test' };
  }
}
