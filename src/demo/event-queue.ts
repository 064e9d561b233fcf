/**
 * A small binary min-heap of one customer's planned activities, ordered by time and then by
 * insertion (so equal times keep a fixed order and output stays deterministic).
 */

/** Something planned to happen at time `t` (epoch ms). */
export interface Timed {
  readonly t: number;
}

/** Min-heap on `t`, first-in-first-out among equal times. */
export class EventQueue<T extends Timed> {
  private readonly items: T[] = [];
  private readonly order: number[] = [];
  private seq = 0;

  /** Number of pending items. */
  get size(): number {
    return this.items.length;
  }

  /** Adds an item. */
  push(item: T): void {
    this.items.push(item);
    this.order.push(this.seq++);
    this.up(this.items.length - 1);
  }

  /** Removes and returns the earliest item, or `undefined` when empty. */
  pop(): T | undefined {
    const top = this.items[0];
    const last = this.items.pop();
    const lastOrder = this.order.pop();
    if (this.items.length > 0 && last !== undefined && lastOrder !== undefined) {
      this.items[0] = last;
      this.order[0] = lastOrder;
      this.down(0);
    }
    return top;
  }

  private less(i: number, j: number): boolean {
    const a = (this.items[i] as T).t;
    const b = (this.items[j] as T).t;
    return a < b || (a === b && (this.order[i] as number) < (this.order[j] as number));
  }

  private swap(i: number, j: number): void {
    const item = this.items[i] as T;
    this.items[i] = this.items[j] as T;
    this.items[j] = item;
    const o = this.order[i] as number;
    this.order[i] = this.order[j] as number;
    this.order[j] = o;
  }

  private up(i: number): void {
    while (i > 0) {
      const parent = (i - 1) >> 1;
      if (!this.less(i, parent)) return;
      this.swap(i, parent);
      i = parent;
    }
  }

  private down(i: number): void {
    const n = this.items.length;
    for (;;) {
      const l = 2 * i + 1;
      const r = l + 1;
      let m = i;
      if (l < n && this.less(l, m)) m = l;
      if (r < n && this.less(r, m)) m = r;
      if (m === i) return;
      this.swap(i, m);
      i = m;
    }
  }
}
