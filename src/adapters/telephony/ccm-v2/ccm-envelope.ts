import { isRecord, optionalText, type PayloadRecord } from '../shared/payload-reading.js';

/** What we read of the CCM envelope `{request_id, method, http_code, metadata, response: {code, status, error_data, data}}`. */
export interface CcmEnvelope {
  readonly status?: 'success' | 'failure';
  readonly httpCode?: number;
  readonly errorCode?: number;
  readonly errorMessage?: string;
  readonly data?: PayloadRecord;
}

export function readCcmEnvelope(json: unknown): CcmEnvelope {
  if (!isRecord(json)) return {};
  const response = isRecord(json['response']) ? json['response'] : {};
  const errorData = isRecord(response['error_data']) ? response['error_data'] : {};
  const status = optionalText(response, 'status')?.toLowerCase();
  const httpCode = numberOf(json['http_code']) ?? numberOf(response['code']);
  const errorCode = numberOf(errorData['code']);
  const errorMessage = optionalText(errorData, 'message') ?? optionalText(errorData, 'description');
  const data = isRecord(response['data']) ? response['data'] : undefined;
  return {
    ...(status === 'success' || status === 'failure' ? { status } : {}),
    ...(httpCode !== undefined ? { httpCode } : {}),
    ...(errorCode !== undefined ? { errorCode } : {}),
    ...(errorMessage !== undefined ? { errorMessage } : {}),
    ...(data !== undefined ? { data } : {}),
  };
}

function numberOf(value: unknown): number | undefined {
  const number = typeof value === 'string' && value.trim() !== '' ? Number(value) : value;
  return typeof number === 'number' && Number.isInteger(number) ? number : undefined;
}
