/**
 * Images prepared ahead of the one being committed. Four keep both cores busy on a 2-core machine: while sharp
 * resizes and encodes some, this thread labels another (measured: 2 in flight left this thread idle ~25 % of the time).
 */
export const IN_FLIGHT = 4;

export interface LookAhead<T> {
  /** The item at `index`, once ready; starts it and the next `inFlight - 1` if they are not running yet. */
  take(index: number): Promise<T>;
  /** Waits for everything started to finish (or fail), e.g. before reporting a cancelled run. */
  settle(): Promise<void>;
}

/**
 * Runs `prepare` for several items ahead of the one taken, so their pixel work in sharp's threads overlaps the
 * work on this thread; items are still taken in order, one at a time.
 */
export function createLookAhead<C, T>(
  items: readonly C[],
  prepare: (item: C, index: number) => Promise<T>,
  inFlight = IN_FLIGHT,
): LookAhead<T> {
  const ahead = new Map<number, Promise<T>>();
  const start = (i: number) => {
    const item = items[i];
    if (i >= items.length || item === undefined || ahead.has(i)) return;
    const pending = prepare(item, i);
    // A prepared item is awaited in turn; if the batch stops first, its failure must not go unhandled.
    pending.catch(() => {});
    ahead.set(i, pending);
  };
  return {
    async take(index) {
      for (let i = index; i < index + Math.max(1, inFlight); i++) start(i);
      const pending = ahead.get(index) as Promise<T>;
      ahead.delete(index);
      return pending;
    },
    async settle() {
      await Promise.allSettled(ahead.values());
    },
  };
}
