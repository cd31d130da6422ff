import { describe, expect, it } from 'vitest';
import { createLookAhead } from '../../src/export/lookAhead.ts';

/** A prepare whose promises the test settles by hand, recording which items were started. */
function manual() {
  const started: number[] = [];
  const settle = new Map<number, { resolve: (v: string) => void; reject: (e: Error) => void }>();
  const prepare = (item: number) =>
    new Promise<string>((resolve, reject) => {
      started.push(item);
      settle.set(item, { resolve, reject });
    });
  return { started, settle, prepare };
}

describe('look-ahead', () => {
  it('starts the taken item and the next ones up to the limit, and hands results back in order', async () => {
    const m = manual();
    const ahead = createLookAhead([10, 11, 12, 13, 14, 15], m.prepare, 3);
    const first = ahead.take(0);
    expect(m.started).toEqual([10, 11, 12]);
    m.settle.get(11)!.resolve('b');
    m.settle.get(10)!.resolve('a');
    await expect(first).resolves.toBe('a');
    const second = ahead.take(1);
    expect(m.started).toEqual([10, 11, 12, 13]);
    await expect(second).resolves.toBe('b');
  });

  it('never starts past the end, and never starts an item twice', async () => {
    const m = manual();
    const ahead = createLookAhead([1, 2], m.prepare, 4);
    const p = ahead.take(0);
    void ahead.take(1);
    expect(m.started).toEqual([1, 2]);
    m.settle.get(1)!.resolve('x');
    await p;
  });

  it('keeps the failure of an item started ahead for its turn, unhandled by nobody, and settles on stop', async () => {
    const m = manual();
    const ahead = createLookAhead([1, 2, 3], m.prepare, 3);
    const first = ahead.take(0);
    m.settle.get(3)!.reject(new Error('bad pixels'));
    m.settle.get(1)!.resolve('ok');
    await expect(first).resolves.toBe('ok');
    // Stopping here: settle waits for item 2 (still pending) and swallows item 3's failure.
    let settled = false;
    const done = ahead.settle().then(() => (settled = true));
    await Promise.resolve();
    expect(settled).toBe(false);
    m.settle.get(2)!.resolve('late');
    await done;
    expect(settled).toBe(true);
  });

  it('hands a failure to the caller when its turn comes', async () => {
    const m = manual();
    const ahead = createLookAhead([1], m.prepare, 2);
    const p = ahead.take(0);
    m.settle.get(1)!.reject(new Error('no file'));
    await expect(p).rejects.toThrow('no file');
  });
});
