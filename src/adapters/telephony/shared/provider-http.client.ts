import { request, type Dispatcher } from 'undici';
import { TelephonyError } from '../../../application/ports/telephony.port.js';

export interface ProviderHttpOptions {
  readonly baseUrl: string;
  readonly apiKey: string;
  readonly apiToken: string;
  readonly requestTimeoutMs: number;
  readonly dispatcher?: Dispatcher;
}

export interface ProviderRequest {
  readonly method: 'GET' | 'POST';
  /** Starts with `/`; may carry a query string. */
  readonly path: string;
  readonly body?: { readonly contentType: string; readonly text: string };
}

export interface ProviderResponse {
  readonly status: number;
  /** The parsed body; undefined when it is not JSON. */
  readonly json: unknown;
}

const TIMEOUT_CODES = new Set(['UND_ERR_HEADERS_TIMEOUT', 'UND_ERR_BODY_TIMEOUT', 'UND_ERR_CONNECT_TIMEOUT']);

/**
 * A thin undici client for the provider: Basic auth in a header (never in the URL), one deadline covering the
 * whole exchange, and transport failures turned into `timeout` / `network` TelephonyErrors.
 */
export class ProviderHttpClient {
  readonly #baseUrl: string;
  // Private: the adapter object may be logged or inspected, the credentials must not show.
  readonly #authorization: string;
  readonly #timeoutMs: number;
  readonly #dispatcher: Dispatcher | undefined;

  constructor(options: ProviderHttpOptions) {
    this.#baseUrl = options.baseUrl.replace(/\/+$/, '');
    this.#authorization = `Basic ${Buffer.from(`${options.apiKey}:${options.apiToken}`).toString('base64')}`;
    this.#timeoutMs = options.requestTimeoutMs;
    this.#dispatcher = options.dispatcher;
  }

  async send(operation: string, providerRequest: ProviderRequest): Promise<ProviderResponse> {
    const deadline = new AbortController();
    const timer = setTimeout(() => deadline.abort(), this.#timeoutMs);
    try {
      const response = await request(`${this.#baseUrl}${providerRequest.path}`, {
        method: providerRequest.method,
        headers: this.#headers(providerRequest),
        body: providerRequest.body?.text,
        signal: deadline.signal,
        ...(this.#dispatcher ? { dispatcher: this.#dispatcher } : {}),
      });
      const text = await response.body.text();
      return { status: response.statusCode, json: parseJsonOrUndefined(text) };
    } catch (error) {
      throw transportError(operation, error, deadline.signal.aborted, this.#timeoutMs);
    } finally {
      clearTimeout(timer);
    }
  }

  #headers(providerRequest: ProviderRequest): Record<string, string> {
    const headers: Record<string, string> = {
      authorization: this.#authorization,
      accept: 'application/json',
    };
    if (providerRequest.body) headers['content-type'] = providerRequest.body.contentType;
    return headers;
  }
}

function parseJsonOrUndefined(text: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return undefined;
  }
}

function transportError(
  operation: string,
  error: unknown,
  timedOut: boolean,
  timeoutMs: number,
): TelephonyError {
  const code = errorCode(error);
  if (timedOut || (code !== undefined && TIMEOUT_CODES.has(code))) {
    return new TelephonyError(
      'timeout',
      `${operation}: no answer from the provider within ${timeoutMs} ms`,
      true,
    );
  }
  return new TelephonyError(
    'network',
    `${operation}: connection to the provider failed (${code ?? 'unknown error'})`,
    true,
  );
}

function errorCode(error: unknown): string | undefined {
  if (typeof error !== 'object' || error === null) return undefined;
  const { code, cause } = error as { code?: unknown; cause?: unknown };
  if (typeof code === 'string') return code;
  return cause === undefined ? undefined : errorCode(cause);
}
