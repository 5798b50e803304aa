import { describe, expect, it } from '@jest/globals';
import { VirtualClock } from '../../../src/adapters/clock/virtual.clock.js';
import { LookupBudget } from '../../../src/application/dialer/lookup-budget.js';
import { TimerRegistry } from '../../../src/application/dialer/timer-registry.js';

const START = Date.parse('2026-03-02T04:30:00.000Z');

/** A budget, and lookups that ask it until they are let through, recording when. */
function world(perMinute: number) {
  const clock = new VirtualClock(START);
  const budget = new LookupBudget(perMinute, new TimerRegistry(clock), () => clock.now());
  const asked = new Map<string, number>();
  const lookUp = (key: string): void => {
    if (budget.admit(key, () => lookUp(key))) asked.set(key, clock.now() - START);
  };
  return { clock, budget, asked, lookUp };
}

describe('LookupBudget', () => {
  it("lets a burst through at once, then the rest in arrival order at the budget's pace, never more than it in a minute", () => {
    const { clock, budget, asked, lookUp } = world(60);
    for (let n = 0; n < 200; n += 1) lookUp(`call-${n}`);
    expect(asked.size).toBe(10); // a sixth of the minute's budget at once
    expect(budget.waitingCount).toBe(190);

    clock.advanceBy(10 * 60_000);

    expect(asked.size).toBe(200);
    const order = [...asked.keys()];
    expect(order).toEqual(Array.from({ length: 200 }, (_, n) => `call-${n}`));
    const times = [...asked.values()];
    for (const at of times) expect(times.filter((t) => t >= at && t < at + 60_000).length).toBeLessThanOrEqual(60);
    expect(times.at(-1)!).toBeGreaterThan(3 * 60_000);
    expect(budget.waitingCount).toBe(0);
  });

  it('keeps a waiting lookup in its place when it asks again, and lets each one through once per turn', () => {
    const { clock, asked, lookUp, budget } = world(6);
    lookUp('first');
    lookUp('second');
    lookUp('third');
    lookUp('second');
    expect([...asked.keys()]).toEqual(['first']);
    expect(budget.waitingCount).toBe(2);
    clock.advanceBy(60_000);
    expect([...asked.keys()]).toEqual(['first', 'second', 'third']);
  });

  it('takes back a turn given to a lookup that never came to ask (its call closed meanwhile)', () => {
    const { clock, budget } = world(1);
    expect(budget.admit('asks', () => undefined)).toBe(true);
    let askedAgain = 0;
    expect(budget.admit('closes', () => (askedAgain += 1))).toBe(false);
    clock.advanceBy(60_000);
    expect(askedAgain).toBe(1);
    clock.advanceBy(61_000);
    expect(budget.admit('later', () => undefined)).toBe(true);
    expect(budget.admit('closes', () => undefined)).toBe(false);
  });
});
