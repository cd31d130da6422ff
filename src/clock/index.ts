/**
 * What time it is. Time is an input: every decision (licence in force, lease age, quota per day) reads a
 * `Clock` handed down from the process's composition root, so tests and tools can pin or move it. Only
 * composition roots (the CLI, browser mode, Electron's main, the registry, a render worker) reach for
 * `systemClock`; a lint rule keeps `new Date()` and `Date.now()` out of the rest of `src/`.
 */
export type Clock = () => Date;

// eslint-disable-next-line no-restricted-syntax -- the one place the wall clock is read.
export const systemClock: Clock = () => new Date();

/** A clock that runs with the wall clock but `offsetMs` apart: how a worker thread keeps its parent's time. */
export function offsetClock(offsetMs: number): Clock {
  return () => new Date(systemClock().getTime() + offsetMs);
}

/** How far `clock` stands from the wall clock, for handing it to a worker thread as `offsetClock(ms)`. */
export function clockOffsetMs(clock: Clock): number {
  return clock().getTime() - systemClock().getTime();
}
