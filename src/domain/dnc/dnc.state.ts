import type { Instant } from '../shared/time.js';

export type DoNotCallState =
  | { readonly status: 'never-listed' }
  | { readonly status: 'listed'; readonly phone: string; readonly since: Instant; readonly reason?: string }
  | { readonly status: 'unlisted'; readonly phone: string; readonly since: Instant };

export const initialDoNotCallState: DoNotCallState = { status: 'never-listed' };
