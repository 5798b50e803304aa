import type { ServiceProcess } from './service-process.js';

export const CAMPAIGN_ID = 'faults';
export const MAX_ATTEMPTS = 3;
export const RING_TIMEOUT_SEC = 5;
export const MAX_CALL_DURATION_SEC = 30;

export const agentId = (n: number) => `agent-${n}`;
export const agentPhone = (n: number) => `+9199${String(10_000_000 + n)}`;
export const contactId = (n: number) => `contact-${String(n).padStart(4, '0')}`;
export const contactPhone = (n: number) => `+9198${String(10_000_000 + n)}`;

export interface CampaignPlan {
  readonly agents: number;
  readonly contacts: number;
}

/**
 * Through the HTTP API, as an operator would: a campaign open around the clock with short ring time, call length and
 * retry delays (so retries and the watchdog come within seconds), its agents registered, assigned and ready, its
 * contacts imported; then started.
 */
export async function setUpCampaign(service: ServiceProcess, plan: CampaignPlan): Promise<void> {
  const retryRule = { retryAfterSec: 1, maxAttempts: MAX_ATTEMPTS };
  await service.call('/api/campaigns', {
    json: {
      id: CAMPAIGN_ID,
      name: 'Crash and restart',
      provider: 'exotel-v1',
      window: { timeZone: 'Asia/Kolkata', days: [1, 2, 3, 4, 5, 6, 7], from: '00:00', to: '23:59' },
      retry: { busy: retryRule, 'no-answer': retryRule, failed: retryRule },
      ringTimeoutSec: RING_TIMEOUT_SEC,
      maxCallDurationSec: MAX_CALL_DURATION_SEC,
      wrapUpSec: 0,
    },
  });
  for (let n = 1; n <= plan.agents; n += 1) {
    await service.call('/api/agents', {
      json: { id: agentId(n), name: `Agent ${n}`, phone: agentPhone(n), campaigns: [CAMPAIGN_ID] },
    });
    await service.call(`/api/agents/${agentId(n)}/ready`, { method: 'POST' });
  }
  await addContacts(service, 1, plan.contacts);
  await service.call(`/api/campaigns/${CAMPAIGN_ID}/start`, { method: 'POST' });
}

/** Imports contacts number `first` … `first + count - 1` (JSON). */
export async function addContacts(service: ServiceProcess, first: number, count: number): Promise<void> {
  const contacts = Array.from({ length: count }, (_, i) => ({
    id: contactId(first + i),
    phone: contactPhone(first + i),
    name: `Customer ${first + i}`,
  }));
  const imported = await service.call<{ imported: number }>(`/api/campaigns/${CAMPAIGN_ID}/contacts`, {
    json: contacts,
  });
  if (imported.imported !== count)
    throw new Error(`imported ${imported.imported} of ${count} contacts: ${JSON.stringify(imported)}`);
}

/** Contacts not done yet (queued, waiting for a retry, or on a call). */
export async function remainingContacts(service: ServiceProcess): Promise<number> {
  return (await service.call<{ queue: { remaining: number } }>(`/api/campaigns/${CAMPAIGN_ID}/stats`)).queue
    .remaining;
}

interface AgentView {
  readonly id: string;
  readonly status: string;
  readonly reason?: string;
  readonly attemptId?: string;
  readonly phone: string;
}

export async function listAgents(service: ServiceProcess): Promise<AgentView[]> {
  return (await service.call<{ agents: AgentView[] }>(`/api/agents?campaignId=${CAMPAIGN_ID}`)).agents;
}

/** What a supervisor does: agents paused after a missed call are made ready again. Errors (a killed service) are ignored. */
export async function readyMissedAgents(service: ServiceProcess): Promise<number> {
  let readied = 0;
  try {
    for (const agent of await listAgents(service)) {
      if (agent.status !== 'paused' || agent.reason !== 'missed-call') continue;
      const { status } = await service.api(`/api/agents/${agent.id}/ready`, { method: 'POST' });
      if (status === 200) readied += 1;
    }
  } catch {
    // the service went away mid-round: the next life's supervisor carries on
  }
  return readied;
}

export async function campaignStatus(service: ServiceProcess): Promise<string | undefined> {
  try {
    const { status, body } = await service.api<{ status: string }>(`/api/campaigns/${CAMPAIGN_ID}`, {
      timeoutMs: 3_000,
    });
    return status === 200 ? body.status : undefined;
  } catch {
    return undefined;
  }
}

/**
 * A supervisor loop: readies missed agents every `everyMs` until stopped, through the first of `services` that is
 * running (the agent then tends to stay with the instance that readied it).
 */
export function supervise(
  services: ServiceProcess | readonly ServiceProcess[],
  everyMs = 200,
): { stop(): Promise<number> } {
  const candidates = Array.isArray(services) ? services : [services as ServiceProcess];
  let running = true;
  let readied = 0;
  const loop = (async () => {
    while (running) {
      const service = candidates.find((candidate) => candidate.isRunning());
      if (service !== undefined) readied += await readyMissedAgents(service);
      await new Promise((resolve) => setTimeout(resolve, everyMs));
    }
  })();
  return {
    stop: async () => {
      running = false;
      await loop;
      return readied;
    },
  };
}
