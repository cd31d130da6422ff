import { describe, expect, it } from 'vitest';
import { createNativeGate, nativeCall, retireWorker } from '../../src/render/jobs/nativeGate.ts';

describe('native gate: a render worker is retired only between onnxruntime calls', () => {
  it('retires at once when no call is in flight, and a retired worker starts no call', async () => {
    const gate = createNativeGate();
    await retireWorker(gate);
    let called = false;
    await expect(nativeCall(gate, async () => (called = true))).rejects.toMatchObject({ code: 'RENDER_CANCELLED' });
    expect(called).toBe(false);
    await retireWorker(gate);
  });

  it('waits for every call in flight, failed ones too, before it retires', async () => {
    const gate = createNativeGate();
    const events: string[] = [];
    const release: (() => void)[] = [];
    const call = (name: string, fails: boolean) =>
      nativeCall(
        gate,
        () =>
          new Promise<void>((resolve, reject) =>
            release.push(() => (events.push(name), fails ? reject(new Error(name)) : resolve())),
          ),
      ).catch(() => undefined);
    const first = call('first', false);
    const second = call('second', true);
    const retired = retireWorker(gate).then(() => events.push('retired'));
    await new Promise((r) => setTimeout(r, 20));
    expect(events).toEqual([]);
    release[1]!();
    await second;
    await new Promise((r) => setTimeout(r, 20));
    expect(events).toEqual(['second']);
    release[0]!();
    await Promise.all([first, retired]);
    expect(events).toEqual(['second', 'first', 'retired']);
  });

  it('counts a call that throws before it returns a promise as ended', async () => {
    const gate = createNativeGate();
    const throws = (): Promise<void> => {
      throw new Error('no session');
    };
    await expect(nativeCall(gate, throws)).rejects.toThrow('no session');
    await retireWorker(gate, () => false);
  });

  it('gives up waiting on a worker that died inside a call', async () => {
    const gate = createNativeGate();
    void nativeCall(gate, () => new Promise<void>(() => {}));
    let gone = false;
    setTimeout(() => (gone = true), 50);
    await retireWorker(gate, () => gone);
    expect(gone).toBe(true);
  });
});
