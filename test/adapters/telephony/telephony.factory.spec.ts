import { describe, expect, it } from '@jest/globals';
import { CcmV2Telephony } from '../../../src/adapters/telephony/ccm-v2/ccm-v2.telephony.js';
import { ExotelV1Telephony } from '../../../src/adapters/telephony/exotel-v1/exotel-v1.telephony.js';
import { createTelephony } from '../../../src/adapters/telephony/telephony.factory.js';
import { startSandbox } from '../../../src/adapters/telephony/sandbox/sandbox.js';
import { ACCOUNT_SID, API_KEY, API_TOKEN, CUSTOMER_PHONE, placeCallFor } from './support/call-fixtures.js';
import { scriptedProfile } from './support/test-profiles.js';

const config = {
  exotelBaseUrl: 'https://api.exotel.com',
  ccmBaseUrl: 'https://ccm-api.exotel.com',
  accountSid: ACCOUNT_SID,
  apiKey: API_KEY,
  apiToken: API_TOKEN,
};

describe('createTelephony', () => {
  it('picks the adapter of the configured provider', () => {
    expect(createTelephony({ ...config, provider: 'exotel-v1' })).toBeInstanceOf(ExotelV1Telephony);
    expect(createTelephony({ ...config, provider: 'exotel-v1' }).provider).toBe('exotel-v1');
    expect(createTelephony({ ...config, provider: 'ccm-v2' })).toBeInstanceOf(CcmV2Telephony);
    expect(createTelephony({ ...config, provider: 'ccm-v2' }).provider).toBe('ccm-v2');
  });

  it('serves the sandbox with the v1 adapter, reporting itself as sandbox', async () => {
    const sandbox = await startSandbox({
      accountSid: ACCOUNT_SID,
      apiKey: API_KEY,
      apiToken: API_TOKEN,
      profile: scriptedProfile(),
    });
    try {
      const telephony = createTelephony({ ...config, provider: 'sandbox', exotelBaseUrl: sandbox.baseUrl });
      expect(telephony).toBeInstanceOf(ExotelV1Telephony);
      expect(telephony.provider).toBe('sandbox');
      const { callSid } = await telephony.placeCall(placeCallFor('http://127.0.0.1:9/unused'));
      expect(sandbox.call(callSid)?.api).toBe('v1');
    } finally {
      await sandbox.close();
    }
  });

  it('lets CCM find calls through the v1 call search of the same account', async () => {
    const sandbox = await startSandbox({
      accountSid: ACCOUNT_SID,
      apiKey: API_KEY,
      apiToken: API_TOKEN,
      profile: scriptedProfile(),
    });
    try {
      const telephony = createTelephony({
        ...config,
        provider: 'ccm-v2',
        exotelBaseUrl: sandbox.baseUrl,
        ccmBaseUrl: sandbox.baseUrl,
      });
      const { callSid } = await telephony.placeCall(placeCallFor('http://127.0.0.1:9/unused'));
      const found = await telephony.findCalls({
        customerPhone: CUSTOMER_PHONE,
        since: new Date(Date.now() - 60_000).toISOString(),
      });
      expect(found.map((call) => call.callSid)).toEqual([callSid]);
    } finally {
      await sandbox.close();
    }
  });
});
