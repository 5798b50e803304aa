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
import { exotelTimeToIso } from '../shared/kolkata-time.js';
import { isSameNumber } from '../shared/phone-number.js';
import { isRecord, optionalText, type PayloadRecord } from '../shared/payload-reading.js';
import { ProviderHttpClient, type ProviderResponse } from '../shared/provider-http.client.js';
import { callProgressFromV1Call } from './call-details.mapper.js';
import { callsSearchQuery } from './calls-search.query.js';
import { connectCallForm } from './connect-call.form.js';
import { v1TelephonyError } from './exotel-v1.error-mapping.js';

export interface ExotelV1Options {
  /** e.g. `https://api.exotel.com` or `https://api.in.exotel.com`, or the sandbox's base URL. */
  readonly baseUrl: string;
  readonly accountSid: string;
  readonly apiKey: string;
  readonly apiToken: string;
  /** Deadline for one whole request, default 10 000 ms. */
  readonly requestTimeoutMs?: number;
  readonly dispatcher?: Dispatcher;
  /** What the adapter reports itself as: the sandbox speaks v1. Default `exotel-v1`. */
  readonly provider?: 'exotel-v1' | 'sandbox';
}

export const DEFAULT_REQUEST_TIMEOUT_MS = 10_000;

const FORM = 'application/x-www-form-urlencoded';

/** Exotel v1: Connect Two Numbers, Call Details and the bulk call search (PROVIDERS.md sections 2 and 6). */
export class ExotelV1Telephony implements Telephony {
  readonly provider: 'exotel-v1' | 'sandbox';
  readonly #http: ProviderHttpClient;
  readonly #callsPath: string;

  constructor(options: ExotelV1Options) {
    this.provider = options.provider ?? 'exotel-v1';
    this.#http = new ProviderHttpClient({
      ...options,
      requestTimeoutMs: options.requestTimeoutMs ?? DEFAULT_REQUEST_TIMEOUT_MS,
    });
    this.#callsPath = `/v1/Accounts/${encodeURIComponent(options.accountSid)}/Calls`;
  }

  async placeCall(call: PlaceCall): Promise<PlacedCall> {
    const form = connectCallForm(call);
    const response = await this.#http.send('placeCall', {
      method: 'POST',
      path: `${this.#callsPath}/connect.json`,
      body: { contentType: FORM, text: form.toString() },
    });
    if (!isSuccess(response)) throw v1TelephonyError('placeCall', response.status, response.json);
    const callSid = optionalText(callOf(response.json) ?? {}, 'Sid');
    // accepted, but we cannot tell which call: as unknown as a 5xx
    if (callSid === undefined)
      throw new TelephonyError(
        'provider-fault',
        'placeCall: the answer carried no Call.Sid',
        true,
        undefined,
        response.status,
      );
    return { callSid };
  }

  async getCall(callSid: string): Promise<CallProgress | undefined> {
    const response = await this.#http.send('getCall', {
      method: 'GET',
      path: `${this.#callsPath}/${encodeURIComponent(callSid)}.json?details=true`,
    });
    if (response.status === 404) return undefined;
    if (!isSuccess(response)) throw v1TelephonyError('getCall', response.status, response.json);
    const call = callOf(response.json);
    if (call === undefined) throw unreadable('getCall', 'the answer carried no Call', response.status);
    return mapped('getCall', call, response.status);
  }

  async findCalls(query: FindCallsQuery): Promise<CallProgress[]> {
    const response = await this.#http.send('findCalls', {
      method: 'GET',
      path: `${this.#callsPath}.json?${callsSearchQuery(query)}`,
    });
    if (!isSuccess(response)) throw v1TelephonyError('findCalls', response.status, response.json);
    const sinceSecond = Math.floor(Date.parse(query.since) / 1000) * 1000;
    return listedCalls(response.json)
      .filter((call) => isToNumber(call, query.customerPhone) && isCreatedSince(call, sinceSecond))
      .map((call) => mapped('findCalls', call, response.status));
  }
}

function isSuccess(response: ProviderResponse): boolean {
  return response.status >= 200 && response.status < 300;
}

function callOf(json: unknown): PayloadRecord | undefined {
  return isRecord(json) && isRecord(json['Call']) ? json['Call'] : undefined;
}

/** `{"Calls": [...]}`; tolerates a single `Call` too. */
function listedCalls(json: unknown): PayloadRecord[] {
  if (!isRecord(json)) return [];
  const calls = json['Calls'] ?? json['Call'];
  const list = Array.isArray(calls) ? calls : [calls];
  return list.filter(isRecord);
}

// Whether Exotel applies the filters to an E.164 number is not documented: check them again on what came back.
function isToNumber(call: PayloadRecord, customerPhone: string): boolean {
  const to = optionalText(call, 'To');
  return to === undefined || isSameNumber(to, customerPhone);
}

function isCreatedSince(call: PayloadRecord, sinceMs: number): boolean {
  const created = exotelTimeToIso(optionalText(call, 'DateCreated') ?? '');
  return created === undefined || Date.parse(created) >= sinceMs;
}

function mapped(operation: string, call: PayloadRecord, httpStatus: number): CallProgress {
  try {
    return callProgressFromV1Call(call);
  } catch (error) {
    if (error instanceof CallbackParseError) throw unreadable(operation, error.message, httpStatus);
    throw error;
  }
}

function unreadable(operation: string, reason: string, httpStatus: number): TelephonyError {
  return new TelephonyError(
    'provider-fault',
    `${operation}: unreadable answer (${reason})`,
    true,
    undefined,
    httpStatus,
  );
}
