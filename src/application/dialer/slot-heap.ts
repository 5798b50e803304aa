/** Where a slot sits in a heap (`place` ≥ 0), written by the heap on every move; `NOT_IN_HEAP` once it left. */
export interface SlotPlaces {
  setPlace(slot: number, heap: SlotHeap, index: number): void;
}

export const NOT_IN_HEAP = -1;

/**
 * An indexed binary min-heap of small integers (slots of a table) by `before(a, b)`, kept in an Int32Array: four
 * bytes per entry and no object per entry. The owner records each slot's index (through `places`), so a slot can be
 * removed or moved in O(log n) when its key changes, and the heap never holds stale entries.
 */
export class SlotHeap {
  private items = new Int32Array(16);
  private count = 0;

  constructor(
    private readonly before: (a: number, b: number) => boolean,
    private readonly places: SlotPlaces,
  ) {}

  get size(): number {
    return this.count;
  }

  /** The first slot, or -1 when empty. */
  peek(): number {
    return this.count > 0 ? this.items[0]! : -1;
  }

  push(slot: number): void {
    if (this.count === this.items.length) {
      const grown = new Int32Array(this.items.length * 2);
      grown.set(this.items);
      this.items = grown;
    }
    this.count += 1;
    this.siftUp(this.count - 1, slot);
  }

  /** Removes and answers the first slot (-1 when empty). */
  pop(): number {
    if (this.count === 0) return -1;
    const top = this.items[0]!;
    this.removeAt(0);
    return top;
  }

  /** Removes the slot at `index` (as recorded through `places`). */
  removeAt(index: number): void {
    const removed = this.items[index]!;
    this.count -= 1;
    const last = this.items[this.count]!;
    this.places.setPlace(removed, this, NOT_IN_HEAP);
    if (index === this.count) return;
    // the last slot fills the hole, then moves whichever way its key says
    if (index > 0 && this.before(last, this.items[(index - 1) >> 1]!)) this.siftUp(index, last);
    else this.siftDown(index, last);
    if (this.count < this.items.length >> 2 && this.items.length > 16) this.items = this.items.slice(0, this.items.length >> 1);
  }

  private siftUp(from: number, slot: number): void {
    const items = this.items;
    let i = from;
    while (i > 0) {
      const parent = (i - 1) >> 1;
      const above = items[parent]!;
      if (!this.before(slot, above)) break;
      items[i] = above;
      this.places.setPlace(above, this, i);
      i = parent;
    }
    items[i] = slot;
    this.places.setPlace(slot, this, i);
  }

  private siftDown(from: number, slot: number): void {
    const items = this.items;
    const count = this.count;
    let i = from;
    for (;;) {
      const left = 2 * i + 1;
      if (left >= count) break;
      const right = left + 1;
      let child = left;
      if (right < count && this.before(items[right]!, items[left]!)) child = right;
      const below = items[child]!;
      if (!this.before(below, slot)) break;
      items[i] = below;
      this.places.setPlace(below, this, i);
      i = child;
    }
    items[i] = slot;
    this.places.setPlace(slot, this, i);
  }
}
