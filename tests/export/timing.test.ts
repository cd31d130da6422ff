import { describe, expect, it } from 'vitest';
import { addStamped, finishTimings, zeroTimings } from '../../src/export/timing.ts';

const stamped = (n: number) => ({
  prepareMs: { decodeMs: n, unlabelMs: 2 * n, resizeMs: 3 * n },
  timings: { labelMs: 4 * n, watermarkMs: 5 * n, encodeMs: 6 * n, c2paMs: 7 * n, hashMs: 0.5 * n, totalMs: 0 },
});

describe('export timings', () => {
  it('sums each stamped image by phase, the hash counted with C2PA', () => {
    const t = zeroTimings();
    addStamped(t, stamped(1));
    addStamped(t, stamped(2));
    expect(t).toEqual({
      screenMs: 0,
      decodeMs: 3,
      unlabelMs: 6,
      resizeMs: 9,
      labelMs: 12,
      watermarkMs: 15,
      encodeMs: 18,
      c2paMs: 22.5,
      commitMs: 0,
      totalMs: 0,
    });
  });

  it('finishes with whole milliseconds and the total measured from the start', () => {
    const t = { ...zeroTimings(), screenMs: 1.4, commitMs: 2.6 };
    expect(finishTimings(t, 100.2, 350.9)).toMatchObject({ screenMs: 1, commitMs: 3, totalMs: 251 });
    // The running sums are left as they were.
    expect(t.totalMs).toBe(0);
  });
});
