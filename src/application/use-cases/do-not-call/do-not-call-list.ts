import { Inject, Injectable } from '@nestjs/common';
import { doNotCallDecider } from '../../../domain/dnc/dnc.decider.js';
import type { DoNotCallState } from '../../../domain/dnc/dnc.state.js';
import { parsePhone, tryParsePhone } from '../../../domain/shared/phone.js';
import type { Instant } from '../../../domain/shared/time.js';
import type { CommandContext } from '../../commands/handle-command.js';
import { decodeDoNotCallEvent } from '../../events/dnc-event-schemas.js';
import { EVENT_STORE, type EventStore } from '../../ports/event-store.port.js';
import { CategoryFold } from '../shared/category-fold.js';
import { decideAndAppend } from '../shared/decide-and-append.js';
import { loadStream } from '../shared/load-stream.js';

/** Token for the internal do-not-call list; the dialer asks `isBlocked` right before every dial. */
export const DO_NOT_CALL_LIST = Symbol('DO_NOT_CALL_LIST');

export const DNC_STREAM_PREFIX = 'dnc-';

/** One stream per number: `dnc-<E.164 digits>`, e.g. `dnc-919876543210`. */
export const dncStreamOf = (e164: string): string => `${DNC_STREAM_PREFIX}${e164.replace(/\D/g, '')}`;

export interface DoNotCallEntry {
  readonly phone: string;
  readonly listed: boolean;
  /** When it was last added or removed. */
  readonly since?: Instant;
  readonly reason?: string;
}

export interface DoNotCallChange {
  readonly entry: DoNotCallEntry;
  /** Global position of the event written (or written by an earlier try of the same command). */
  readonly position?: bigint;
}

function entryOf(phone: string, state: DoNotCallState): DoNotCallEntry {
  switch (state.status) {
    case 'never-listed':
      return { phone, listed: false };
    case 'listed':
      return {
        phone,
        listed: true,
        since: state.since,
        ...(state.reason === undefined ? {} : { reason: state.reason }),
      };
    case 'unlisted':
      return { phone, listed: false, since: state.since };
  }
}

/**
 * The internal do-not-call list, event-sourced: `PhoneAddedToDoNotCall` / `PhoneRemovedFromDoNotCall` on the
 * number's own stream. `isBlocked` reads that one stream, so it is exact at the moment of the dial.
 */
@Injectable()
export class DoNotCallList {
  private readonly all: CategoryFold<DoNotCallState>;

  constructor(@Inject(EVENT_STORE) private readonly store: EventStore) {
    this.all = new CategoryFold<DoNotCallState>(store, DNC_STREAM_PREFIX, (state, stored) => {
      const event = decodeDoNotCallEvent(stored.type, stored.data);
      return event === undefined
        ? state
        : doNotCallDecider.evolve(state ?? doNotCallDecider.initialState, event);
    });
  }

  /** True when the number (any form `parsePhone` reads) is on the list; an unreadable number is not. */
  async isBlocked(phone: string): Promise<boolean> {
    const e164 = tryParsePhone(phone);
    if (e164 === undefined) return false;
    return (await this.stateOf(e164)).status === 'listed';
  }

  /** Throws `phone.invalid` (400 naming `phone`) for a number it cannot read. */
  async entry(phone: string): Promise<DoNotCallEntry> {
    const e164 = parsePhone(phone);
    return entryOf(e164, await this.stateOf(e164));
  }

  async add(
    phone: string,
    reason: string | undefined,
    at: Instant,
    context: CommandContext,
  ): Promise<DoNotCallChange> {
    const e164 = parsePhone(phone);
    const command = {
      type: 'AddToDoNotCall' as const,
      phone: e164,
      ...(reason === undefined ? {} : { reason }),
      at,
    };
    const result = await decideAndAppend(
      this.store,
      doNotCallDecider,
      decodeDoNotCallEvent,
      dncStreamOf(e164),
      command,
      context,
    );
    return {
      entry: entryOf(e164, result.state),
      ...(result.position === undefined ? {} : { position: result.position }),
    };
  }

  /** `dnc.not-found` (404) when the number is not on the list. */
  async remove(phone: string, at: Instant, context: CommandContext): Promise<DoNotCallChange> {
    const e164 = parsePhone(phone);
    const result = await decideAndAppend(
      this.store,
      doNotCallDecider,
      decodeDoNotCallEvent,
      dncStreamOf(e164),
      { type: 'RemoveFromDoNotCall', phone: e164, at },
      context,
    );
    return {
      entry: entryOf(e164, result.state),
      ...(result.position === undefined ? {} : { position: result.position }),
    };
  }

  /** Reads the log in the background (at boot), so the first `list()` does not wait for a long log. */
  warmUp(): void {
    this.all.warmUp();
  }

  /** Every number on the list now, in E.164 order. */
  async list(): Promise<DoNotCallEntry[]> {
    const entries: DoNotCallEntry[] = [];
    for (const state of (await this.all.current()).values())
      if (state.status === 'listed') entries.push(entryOf(state.phone, state));
    return entries.sort((a, b) => a.phone.localeCompare(b.phone));
  }

  private async stateOf(e164: string): Promise<DoNotCallState> {
    return (await loadStream(this.store, doNotCallDecider, dncStreamOf(e164), decodeDoNotCallEvent)).state;
  }
}
