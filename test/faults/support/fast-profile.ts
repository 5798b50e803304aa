import type { SandboxProfile } from '../../../src/adapters/telephony/sandbox/sandbox.profile.js';

/**
 * A sandbox profile on the wall clock's scale: legs ring for a fraction of a second and conversations last about a
 * second, so a call is over in one or two seconds (a no-answer waits the campaign's 5 s ring timeout). Callbacks
 * are sometimes duplicated, late (by up to 1.5 s, so they can overtake later ones) or lost.
 */
export function fastProfile(lost = 0.01): SandboxProfile {
  return {
    name: 'fault-fast',
    agent: {
      answer: 0.9,
      busy: 0.03,
      noAnswer: 0.02,
      failed: 0.05,
      ringTime: { kind: 'uniform', min: 0.1, max: 0.4 },
    },
    customer: {
      answer: 0.5,
      busy: 0.2,
      noAnswer: 0.05,
      failed: 0.2,
      canceled: 0.05,
      ringTime: { kind: 'uniform', min: 0.2, max: 0.6 },
    },
    talkTime: { kind: 'uniform', min: 0.2, max: 1.2 },
    callbacks: {
      duplicate: 0.05,
      late: 0.05,
      lateDelay: { kind: 'uniform', min: 0.2, max: 1.5 },
      lost,
      customFieldOnAnswered: true,
    },
  };
}
