import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Clock } from '../../../application/ports/clock.port.js';
import type { CallOutcome } from '../../../domain/dialing/outcome.mapping.js';
import { CallbackCourier, type CallbackCounters } from './callback.courier.js';
import { FaultSwitches, type SandboxFaults } from './http-faults.js';
import { randomStreams } from './prng.js';
import { SystemClock } from '../../clock/system.clock.js';
import type { RecordedRequest, SandboxCall } from './sandbox-call.js';
import { SandboxHttpHandler, type RequestCounters } from './sandbox-http.handler.js';
import { DEFAULT_PROFILE, type SandboxProfile } from './sandbox.profile.js';
import { Switchboard } from './switchboard.js';
import type { V1CallbackFormat } from './v1-callback.payload.js';
import { v1Routes } from './v1.routes.js';
import { v2Routes } from './v2.routes.js';

export interface SandboxOptions {
  readonly accountSid: string;
  readonly apiKey: string;
  readonly apiToken: string;
  /** Default DEFAULT_PROFILE. */
  readonly profile?: SandboxProfile;
  /** The same seed gives the same call outcomes in the same order. Default 1. */
  readonly seed?: number;
  /** Default: the wall clock. A virtual clock plays a day of calls in seconds. */
  readonly clock?: Clock;
  /** v1 callback encoding; `as-requested` (default) follows StatusCallbackContentType, multipart when absent. */
  readonly v1CallbackFormat?: V1CallbackFormat | 'as-requested';
  /** When set, CallerId / virtual_number must be one of these (E.164); otherwise any valid number is accepted. */
  readonly exoPhones?: readonly string[];
  /** CCM users that `from.user_id` can name: user id → device number (E.164). */
  readonly ccmUsers?: Readonly<Record<string, string>>;
  /** Default 0: a free port. The sandbox listens on 127.0.0.1 only. */
  readonly port?: number;
}

export interface SandboxStats {
  readonly requests: RequestCounters;
  readonly callsPlaced: number;
  readonly activeCalls: number;
  /** Ended calls by outcome. */
  readonly outcomes: Readonly<Record<CallOutcome, number>>;
  /** Calls placed while the agent's number was already on another call. */
  readonly agentConflicts: number;
  readonly callbacks: CallbackCounters;
}

export interface Sandbox {
  /** e.g. `http://127.0.0.1:43121`: both the v1 and the CCM base URL. */
  readonly baseUrl: string;
  /** Every call it was asked to place, in order. */
  readonly calls: readonly SandboxCall[];
  /** Every API request it received, in order. */
  readonly requests: readonly RecordedRequest[];
  call(callSid: string): SandboxCall | undefined;
  stats(): SandboxStats;
  /** Replaces the fault switches; `setFaults({})` turns them off. */
  setFaults(faults: SandboxFaults): void;
  /** Resolves once no callback POST is under way (callbacks due later on the clock are not waited for). */
  settled(): Promise<void>;
  close(): Promise<void>;
}

/** A stand-in for Exotel on 127.0.0.1, speaking the v1 and CCM v2 APIs on their real paths. */
export async function startSandbox(options: SandboxOptions): Promise<Sandbox> {
  const clock = options.clock ?? new SystemClock();
  const profile = options.profile ?? DEFAULT_PROFILE;
  const random = randomStreams(options.seed ?? 1);
  const server = createServer();
  const baseUrl = await listen(server, options.port ?? 0);
  const courier = new CallbackCourier(clock);
  const switchboard = new Switchboard({
    clock,
    profile,
    ...random,
    courier,
    recordingUrl: (callSid) => `${baseUrl}/recordings/${callSid}.mp3`,
  });
  let serial = 0;
  const context = {
    accountSid: options.accountSid,
    clock,
    profile,
    switchboard,
    v1CallbackFormat: options.v1CallbackFormat ?? 'as-requested',
    exoPhones: options.exoPhones,
    ccmUsers: options.ccmUsers ?? {},
    nextSerial: () => ++serial,
  };
  const faults = new FaultSwitches(random.httpFaults);
  const http = new SandboxHttpHandler({
    ...options,
    routes: [...v1Routes(context), ...v2Routes(context)],
    faults,
    clock,
  });
  server.on('request', http.handle);

  return {
    baseUrl,
    calls: switchboard.calls,
    requests: http.requests,
    call: (callSid) => switchboard.find(callSid),
    stats: () => ({
      requests: { ...http.counters },
      callsPlaced: switchboard.calls.length,
      activeCalls: switchboard.calls.filter((call) => call.state === 'active').length,
      outcomes: { ...switchboard.outcomes },
      agentConflicts: switchboard.agentConflicts,
      callbacks: { ...courier.counters },
    }),
    setFaults: (switches) => faults.set(switches),
    settled: () => courier.settled(),
    close: async () => {
      switchboard.close();
      http.close();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      await courier.close();
    },
  };
}

function listen(server: Server, port: number): Promise<string> {
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, '127.0.0.1', () => {
      server.off('error', reject);
      resolve(`http://127.0.0.1:${(server.address() as AddressInfo).port}`);
    });
  });
}
