import type { WebhookKit } from './webhook-test-kit.js';

export const DIAL_WHOM = '/webhooks/exotel/dial-whom';
export const CCM_CONNECT = '/webhooks/ccm/connect';

export interface DialWhomReply {
  readonly status: number;
  readonly contentType: string;
  readonly body: string;
  /** Wall-clock time to the answer (a sanity bound only, not a benchmark). */
  readonly ms: number;
}

/** One GET from Exotel's Connect applet, the way Exotel sends it (query parameters; numbers often national). */
export async function askWhom(
  kit: WebhookKit,
  query: Record<string, string>,
  path = DIAL_WHOM,
  token?: string | null,
): Promise<DialWhomReply> {
  const started = performance.now();
  const response = await fetch(kit.url(path, query, token));
  const body = await response.text();
  return {
    status: response.status,
    contentType: response.headers.get('content-type') ?? '',
    body,
    ms: performance.now() - started,
  };
}

/** The number(s) a classic answer names, checked to be a 200 text/plain answer. */
export function numbersIn(reply: DialWhomReply): string[] {
  if (reply.status !== 200 || !reply.contentType.startsWith('text/plain')) {
    throw new Error(`not a Dial Whom answer: ${reply.status} ${reply.contentType} ${reply.body}`);
  }
  return reply.body === '' ? [] : reply.body.split(',');
}
