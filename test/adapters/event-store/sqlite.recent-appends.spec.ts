import { describe, expect, it } from '@jest/globals';
import { RecentAppends } from '../../../src/adapters/event-store/sqlite.recent-appends.js';
import type { StoredEvent } from '../../../src/application/ports/event-store.port.js';

const at = (position: number): StoredEvent => ({
  id: `e${position}`,
  type: 'Counted',
  data: { position },
  metadata: {},
  streamId: 's',
  revision: BigInt(position),
  position: BigInt(position),
  recordedAt: '2026-01-01T00:00:00.000Z',
});
const positions = (events: readonly StoredEvent[] | undefined) => events?.map((event) => Number(event.position));

describe("a store's recent appends, as its subscriptions read them", () => {
  it('answers from the position after the one asked for, up to the limit', () => {
    const recent = new RecentAppends();
    recent.add([at(5), at(6)]);
    recent.add([at(7), at(8), at(9)]);

    expect(positions(recent.after(4n, 10))).toEqual([5, 6, 7, 8, 9]);
    expect(positions(recent.after(6n, 2))).toEqual([7, 8]);
    expect(positions(recent.after(8n, 10))).toEqual([9]);
  });

  it('leaves to the log what it cannot answer exactly: older positions, a gap, the end', () => {
    const recent = new RecentAppends();
    recent.add([at(5), at(6)]);
    recent.add([at(9)]); // 7 and 8 were another process's

    expect(recent.after(3n, 10)).toBeUndefined(); // 4 is not held
    expect(recent.after(4n, 10)).toBeUndefined(); // the gap after 6
    expect(positions(recent.after(4n, 2))).toEqual([5, 6]); // up to the limit there is no gap
    expect(recent.after(6n, 10)).toBeUndefined(); // 7 is not held
    expect(recent.after(9n, 10)).toBeUndefined(); // nothing after the newest
  });

  it('forgets everything when positions go backwards, and keeps a bounded number', () => {
    const recent = new RecentAppends(4);
    recent.add([at(5), at(6)]);
    recent.add([at(3)]);
    expect(recent.after(4n, 10)).toBeUndefined();
    expect(positions(recent.after(2n, 10))).toEqual([3]);

    recent.add(Array.from({ length: 20 }, (_, index) => at(index + 4)));
    expect(recent.after(2n, 10)).toBeUndefined();
    expect(positions(recent.after(22n, 10))).toEqual([23]);
  });
});
