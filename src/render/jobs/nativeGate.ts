import type * as ort from 'onnxruntime-node';
import { StudioError } from '../../errors/index.ts';
import type { SessionFactory } from '../models.ts';

/**
 * When a render worker may be terminated. onnxruntime-node loads a model and runs an inference synchronously on the
 * worker's thread; a worker terminated inside such a call aborts the whole process (the binding throws a C++
 * exception into a dead context). So the worker counts its calls in flight in one shared word, and the pool retires
 * it only at zero: the word then reads RETIRED and the worker starts no further call.
 */
const RETIRED = -1;

/** The shared word, created by the pool and handed to the worker in its `workerData`. */
export function createNativeGate(): SharedArrayBuffer {
  return new SharedArrayBuffer(Int32Array.BYTES_PER_ELEMENT);
}

/** The worker's side: runs `call` counted, or refuses it once the worker is retired. */
export function nativeCall<T>(gate: SharedArrayBuffer, call: () => Promise<T>): Promise<T> {
  const word = new Int32Array(gate);
  for (;;) {
    const calls = Atomics.load(word, 0);
    if (calls === RETIRED)
      return Promise.reject(
        new StudioError('RENDER_CANCELLED', 'The render was cancelled: its worker is being stopped', {}),
      );
    if (Atomics.compareExchange(word, 0, calls, calls + 1) === calls) break;
  }
  const done = (): void => {
    Atomics.sub(word, 0, 1);
    Atomics.notify(word, 0);
  };
  let pending: Promise<T>;
  try {
    pending = call();
  } catch (error) {
    done();
    return Promise.reject(error);
  }
  return pending.finally(done);
}

/** How often a retiring worker's gate is looked at again while it waits (a worker that died mid-call never wakes it). */
const RECHECK_MS = 250;

/**
 * The pool's side: resolves once the worker has no call in flight and can start none, or once `gone()` says the
 * worker has exited (it may have died inside a call); then it may be terminated.
 */
export async function retireWorker(gate: SharedArrayBuffer, gone: () => boolean = () => false): Promise<void> {
  const word = new Int32Array(gate);
  for (;;) {
    const calls = Atomics.compareExchange(word, 0, 0, RETIRED);
    if (calls === 0 || calls === RETIRED || gone()) return;
    const wait = Atomics.waitAsync(word, 0, calls, RECHECK_MS);
    if (wait.async) await wait.value;
  }
}

/** Sessions whose loading, runs and release all pass through the worker's gate. */
export function gatedSessionFactory(create: SessionFactory, gate: SharedArrayBuffer): SessionFactory {
  return async (bytes, provider) => {
    const session = await nativeCall(gate, () => create(bytes, provider));
    return new Proxy(session, {
      get(target, key) {
        if (key === 'run' || key === 'release')
          return (...args: unknown[]) =>
            nativeCall(gate, () => (target[key] as (...a: unknown[]) => Promise<unknown>).apply(target, args));
        const value: unknown = Reflect.get(target, key, target);
        return typeof value === 'function' ? (value as (...a: unknown[]) => unknown).bind(target) : value;
      },
    }) satisfies ort.InferenceSession;
  };
}
