import { z } from 'zod';
import { AgentListResponse, AgentResponse, ListAgentsQuery } from '../agents/agent.response.js';
import { DispositionRequest } from '../agents/disposition.request.js';
import { PauseAgentRequest } from '../agents/pause-agent.request.js';
import { RegisterAgentRequest } from '../agents/register-agent.request.js';
import { AssignAgentsRequest } from '../campaigns/campaign-agents.request.js';
import {
  CampaignListResponse,
  CampaignResponse,
  ListCampaignsQuery,
} from '../campaigns/campaign.response.js';
import { CreateCampaignRequest } from '../campaigns/create-campaign.request.js';
import { PauseCampaignRequest } from '../campaigns/pause-campaign.request.js';
import { UpdateCampaignRequest } from '../campaigns/update-campaign.request.js';
import { ContactResponse } from '../contacts/contact.response.js';
import { ImportContactsCsvRequest, ImportContactsJsonRequest } from '../contacts/import-contacts.request.js';
import { ImportContactsResponse } from '../contacts/import-contacts.response.js';
import { AddToDoNotCallRequest } from '../dnc/dnc.request.js';
import { DoNotCallListResponse, DoNotCallResponse } from '../dnc/dnc.response.js';
import { AgentStatsResponse } from '../stats/agent-stats.response.js';
import { CampaignStatsResponse } from '../stats/campaign-stats.response.js';
import { StatsQuery } from '../stats/stats.request.js';
import { EventsQuery } from '../../events/events.request.js';
import { HistoryResponse } from './history.response.js';

const SseStream = z
  .string()
  .describe('`id: <position>` / `event: <type>` / `data: <JSON>` messages, separated by blank lines');

export type HttpMethod = 'get' | 'post' | 'patch' | 'delete';

/** One route as the OpenAPI document shows it, with the zod schemas its controller validates and answers with. */
export interface ApiRouteDoc {
  readonly method: HttpMethod;
  /** OpenAPI form: `/api/campaigns/{id}`. */
  readonly path: string;
  readonly tag: string;
  readonly summary: string;
  readonly description?: string;
  readonly query?: z.ZodObject;
  readonly body?: z.ZodType;
  /** A `text/csv` alternative to the JSON body. */
  readonly csvBody?: z.ZodType;
  readonly bodyRequired?: boolean;
  readonly success: {
    readonly status: number;
    readonly description: string;
    readonly schema: z.ZodType;
    /** Default application/json. */
    readonly contentType?: string;
  };
  /** Extra request headers the route reads. */
  readonly headers?: readonly { readonly name: string; readonly description: string }[];
  /** Error answers besides 401 (every route) and 400 (every route with input). */
  readonly errors?: readonly number[];
}

const campaign = (summary: string, extra: Partial<ApiRouteDoc> = {}): ApiRouteDoc => ({
  method: 'post',
  path: '/api/campaigns/{id}',
  tag: 'campaigns',
  summary,
  success: { status: 200, description: 'The campaign after the change', schema: CampaignResponse },
  errors: [404, 409],
  ...extra,
});

const agent = (path: string, summary: string, extra: Partial<ApiRouteDoc> = {}): ApiRouteDoc => ({
  method: 'post',
  path: `/api/agents/{id}${path}`,
  tag: 'agents',
  summary,
  success: { status: 200, description: 'The agent after the change', schema: AgentResponse },
  errors: [404, 409],
  ...extra,
});

