/**
 * Lifetimes you can see (VS Code's DisposableStore): whatever a thing owns — a listener, a subscription, a
 * timer — goes into its store as it is made, and disposing the store ends them all. Pure TypeScript with no
 * imports, so the core and the renderer both use it.
 */
export interface Disposable {
  dispose(): void;
}

/** A disposable from a plain undo function (what `subscribe` returns); calling it twice runs it once. */
export function toDisposable(undo: () => void): Disposable {
  let done = false;
  return {
    dispose() {
      if (done) return;
      done = true;
      undo();
    },
  };
}

export class DisposableStore implements Disposable {
  private readonly items = new Set<Disposable>();
  private disposed = false;

  get isDisposed(): boolean {
    return this.disposed;
  }

  /** Keeps `item` until the store is disposed and returns it; added after that, it is disposed at once. */
  add<T extends Disposable>(item: T): T {
    if (this.disposed) item.dispose();
    else this.items.add(item);
    return item;
  }

  /** Keeps an undo function (an unsubscribe, a removeListener) as a disposable. */
  addUndo(undo: () => void): Disposable {
    return this.add(toDisposable(undo));
  }

  /** A timer that the store clears when it is disposed first. */
  setTimeout(run: () => void, ms: number): Disposable {
    const timer = setTimeout(() => {
      this.items.delete(handle);
      run();
    }, ms);
    const handle = this.addUndo(() => clearTimeout(timer));
    return handle;
  }

  /** Disposes `item` now and forgets it; the rest stay. */
  delete(item: Disposable): void {
    if (this.items.delete(item)) item.dispose();
  }

  /** Disposes everything added so far and keeps the store usable (VS Code's `clear`). */
  clear(): void {
    const items = [...this.items];
    this.items.clear();
    const errors: unknown[] = [];
    for (const item of items) {
      try {
        item.dispose();
      } catch (error) {
        errors.push(error);
      }
    }
    if (errors.length === 1) throw errors[0];
    if (errors.length > 1) throw new AggregateError(errors, `${errors.length} disposables failed to dispose`);
  }

  /** Ends everything it holds, once; anything added later is disposed as it arrives. */
  dispose(): void {
    if (this.disposed) return;
    this.disposed = true;
    this.clear();
  }
}

type Listener = (...args: never[]) => void;

/** Adds `listener` to a Node-style emitter (`on`/`off`); disposing removes it. */
export function listen<F extends Listener>(
  emitter: { on(event: string, f: F): unknown; off(event: string, f: F): unknown },
  event: string,
  listener: F,
): Disposable {
  emitter.on(event, listener);
  return toDisposable(() => emitter.off(event, listener));
}

/** Adds `listener` to a DOM-style target (an AbortSignal, a window); disposing removes it. */
export function listenTo(
  target: {
    addEventListener(event: string, f: () => void, options?: { once?: boolean }): void;
    removeEventListener(event: string, f: () => void): void;
  },
  event: string,
  listener: () => void,
  options?: { once?: boolean },
): Disposable {
  target.addEventListener(event, listener, options);
  return toDisposable(() => target.removeEventListener(event, listener));
}
