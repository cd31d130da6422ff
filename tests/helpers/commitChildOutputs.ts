import path from 'node:path';
import type { AppendInput } from '../../src/ledger/index.ts';

/** What the crash-test child writes for output i, so the parent can look for it afterwards. */
export const childOutputPath = (dir: string, i: number): string =>
  path.join(dir, 'outputs', 'shot_a', `render-${i}.png`);
export const childOutputBytes = (i: number): Buffer =>
  Buffer.concat([Buffer.from(`output ${i}\n`), Buffer.alloc(64 * 1024, i)]);
export const childRecord = (i: number): Omit<AppendInput, 'outputSha256'> => ({
  kind: 'render',
  twinId: 'tw_mara',
  licenceId: 'lic_0001',
  shotId: `shot_${i}`,
  ref: null,
  use: { channel: 'web', territory: 'DE' },
  fee: { amount: 1200, currency: 'EUR' },
});
