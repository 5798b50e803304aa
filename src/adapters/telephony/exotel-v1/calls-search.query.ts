import { TelephonyError, type FindCallsQuery } from '../../../application/ports/telephony.port.js';
import { toExotelV1Time } from '../shared/kolkata-time.js';

/** Query of the v1 bulk call details (`GET …/Calls.json`): calls to one number created since a time (India time). */
export function callsSearchQuery(query: FindCallsQuery): string {
  const since = Date.parse(query.since);
  if (!Number.isFinite(since))
    throw new TelephonyError(
      'bad-request',
      `findCalls: since is not an ISO-8601 time: ${query.since}`,
      false,
    );
  const parameters: Array<[string, string]> = [
    ['To', query.customerPhone],
    ['DateCreated', `gte:${toExotelV1Time(since)}`],
  ];
  return parameters.map(([key, value]) => `${key}=${encodeURIComponent(value)}`).join('&');
}
