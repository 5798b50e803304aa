import { describe, expect, it } from '@jest/globals';
import { connectCallForm } from '../../../../src/adapters/telephony/exotel-v1/connect-call.form.js';
import { TelephonyError } from '../../../../src/application/ports/telephony.port.js';
import { placeCallFor } from '../support/call-fixtures.js';

describe('v1 connect form', () => {
  it('sends the callback events as indexed keys, not one comma-joined value', () => {
    const body = connectCallForm(
      placeCallFor('https://dialer.example/webhooks/exotel/status?token=t'),
    ).toString();
    expect(body).toContain('StatusCallbackEvents%5B0%5D=terminal');
    expect(body).toContain('StatusCallbackEvents%5B1%5D=answered');
    expect(body).not.toMatch(/terminal%2Canswered|answered%2Cterminal/);
  });

  it('refuses an attempt id longer than the 128 characters Exotel keeps', () => {
    expect(
      connectCallForm(placeCallFor('https://x.example', { attemptId: 'a'.repeat(128) })).get('CustomField'),
    ).toHaveLength(128);
    const tooLong = () => connectCallForm(placeCallFor('https://x.example', { attemptId: 'a'.repeat(129) }));
    expect(tooLong).toThrow(TelephonyError);
    expect(tooLong).toThrow(/at most 128/);
  });
});
