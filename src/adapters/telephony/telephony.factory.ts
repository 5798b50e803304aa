import type { ProviderName, Telephony } from '../../application/ports/telephony.port.js';
import { CcmV2Telephony } from './ccm-v2/ccm-v2.telephony.js';
import { ExotelV1Telephony } from './exotel-v1/exotel-v1.telephony.js';

export interface TelephonyConfig {
  readonly provider: ProviderName;
  /** v1 API (`https://api.exotel.com`…); for `sandbox`, the sandbox's base URL. */
  readonly exotelBaseUrl: string;
  readonly ccmBaseUrl: string;
  readonly accountSid: string;
  readonly apiKey: string;
  readonly apiToken: string;
  readonly requestTimeoutMs?: number;
}

/** The Telephony adapter for the configured provider. The sandbox speaks the v1 API, so it gets the v1 adapter. */
export function createTelephony(config: TelephonyConfig): Telephony {
  const credentials = {
    accountSid: config.accountSid,
    apiKey: config.apiKey,
    apiToken: config.apiToken,
    ...(config.requestTimeoutMs !== undefined ? { requestTimeoutMs: config.requestTimeoutMs } : {}),
  };
  switch (config.provider) {
    case 'exotel-v1':
      return new ExotelV1Telephony({ ...credentials, baseUrl: config.exotelBaseUrl });
    case 'sandbox':
      return new ExotelV1Telephony({ ...credentials, baseUrl: config.exotelBaseUrl, provider: 'sandbox' });
    case 'ccm-v2':
      return new CcmV2Telephony({
        ...credentials,
        baseUrl: config.ccmBaseUrl,
        v1Fallback: new ExotelV1Telephony({ ...credentials, baseUrl: config.exotelBaseUrl }),
      });
  }
}
