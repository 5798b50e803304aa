import { describe, expect, it } from '@jest/globals';
import { SystemClock } from '../../../src/adapters/clock/system.clock.js';

const settle = (clock: SystemClock) =>
  new Promise<void>((done) => {
    const check = () => (clock.pending === 0 ? done() : setTimeout(check, 5));
    check();
  });

describe('SystemClock timers', () => {
  it('fires each timer once it is due, in (time, creation) order', async () => {
    const clock = new SystemClock();
    const fired: string[] = [];
    const start = clock.now();
    const firedAt = new Map<string, number>();
    for (const [name, delay] of [['c', 30], ['a', 10], ['b', 10], ['past', -1000], ['d', 20]] as const)
      clock.setTimer(start + delay, () => {
        fired.push(name);
        firedAt.set(name, clock.now());
      });
    await settle(clock);
    expect(fired).toEqual(['past', 'a', 'b', 'd', 'c']);
    expect(firedAt.get('a')!).toBeGreaterThanOrEqual(start + 10);
    expect(firedAt.get('c')!).toBeGreaterThanOrEqual(start + 30);
  });

  it('never fires a cancelled timer, and cancelling twice or after firing changes nothing', async () => {
    const clock = new SystemClock();
    const fired: string[] = [];
    const cancelFirst = clock.setTimer(clock.now() + 5, () => fired.push('first'));
    const cancelSecond = clock.setTimer(clock.now() + 10, () => fired.push('second'));
    cancelFirst();
    cancelFirst();
    expect(clock.pending).toBe(1);
    await settle(clock);
    cancelSecond();
    expect(fired).toEqual(['second']);
    expect(clock.pending).toBe(0);
  });

  it('fires a timer set earlier than the one it was waiting for at its own time', async () => {
    const clock = new SystemClock();
    const fired: string[] = [];
    clock.setTimer(clock.now() + 60_000, () => fired.push('late'));
    clock.setTimer(clock.now() + 5, () => fired.push('soon'));
    await new Promise((done) => setTimeout(done, 50));
    expect(fired).toEqual(['soon']);
    expect(clock.pending).toBe(1);
  });

  it('fires a due timer set by a firing one on a later turn, after the others due now', async () => {
    const clock = new SystemClock();
    const fired: string[] = [];
    const now = clock.now();
    clock.setTimer(now, () => {
      fired.push('first');
      clock.setTimer(now - 1, () => fired.push('set while firing'));
    });
    clock.setTimer(now, () => fired.push('second'));
    await settle(clock);
    expect(fired).toEqual(['first', 'second', 'set while firing']);
  });

  it('drops cancelled timers in bulk once they are most of what it holds, and keeps the live ones', async () => {
    const clock = new SystemClock();
    const fired: number[] = [];
    const cancels = Array.from({ length: 3_000 }, (_, n) => clock.setTimer(clock.now() + 60_000 + n, () => fired.push(n)));
    clock.setTimer(clock.now() + 5, () => fired.push(-1));
    cancels.slice(0, 2_999).forEach((cancel) => cancel());
    expect(clock.pending).toBe(2);
    await new Promise((done) => setTimeout(done, 40));
    expect(fired).toEqual([-1]);
    expect(clock.pending).toBe(1);
    cancels[2_999]!();
    expect(clock.pending).toBe(0);
  });
});

describe('SystemClock timers set and cancelled by firing ones', () => {
  it('keeps its count right when a firing timer cancels many, including ones it just set', async () => {
    const clock = new SystemClock();
    const fired: string[] = [];
    const far = Array.from({ length: 2_000 }, () => clock.setTimer(clock.now() + 60_000, () => fired.push('far')));
    clock.setTimer(clock.now(), () => {
      const fresh = clock.setTimer(clock.now(), () => fired.push('fresh'));
      clock.setTimer(clock.now(), () => fired.push('kept'));
      fresh();
      far.forEach((cancel) => cancel());
    });
    await settle(clock);
    expect(fired).toEqual(['kept']);
    expect(clock.pending).toBe(0);
  });
});
