import type { restamp } from './restamp.ts';

/** Milliseconds summed over a run's exported images, by phase (where export time goes). */
export interface ExportTimings {
  screenMs: number;
  decodeMs: number;
  unlabelMs: number;
  resizeMs: number;
  labelMs: number;
  watermarkMs: number;
  encodeMs: number;
  c2paMs: number;
  commitMs: number;
  totalMs: number;
}

export const zeroTimings = (): ExportTimings => ({
  screenMs: 0,
  decodeMs: 0,
  unlabelMs: 0,
  resizeMs: 0,
  labelMs: 0,
  watermarkMs: 0,
  encodeMs: 0,
  c2paMs: 0,
  commitMs: 0,
  totalMs: 0,
});

type Stamped = Pick<Awaited<ReturnType<typeof restamp>>, 'prepareMs' | 'timings'>;

/** Adds one stamped image's phases (C2PA counts its hash). */
export function addStamped(t: ExportTimings, stamped: Stamped): void {
  t.decodeMs += stamped.prepareMs.decodeMs;
  t.unlabelMs += stamped.prepareMs.unlabelMs;
  t.resizeMs += stamped.prepareMs.resizeMs;
  t.labelMs += stamped.timings.labelMs;
  t.watermarkMs += stamped.timings.watermarkMs;
  t.encodeMs += stamped.timings.encodeMs;
  t.c2paMs += stamped.timings.c2paMs + stamped.timings.hashMs;
}

/** The run's totals in whole milliseconds, `totalMs` measured from `startedMs` (a performance.now() reading). */
export function finishTimings(t: ExportTimings, startedMs: number, nowMs = performance.now()): ExportTimings {
  const all = { ...t, totalMs: nowMs - startedMs };
  return Object.fromEntries(Object.entries(all).map(([k, v]) => [k, Math.round(v)])) as unknown as ExportTimings;
}