export const API_ROUTES: readonly ApiRouteDoc[] = [
  {
    method: 'post',
    path: '/api/campaigns',
    tag: 'campaigns',
    summary: 'Create a campaign (draft)',
    body: CreateCampaignRequest,
    bodyRequired: true,
    success: { status: 201, description: 'The new campaign', schema: CampaignResponse },
    errors: [404, 409],
  },
  {
    method: 'get',
    path: '/api/campaigns',
    tag: 'campaigns',
    summary: 'List campaigns',
    query: ListCampaignsQuery,
    success: { status: 200, description: 'Every campaign, oldest first', schema: CampaignListResponse },
  },
  {
    ...campaign('Get a campaign'),
    method: 'get',
    success: { status: 200, description: 'The campaign', schema: CampaignResponse },
    errors: [404],
  },
  campaign('Change settings (while draft or paused)', {
    method: 'patch',
    body: UpdateCampaignRequest,
    bodyRequired: true,
  }),
  campaign('Start a draft campaign', { path: '/api/campaigns/{id}/start' }),
  campaign('Pause a running campaign', { path: '/api/campaigns/{id}/pause', body: PauseCampaignRequest }),
  campaign('Resume a paused campaign', { path: '/api/campaigns/{id}/resume' }),
  campaign('Stop a campaign for good', { path: '/api/campaigns/{id}/stop' }),
  campaign('Assign agents', {
    path: '/api/campaigns/{id}/agents',
    body: AssignAgentsRequest,
    bodyRequired: true,
    errors: [404],
  }),
  campaign('Unassign an agent', {
    method: 'delete',
    path: '/api/campaigns/{id}/agents/{agentId}',
    errors: [404],
  }),
  {
    method: 'post',
    path: '/api/campaigns/{id}/contacts',
    tag: 'contacts',
    summary: 'Import contacts (JSON array or CSV)',
    description:
      'Numbers are normalised to E.164; a number already in the campaign (or repeated) is skipped as a duplicate; a bad row is rejected with its line and reason and the rest are imported. Importing the same list again adds nothing. CSV is streamed: any size. A stopped or completed campaign takes no more contacts (409).',
    body: ImportContactsJsonRequest,
    csvBody: ImportContactsCsvRequest,
    bodyRequired: true,
    success: { status: 200, description: 'What the import did', schema: ImportContactsResponse },
    errors: [404, 409, 415],
  },
  {
    method: 'get',
    path: '/api/campaigns/{id}/stats',
    tag: 'stats',
    summary: 'Campaign stats (live, or as of a moment)',
    query: StatsQuery,
    success: { status: 200, description: 'The counters', schema: CampaignStatsResponse },
    errors: [404],
  },
  {
    method: 'get',
    path: '/api/campaigns/{id}/history',
    tag: 'history',
    summary: 'Audit trail of a campaign',
    success: { status: 200, description: 'Its events', schema: HistoryResponse },
  },
  {
    method: 'get',
    path: '/api/contacts/{id}',
    tag: 'contacts',
    summary: 'Get a contact with its attempts',
    success: { status: 200, description: 'The contact', schema: ContactResponse },
    errors: [404],
  },
  {
    method: 'delete',
    path: '/api/contacts/{id}',
    tag: 'contacts',
    summary: 'Remove a contact from its campaign',
    success: { status: 200, description: 'The contact, done (removed)', schema: ContactResponse },
    errors: [404, 409],
  },
  {
    method: 'get',
    path: '/api/contacts/{id}/history',
    tag: 'history',
    summary: 'Audit trail of a contact',
    success: { status: 200, description: 'Its events', schema: HistoryResponse },
  },
  {
    method: 'post',
    path: '/api/agents',
    tag: 'agents',
    summary: 'Register an agent',
    body: RegisterAgentRequest,
    bodyRequired: true,
    success: { status: 201, description: 'The new agent (offline)', schema: AgentResponse },
    errors: [404, 409],
  },
  {
    method: 'get',
    path: '/api/agents',
    tag: 'agents',
    summary: 'List agents with their presence',
    query: ListAgentsQuery,
    success: { status: 200, description: 'The agents', schema: AgentListResponse },
  },
  agent('', 'Get an agent', {
    method: 'get',
    success: { status: 200, description: 'The agent', schema: AgentResponse },
    errors: [404],
  }),
  agent('/ready', 'Make an agent available'),
  agent('/pause', 'Pause an agent (after the call when busy)', {
    body: PauseAgentRequest,
    bodyRequired: true,
  }),
  agent('/logout', 'Log an agent out (after the call when busy)'),
  agent('/disposition', 'Record the disposition of the agent’s call', {
    body: DispositionRequest,
    bodyRequired: true,
    success: { status: 200, description: 'The contact after the disposition', schema: ContactResponse },
  }),
  {
    method: 'get',
    path: '/api/agents/{id}/stats',
    tag: 'stats',
    summary: 'Agent stats (live, or as of a moment)',
    query: StatsQuery,
    success: { status: 200, description: 'The counters', schema: AgentStatsResponse },
    errors: [404],
  },
  {
    method: 'get',
    path: '/api/agents/{id}/history',
    tag: 'history',
    summary: 'Audit trail of an agent',
    success: { status: 200, description: 'Its events', schema: HistoryResponse },
  },
  {
    method: 'get',
    path: '/api/events',
    tag: 'events',
    summary: 'Live feed of stored events (server-sent events)',
    description:
      'Each message: `id:` the global position, `event:` the event type, `data:` the event as JSON. Resumable: send `Last-Event-ID` (or `?lastEventId=`) to continue strictly after that position. EventSource clients may pass the API key as `?access_token=`.',
    query: EventsQuery,
    headers: [{ name: 'Last-Event-ID', description: 'Resume strictly after this global position' }],
    success: {
      status: 200,
      description: 'A text/event-stream that stays open',
      schema: SseStream,
      contentType: 'text/event-stream',
    },
  },
  {
    method: 'get',
    path: '/api/dnc',
    tag: 'do-not-call',
    summary: 'Numbers on the do-not-call list',
    success: { status: 200, description: 'The list', schema: DoNotCallListResponse },
  },
  {
    method: 'get',
    path: '/api/dnc/{phone}',
    tag: 'do-not-call',
    summary: 'Whether a number is on the list',
    success: { status: 200, description: 'The number', schema: DoNotCallResponse },
  },
  {
    method: 'post',
    path: '/api/dnc/{phone}',
    tag: 'do-not-call',
    summary: 'Add a number to the do-not-call list (checked before every dial)',
    body: AddToDoNotCallRequest,
    success: { status: 200, description: 'The number, listed', schema: DoNotCallResponse },
  },
  {
    method: 'delete',
    path: '/api/dnc/{phone}',
    tag: 'do-not-call',
    summary: 'Remove a number from the list',
    success: { status: 200, description: 'The number, no longer listed', schema: DoNotCallResponse },
    errors: [404],
  },
];
