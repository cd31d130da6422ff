import { EventEmitter } from 'node:events';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { DisposableStore, listen, listenTo, toDisposable } from '../../src/lifecycle/index.ts';

afterEach(() => {
  vi.useRealTimers();
});

describe('DisposableStore', () => {
  it('returns what it adds and disposes everything once, however often it is disposed', () => {
    const store = new DisposableStore();
    const ended: string[] = [];
    const a = toDisposable(() => ended.push('a'));
    expect(store.add(a)).toBe(a);
    store.addUndo(() => ended.push('b'));
    store.dispose();
    store.dispose();
    expect(ended).toEqual(['a', 'b']);
    expect(store.isDisposed).toBe(true);
  });

  it('disposes at once what is added after it was disposed', () => {
    const store = new DisposableStore();
    store.dispose();
    const undo = vi.fn();
    store.addUndo(undo);
    expect(undo).toHaveBeenCalledTimes(1);
  });

  it('runs a plain undo function once even when disposed twice', () => {
    const undo = vi.fn();
    const d = toDisposable(undo);
    d.dispose();
    d.dispose();
    expect(undo).toHaveBeenCalledTimes(1);
  });

  it('deletes one item and keeps the rest; clear ends all and stays usable', () => {
    const store = new DisposableStore();
    const first = vi.fn();
    const second = vi.fn();
    const a = store.addUndo(first);
    store.addUndo(second);
    store.delete(a);
    expect([first.mock.calls.length, second.mock.calls.length]).toEqual([1, 0]);
    store.clear();
    expect(second).toHaveBeenCalledTimes(1);
    const third = vi.fn();
    store.addUndo(third);
    expect(third).not.toHaveBeenCalled();
  });

  it('disposes the rest when one throws, and rethrows', () => {
    const store = new DisposableStore();
    const after = vi.fn();
    store.addUndo(() => {
      throw new Error('boom');
    });
    store.addUndo(after);
    expect(() => store.dispose()).toThrow('boom');
    expect(after).toHaveBeenCalledTimes(1);
  });

  it('clears its timers when disposed first, and forgets a timer that fired', () => {
    vi.useFakeTimers();
    const store = new DisposableStore();
    const fired = vi.fn();
    const cancelled = vi.fn();
    store.setTimeout(fired, 10);
    store.setTimeout(cancelled, 50);
    vi.advanceTimersByTime(20);
    store.dispose();
    vi.advanceTimersByTime(100);
    expect([fired.mock.calls.length, cancelled.mock.calls.length]).toEqual([1, 0]);
  });

  it('removes emitter and event-target listeners when disposed', () => {
    const emitter = new EventEmitter();
    const controller = new AbortController();
    const store = new DisposableStore();
    const onPing = vi.fn();
    const onAbort = vi.fn();
    store.add(listen(emitter, 'ping', onPing));
    store.add(listenTo(controller.signal, 'abort', onAbort));
    emitter.emit('ping');
    expect(emitter.listenerCount('ping')).toBe(1);
    store.dispose();
    emitter.emit('ping');
    controller.abort();
    expect([onPing.mock.calls.length, onAbort.mock.calls.length, emitter.listenerCount('ping')]).toEqual([1, 0, 0]);
  });
});
