import type { Dispatcher } from 'undici';
import {
  TelephonyError,
  type CallProgress,
  type FindCallsQuery,
  type PlaceCall,
  type PlacedCall,
  type Telephony,
} from '../../../application/ports/telephony.port.js';
import { CallbackParseError } from '../callback-parse.error.js';
import { isRecord, optionalText, type PayloadRecord } from '../shared/payload-reading.js';
import { ProviderHttpClient, type ProviderResponse } from '../shared/provider-http.client.js';
import { callProgressFromCcmCall } from './ccm-call.mapper.js';
import { readCcmEnvelope, type CcmEnvelope } from './ccm-envelope.js';
import { ccmTelephonyError, isCallNotFound } from './ccm-v2.error-mapping.js';
import { createCallRequest } from './create-call.request.js';

export interface CcmV2Options {
  /** e.g. `https://ccm-api.exotel.com` or `https://ccm-api.in.exotel.com`, or the sandbox's base URL. */
  readonly baseUrl: string;
  readonly accountSid: string;
  readonly apiKey: string;
  readonly apiToken: string;
  /** Deadline for one whole request, default 10 000 ms. */
  readonly requestTimeoutMs?: number;
  readonly dispatcher?: Dispatcher;
  /**
   * PROVIDERS.md documents no call search for CCM; the v1 bulk call details of the same account answers
   * `findCalls` when given.
   */
  readonly v1Fallback?: Pick<Telephony, 'findCalls'>;
}

const DEFAULT_REQUEST_TIMEOUT_MS = 10_000;

/** Exotel CCM v2 agent-context calls: the call proceeds only when the agent's device is on and free. */
export class CcmV2Telephony implements Telephony {
  readonly provider = 'ccm-v2' as const;
  readonly #http: ProviderHttpClient;
  readonly #callsPath: string;
  readonly #v1Fallback: Pick<Telephony, 'findCalls'> | undefined;

  constructor(options: CcmV2Options) {
    this.#http = new ProviderHttpClient({
      ...options,
      requestTimeoutMs: options.requestTimeoutMs ?? DEFAULT_REQUEST_TIMEOUT_MS,
    });
    this.#callsPath = `/v2/accounts/${encodeURIComponent(options.accountSid)}/calls`;
    this.#v1Fallback = options.v1Fallback;
  }

  async placeCall(call: PlaceCall): Promise<PlacedCall> {
    const body = JSON.stringify(createCallRequest(call));
    const response = await this.#http.send('placeCall', {
      method: 'POST',
      path: this.#callsPath,
      body: { contentType: 'application/json', text: body },
    });
    const envelope = readCcmEnvelope(response.json);
    if (!isSuccess(response, envelope)) throw ccmTelephonyError('placeCall', response.status, envelope);
    const callSid = optionalText(callData(envelope), 'call_sid');
    // accepted, but we cannot tell which call: as unknown as a 5xx
    if (callSid === undefined)
      throw new TelephonyError(
        'provider-fault',
        'placeCall: the answer carried no call_sid',
        true,
        undefined,
        response.status,
      );
    return { callSid };
  }

  async getCall(callSid: string): Promise<CallProgress | undefined> {
    const response = await this.#http.send('getCall', {
      method: 'GET',
      path: `${this.#callsPath}/${encodeURIComponent(callSid)}`,
    });
    const envelope = readCcmEnvelope(response.json);
    if (!isSuccess(response, envelope)) {
      if (isCallNotFound(response.status, envelope)) return undefined;
      throw ccmTelephonyError('getCall', response.status, envelope);
    }
    try {
      return callProgressFromCcmCall(callData(envelope), 'details', 'data');
    } catch (error) {
      if (!(error instanceof CallbackParseError)) throw error;
      throw new TelephonyError(
        'provider-fault',
        `getCall: unreadable answer (${error.message})`,
        true,
        undefined,
        response.status,
      );
    }
  }

  async findCalls(query: FindCallsQuery): Promise<CallProgress[]> {
    if (this.#v1Fallback === undefined)
      throw new TelephonyError('not-found', 'call search is not available on CCM v2', false);
    return this.#v1Fallback.findCalls(query);
  }
}

function isSuccess(response: ProviderResponse, envelope: CcmEnvelope): boolean {
  return response.status >= 200 && response.status < 300 && envelope.status !== 'failure';
}

/** `data` is the call itself; tolerate it wrapped as `data.call_details`. */
function callData(envelope: CcmEnvelope): PayloadRecord {
  const data = envelope.data ?? {};
  const wrapped = data['call_details'];
  return isRecord(wrapped) ? wrapped : data;
}
