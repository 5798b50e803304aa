import {
  startSandbox,
  type Sandbox,
  type SandboxOptions,
} from '../../../../src/adapters/telephony/sandbox/sandbox.js';
import type { SandboxProfile } from '../../../../src/adapters/telephony/sandbox/sandbox.profile.js';
import { startCallbackReceiver, type CallbackReceiver } from './callback.receiver.js';
import { ACCOUNT_SID, API_KEY, API_TOKEN, T0 } from './call-fixtures.js';
import { ManualClock } from './manual.clock.js';

export interface SandboxFixture {
  readonly sandbox: Sandbox;
  readonly clock: ManualClock;
  readonly receiver: CallbackReceiver;
  close(): Promise<void>;
}

/** A sandbox on a virtual clock starting at T0, and a receiver for its callbacks. */
export async function openSandboxFixture(
  profile: SandboxProfile,
  options: Partial<SandboxOptions> = {},
): Promise<SandboxFixture> {
  const clock = new ManualClock(T0);
  const sandbox = await startSandbox({
    accountSid: ACCOUNT_SID,
    apiKey: API_KEY,
    apiToken: API_TOKEN,
    profile,
    clock,
    ...options,
  });
  const receiver = await startCallbackReceiver();
  return {
    sandbox,
    clock,
    receiver,
    close: async () => {
      await sandbox.close();
      await receiver.close();
    },
  };
}
