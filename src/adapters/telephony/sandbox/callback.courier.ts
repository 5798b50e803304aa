import { request } from 'undici';
import type { Clock } from '../../../application/ports/clock.port.js';
import type { LiveCall } from './sandbox-call.js';

export interface EncodedCallback {
  readonly contentType: string;
  readonly body: Buffer;
}

export interface CallbackCounters {
  fired: number;
  lost: number;
  late: number;
  duplicated: number;
  /** POSTs answered with a 2xx. */
  delivered: number;
  failedAttempts: number;
  /** Callbacks still undelivered after the last retry. */
  gaveUp: number;
}

type CallbackRecord = LiveCall['callbacks'][number];

// Exotel retries a failed delivery at most twice (PROVIDERS.md section 3)
const RETRY_DELAYS_MS = [5_000, 30_000];
const DELIVERY_TIMEOUT_MS = 5_000;

/** Posts callbacks as the provider would: lost, late, duplicated as drawn, failed deliveries retried twice. */
export class CallbackCourier {
  readonly counters: CallbackCounters = {
    fired: 0,
    lost: 0,
    late: 0,
    duplicated: 0,
    delivered: 0,
    failedAttempts: 0,
    gaveUp: 0,
  };
  readonly #clock: Clock;
  readonly #timers = new Set<() => void>();
  readonly #inFlight = new Set<Promise<void>>();
  readonly #shutdown = new AbortController();

  constructor(clock: Clock) {
    this.#clock = clock;
  }

  dispatch(record: CallbackRecord, payload: EncodedCallback): void {
    this.counters.fired += 1;
    if (record.lost) {
      this.counters.lost += 1;
      return;
    }
    if (record.lateByMs > 0) this.counters.late += 1;
    if (record.duplicate) this.counters.duplicated += 1;
    this.#at(record.firedAt + record.lateByMs, () => this.#deliver(record, payload, 0, record.duplicate));
  }

  /** Resolves once no POST is under way (deliveries and retries due later on the clock are not waited for). */
  async settled(): Promise<void> {
    while (this.#inFlight.size > 0) await Promise.allSettled([...this.#inFlight]);
  }

  async close(): Promise<void> {
    for (const cancel of this.#timers) cancel();
    this.#timers.clear();
    this.#shutdown.abort();
    await this.settled();
  }

  #deliver(
    record: CallbackRecord,
    payload: EncodedCallback,
    retriesDone: number,
    duplicateAfter: boolean,
  ): void {
    const delivery = this.#post(record, payload).then((delivered) => {
      if (delivered) {
        if (duplicateAfter) this.#deliver(record, payload, RETRY_DELAYS_MS.length, false);
        return;
      }
      const delay = RETRY_DELAYS_MS[retriesDone];
      if (delay === undefined) this.counters.gaveUp += 1;
      else
        this.#at(this.#clock.now() + delay, () =>
          this.#deliver(record, payload, retriesDone + 1, duplicateAfter),
        );
    });
    this.#inFlight.add(delivery);
    void delivery.finally(() => this.#inFlight.delete(delivery));
  }

  async #post(record: CallbackRecord, payload: EncodedCallback): Promise<boolean> {
    if (this.#shutdown.signal.aborted) return false;
    record.attempts += 1;
    try {
      const response = await request(record.url, {
        method: 'POST',
        headers: { 'content-type': payload.contentType },
        body: payload.body,
        signal: AbortSignal.any([this.#shutdown.signal, AbortSignal.timeout(DELIVERY_TIMEOUT_MS)]),
      });
      await response.body.dump();
      if (response.statusCode >= 200 && response.statusCode < 300) {
        record.delivered += 1;
        this.counters.delivered += 1;
        return true;
      }
    } catch {
      // an unreachable receiver counts as a failed attempt, like any non-2xx answer
    }
    this.counters.failedAttempts += 1;
    return false;
  }

  #at(at: number, fn: () => void): void {
    if (this.#shutdown.signal.aborted) return;
    if (at <= this.#clock.now()) {
      fn();
      return;
    }
    const cancel = this.#clock.setTimer(at, () => {
      this.#timers.delete(cancel);
      fn();
    });
    this.#timers.add(cancel);
  }
}
