import { z } from 'zod';
import { ID_PATTERN } from '../../../application/events/streams.js';

/** A global position as the feed sends it in `id:` (a bigint written in decimal). */
const Position = z.string().regex(/^\d{1,20}$/, 'must be a global position: decimal digits');
const TYPE_NAME = /^[A-Za-z][A-Za-z0-9]{0,99}$/;

const TypeList = z
  .union([z.string(), z.array(z.string())])
  .transform((value) =>
    (Array.isArray(value) ? value : [value])
      .flatMap((part) => part.split(','))
      .map((name) => name.trim())
      .filter((name) => name !== ''),
  )
  .pipe(z.array(z.string().regex(TYPE_NAME, 'must be event type names separated by commas')).max(100));

export const EventsQuery = z.strictObject({
  access_token: z
    .string()
    .optional()
    .describe('The API key, for clients that cannot send headers (EventSource)'),
  lastEventId: Position.optional().describe(
    'Start strictly after this position (the Last-Event-ID header wins)',
  ),
  types: TypeList.optional().describe('Only these event types, e.g. CallTerminated,AgentPaused'),
  campaignId: z.string().regex(ID_PATTERN, 'must be a campaign id').optional(),
  phones: z
    .enum(['masked', 'full'])
    .default('masked')
    .describe('Phone numbers show their last 4 digits unless full'),
});

/** What a client asked of the feed. */
export interface FeedRequest {
  /** Exclusive: deliver events strictly after this position; undefined = from what is stored now on. */
  readonly after?: bigint;
  readonly types?: ReadonlySet<string>;
  readonly campaignId?: string;
  readonly phones: 'masked' | 'full';
}

/** Validates the query and the `Last-Event-ID` header (a ZodError answers 400 naming the field). */
export function parseFeedRequest(
  query: unknown,
  lastEventIdHeader: string | string[] | undefined,
): FeedRequest {
  const { lastEventId, types, campaignId, phones } = EventsQuery.parse(query ?? {});
  const header = Array.isArray(lastEventIdHeader) ? lastEventIdHeader[0] : lastEventIdHeader;
  const resumeFrom =
    header === undefined || header.trim() === ''
      ? lastEventId
      : z.object({ 'Last-Event-ID': Position }).parse({ 'Last-Event-ID': header.trim() })['Last-Event-ID'];
  return {
    ...(resumeFrom === undefined ? {} : { after: BigInt(resumeFrom) }),
    ...(types === undefined || types.length === 0 ? {} : { types: new Set(types) }),
    ...(campaignId === undefined ? {} : { campaignId }),
    phones,
  };
}
