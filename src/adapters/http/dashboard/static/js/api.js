/** The REST API with the key from the form: `Authorization: Bearer <key>` on every call. */

const KEY_STORAGE = 'dialer.apiKey';

export class AuthError extends Error {}

export class ApiError extends Error {
  constructor(status, body) {
    super(body?.message ?? `the service answered ${status}`);
    this.status = status;
    this.body = body;
  }
}

export const storedKey = () => localStorage.getItem(KEY_STORAGE) ?? undefined;
export const saveKey = (key) => localStorage.setItem(KEY_STORAGE, key);
export const forgetKey = () => localStorage.removeItem(KEY_STORAGE);

/** crypto.randomUUID needs a secure context; a dashboard on a LAN address over plain HTTP is not one. */
function idempotencyKey() {
  const bytes = crypto.getRandomValues(new Uint8Array(16));
  return `dashboard-${Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('')}`;
}

export function apiClient(key) {
  async function request(method, path, body) {
    const headers = { authorization: `Bearer ${key}`, accept: 'application/json' };
    if (method === 'POST') headers['idempotency-key'] = idempotencyKey();
    if (body !== undefined) headers['content-type'] = 'application/json';
    const response = await fetch(path, {
      method,
      headers,
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
    if (response.status === 401) throw new AuthError('the API key was refused');
    const payload = await response.json().catch(() => undefined);
    if (!response.ok) throw new ApiError(response.status, payload);
    return payload;
  }
  const id = encodeURIComponent;
  return {
    key,
    campaigns: () => request('GET', '/api/campaigns'),
    campaign: (campaignId) => request('GET', `/api/campaigns/${id(campaignId)}`),
    stats: (campaignId) => request('GET', `/api/campaigns/${id(campaignId)}/stats`),
    agents: (campaignId) => request('GET', `/api/agents?campaignId=${id(campaignId)}`),
    control: (campaignId, action) =>
      request(
        'POST',
        `/api/campaigns/${id(campaignId)}/${action}`,
        action === 'pause' ? { reason: 'paused from the dashboard' } : undefined,
      ),
  };
}
