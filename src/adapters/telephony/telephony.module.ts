import { Global, Inject, Module, type OnApplicationShutdown } from '@nestjs/common';
import { CLOCK, type Clock } from '../../application/ports/clock.port.js';
import { TELEPHONY_PROVIDERS, WEBHOOK_URLS, type ProviderName, type Telephony, type TelephonyProviders } from '../../application/ports/telephony.port.js';
import { CONFIG, type Config } from '../config/config.js';
import { createTelephony } from './telephony.factory.js';
import { loadProfile } from './sandbox/sandbox.profile.js';
import { startSandbox, type Sandbox } from './sandbox/sandbox.js';
import { WebhookUrlBook } from './webhook-urls.js';

/** The running sandbox provider, when this instance dials through it (undefined otherwise). */
export const SANDBOX = Symbol('SANDBOX');

export class SandboxHandle implements OnApplicationShutdown {
  constructor(readonly sandbox: Sandbox | undefined) {}

  async onApplicationShutdown(): Promise<void> {
    await this.sandbox?.close();
  }
}

async function sandboxFor(config: Config, clock: Clock): Promise<SandboxHandle> {
  if (config.telephony.provider !== 'sandbox') return new SandboxHandle(undefined);
  const { accountSid, apiKey, apiToken, sandboxSeed, sandboxProfile } = config.telephony;
  const sandbox = await startSandbox({ accountSid, apiKey, apiToken, seed: sandboxSeed, profile: await loadProfile(sandboxProfile), clock });
  return new SandboxHandle(sandbox);
}

function providersFor(config: Config, handle: SandboxHandle): TelephonyProviders {
  const t = config.telephony;
  const credentials = { accountSid: t.accountSid, apiKey: t.apiKey, apiToken: t.apiToken, ccmBaseUrl: t.ccmBaseUrl };
  const providers = new Map<ProviderName, Telephony>();
  if (handle.sandbox !== undefined) {
    providers.set('sandbox', createTelephony({ ...credentials, provider: 'sandbox', exotelBaseUrl: handle.sandbox.baseUrl, ccmBaseUrl: handle.sandbox.baseUrl }));
  } else if (t.exotelBaseUrl !== undefined) {
    providers.set('exotel-v1', createTelephony({ ...credentials, provider: 'exotel-v1', exotelBaseUrl: t.exotelBaseUrl }));
    providers.set('ccm-v2', createTelephony({ ...credentials, provider: 'ccm-v2', exotelBaseUrl: t.exotelBaseUrl }));
  }
  return providers;
}

/** Binds the providers this instance may dial through, and where they post call events. */
@Global()
@Module({
  providers: [
    { provide: SandboxHandle, useFactory: sandboxFor, inject: [CONFIG, CLOCK] },
    { provide: SANDBOX, useFactory: (handle: SandboxHandle) => handle.sandbox, inject: [SandboxHandle] },
    { provide: TELEPHONY_PROVIDERS, useFactory: providersFor, inject: [CONFIG, SandboxHandle] },
    { provide: WEBHOOK_URLS, useFactory: (config: Config) => new WebhookUrlBook(config.webhookToken, config.publicBaseUrl), inject: [CONFIG] },
  ],
  exports: [SANDBOX, TELEPHONY_PROVIDERS, WEBHOOK_URLS],
})
export class TelephonyModule {
  constructor(@Inject(SandboxHandle) readonly handle: SandboxHandle) {}
}
