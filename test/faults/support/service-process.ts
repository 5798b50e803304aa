import { setTimeout as delay } from 'node:timers/promises';
import { MAX_CALL_DURATION_SEC, RING_TIMEOUT_SEC } from './campaign-api.js';
import { cleanEnv, spawnTypeScript, type NodeChild } from './child-process.js';

export const FAULT_API_KEY = 'fault-api-key-0123456789abcdef';
export const FAULT_WEBHOOK_TOKEN = 'fault-webhook-token-0123456789';
export const EXOTEL = {
  accountSid: 'faultaccount',
  apiKey: 'fault-exotel-key',
  apiToken: 'fault-exotel-token',
  callerId: '+918047112233',
} as const;

/**
 * The sandbox's fast profile ends every call within 5.4 s of its dial (a leg rings 0.6 s at most, or the 5 s ring
 * timeout for a no-answer; 1.2 s of talk at most), so the watchdog may look a silent call up 10 s after its dial at
 * the latest, where the service would wait 2 × ring timeout + max call duration + 60 s (100 s with the campaign's
 * 5 s / 30 s). The grace that gives (-30 s) also has it ask about a call nobody answered as soon as it is placed: it
 * hears the call is going on, and asks again at 10 s.
 */
export const WATCHDOG_AFTER_MS = 10_000;

export interface ServiceOptions {
  readonly name: string;
  readonly dataDir: string;
  /** Fixed for the service's whole life, restarts included: the callback URLs the provider holds stay valid. */
  readonly port: number;
  readonly sandboxUrl: string;
  readonly logFile: string;
  /**
   * How long after its dial the watchdog looks up a call that went silent, at the latest (WATCHDOG_GRACE_SEC);
   * undefined keeps the dialer's own 2 × ring timeout + max call duration + 60 s.
   */
  readonly watchdogAfterMs?: number;
  /** A compiled snapshot of src/ to run (snapshot-build.ts); undefined runs src/ through the SWC loader. */
  readonly snapshot?: string | undefined;
  readonly env?: Record<string, string>;
}

/**
 * The real service (src/main.ts through service.main.ts) as a child process on a fixed port, configured the way
 * an operator would for Exotel v1, with the sandbox as the Exotel base URL.
 */
export class ServiceProcess {
  readonly baseUrl: string;
  private child?: NodeChild;
  /** How many times it was started. */
  starts = 0;

  constructor(readonly options: ServiceOptions) {
    this.baseUrl = `http://127.0.0.1:${options.port}`;
  }

  env(): NodeJS.ProcessEnv {
    const { dataDir, port, sandboxUrl, watchdogAfterMs } = this.options;
    const longestCallMs = (2 * RING_TIMEOUT_SEC + MAX_CALL_DURATION_SEC) * 1000;
    return cleanEnv({
      DATA_DIR: dataDir,
      PORT: String(port),
      HOST: '127.0.0.1',
      DEMO: 'false',
      EVENT_STORE: 'sqlite',
      API_KEY: FAULT_API_KEY,
      WEBHOOK_TOKEN: FAULT_WEBHOOK_TOKEN,
      TELEPHONY: 'exotel-v1',
      EXOTEL_BASE_URL: sandboxUrl,
      EXOTEL_API_KEY: EXOTEL.apiKey,
      EXOTEL_API_TOKEN: EXOTEL.apiToken,
      EXOTEL_ACCOUNT_SID: EXOTEL.accountSid,
      EXOTEL_CALLER_ID: EXOTEL.callerId,
      EXOTEL_CALLS_PER_MINUTE: '10000',
      PUBLIC_BASE_URL: this.baseUrl,
      LOG_LEVEL: 'warn',
      ...(watchdogAfterMs === undefined
        ? {}
        : { WATCHDOG_GRACE_SEC: String(Math.floor((watchdogAfterMs - longestCallMs) / 1000)) }),
      ...this.options.env,
    });
  }

  start(): void {
    if (this.child?.isRunning()) throw new Error(`${this.options.name} is already running`);
    this.starts += 1;
    this.child = spawnTypeScript('test/faults/support/service.main.ts', this.env(), this.options.logFile, {
      snapshot: this.options.snapshot,
    });
  }

  isRunning(): boolean {
    return this.child?.isRunning() ?? false;
  }

  /** Polls GET /health/ready until it answers 200. */
  async waitReady(timeoutMs = 30_000): Promise<number> {
    const started = performance.now();
    const child = this.child;
    if (child === undefined) throw new Error(`${this.options.name} was never started`);
    while (performance.now() - started < timeoutMs) {
      if (!child.isRunning()) {
        const { code, signal } = await child.exited;
        throw new Error(
          `${this.options.name} exited (${code ?? signal}) before it was ready; see ${this.options.logFile}`,
        );
      }
      if (await this.ready()) return performance.now() - started;
      await delay(25);
    }
    throw new Error(`${this.options.name} was not ready within ${timeoutMs} ms; see ${this.options.logFile}`);
  }

  async ready(): Promise<boolean> {
    try {
      const response = await fetch(`${this.baseUrl}/health/ready`, { signal: AbortSignal.timeout(5_000) });
      await response.arrayBuffer();
      return response.status === 200;
    } catch {
      return false;
    }
  }

  /** SIGKILL: no shutdown hook runs, whatever was under way is cut. */
  async kill(): Promise<void> {
    const child = this.child;
    if (child === undefined || !child.isRunning()) return;
    child.process.kill('SIGKILL');
    await child.exited;
  }

  /** SIGTERM (the service closes its stores and subscriptions), SIGKILL after `timeoutMs`. */
  async stop(timeoutMs = 10_000): Promise<void> {
    const child = this.child;
    if (child === undefined || !child.isRunning()) return;
    child.process.kill('SIGTERM');
    const timer = setTimeout(() => child.process.kill('SIGKILL'), timeoutMs);
    await child.exited;
    clearTimeout(timer);
  }

  /** fetch with the API key; JSON in and out. */
  async api<T = unknown>(
    path: string,
    init: { method?: string; json?: unknown; timeoutMs?: number } = {},
  ): Promise<{ status: number; body: T }> {
    const response = await fetch(`${this.baseUrl}${path}`, {
      method: init.method ?? (init.json === undefined ? 'GET' : 'POST'),
      headers: {
        authorization: `Bearer ${FAULT_API_KEY}`,
        ...(init.json === undefined ? {} : { 'content-type': 'application/json' }),
      },
      ...(init.json === undefined ? {} : { body: JSON.stringify(init.json) }),
      signal: AbortSignal.timeout(init.timeoutMs ?? 10_000),
    });
    const text = await response.text();
    return { status: response.status, body: (text === '' ? undefined : JSON.parse(text)) as T };
  }

  /** Like api(), but a non-2xx answer throws with the body. */
  async call<T = unknown>(path: string, init: { method?: string; json?: unknown } = {}): Promise<T> {
    const { status, body } = await this.api<T>(path, init);
    if (status < 200 || status >= 300)
      throw new Error(
        `${init.method ?? (init.json === undefined ? 'GET' : 'POST')} ${path} → ${status}: ${JSON.stringify(body)}`,
      );
    return body;
  }
}
