import type { ProviderName, WebhookUrls } from '../../application/ports/telephony.port.js';

const PATHS: Record<ProviderName, string> = {
  'exotel-v1': '/webhooks/exotel/status',
  sandbox: '/webhooks/exotel/status',
  'ccm-v2': '/webhooks/ccm/status',
};

/** Status-callback URLs with the webhook token; the base is PUBLIC_BASE_URL, or this service's address once it listens. */
export class WebhookUrlBook implements WebhookUrls {
  private base?: string;

  constructor(
    private readonly token: string,
    publicBaseUrl?: string,
  ) {
    this.base = publicBaseUrl;
  }

  /** Called once the service listens, unless PUBLIC_BASE_URL already said where Exotel reaches it. */
  listeningAt(url: string, overridePublic = false): void {
    if (this.base === undefined || overridePublic) this.base = url.replace(/\/+$/, '');
  }

  statusCallback(provider: ProviderName): string {
    if (this.base === undefined) throw new Error('webhook base URL unknown: the service is not listening yet');
    return `${this.base}${PATHS[provider]}?token=${encodeURIComponent(this.token)}`;
  }
}
