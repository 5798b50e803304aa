import type { Instant } from '../shared/time.js';

/** The internal do-not-call list: one stream per number (`dnc-<digits>`). */
export type DoNotCallCommand =
  | {
      readonly type: 'AddToDoNotCall';
      readonly phone: string;
      readonly reason?: string;
      readonly at: Instant;
    }
  | { readonly type: 'RemoveFromDoNotCall'; readonly phone: string; readonly at: Instant };
