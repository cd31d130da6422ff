import { clockOffsetMs, offsetClock, type Clock } from '../../src/clock/index.ts';

/**
 * The suite's pinned instant. In-process components are handed `fixtureClock` (or a clock of their own
 * near it) and fixtures are dated around it, so no result depends on the day the suite runs. Tests that
 * start real child processes (which read the wall clock, as the product does) date their fixtures from
 * `systemClock()` instead.
 */
export const FIXTURE_NOW = new Date('2026-11-23T10:00:00Z');

export const fixtureClock: Clock = () => FIXTURE_NOW;

/** A clock that starts at `start` and moves one second per call: ordered, distinct record times. */
export function tickingClock(start: Date = FIXTURE_NOW, stepMs = 1000): Clock {
  let t = start.getTime();
  return () => new Date((t += stepMs));
}

/** A clock that runs like the wall clock but started at FIXTURE_NOW when this was called. */
export function runningFixtureClock(): Clock {
  return offsetClock(clockOffsetMs(fixtureClock));
}
