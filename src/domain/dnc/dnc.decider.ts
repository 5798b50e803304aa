import type { Decider } from '../shared/decider.js';
import { DomainError, assertNever } from '../shared/domain-error.js';
import { parsePhone } from '../shared/phone.js';
import type { DoNotCallCommand } from './dnc.commands.js';
import type { DoNotCallEvent } from './dnc.events.js';
import { initialDoNotCallState, type DoNotCallState } from './dnc.state.js';

export const MAX_DNC_REASON = 200;

export function decideDoNotCall(command: DoNotCallCommand, state: DoNotCallState): DoNotCallEvent[] {
  const phone = parsePhone(command.phone);
  switch (command.type) {
    case 'AddToDoNotCall': {
      const reason = command.reason?.trim();
      if (reason !== undefined && reason.length > MAX_DNC_REASON) {
        throw new DomainError(
          'dnc.invalid-reason',
          `reason must be at most ${MAX_DNC_REASON} characters`,
          'reason',
        );
      }
      if (state.status === 'listed') return [];
      return [
        { type: 'PhoneAddedToDoNotCall', data: { phone, ...(reason ? { reason } : {}), at: command.at } },
      ];
    }
    case 'RemoveFromDoNotCall':
      if (state.status !== 'listed')
        throw new DomainError('dnc.not-found', 'the number is not on the do-not-call list');
      return [{ type: 'PhoneRemovedFromDoNotCall', data: { phone, at: command.at } }];
    default:
      return assertNever(command);
  }
}

export function evolveDoNotCall(_state: DoNotCallState, event: DoNotCallEvent): DoNotCallState {
  switch (event.type) {
    case 'PhoneAddedToDoNotCall': {
      const { phone, reason, at } = event.data;
      return { status: 'listed', phone, since: at, ...(reason === undefined ? {} : { reason }) };
    }
    case 'PhoneRemovedFromDoNotCall':
      return { status: 'unlisted', phone: event.data.phone, since: event.data.at };
    default:
      return assertNever(event);
  }
}

export const doNotCallDecider: Decider<DoNotCallCommand, DoNotCallEvent, DoNotCallState> = {
  initialState: initialDoNotCallState,
  decide: decideDoNotCall,
  evolve: evolveDoNotCall,
};
