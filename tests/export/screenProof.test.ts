import { describe, expect, it } from 'vitest';
import { createScreening } from '../../src/export/screen.ts';
import type { OutputEntry } from '../../src/outputs/index.ts';
import { FIXTURE_NOW } from '../helpers/clock.ts';

describe('screening proofs', () => {
  const output = { outputId: 'out-proof', shotId: 'shot-a', file: '/nowhere.png' } as OutputEntry;
  const screenWith = (kind: string) =>
    createScreening({
      ws: { workstationKey: { publicKeyPem: '' } } as never,
      ledger: { get: () => ({ id: 'out-proof', kind }) } as never,
      now: FIXTURE_NOW,
    });

  it('holds back an output whose ledger record is a proof, saying proofs never leave', async () => {
    await expect(screenWith('proof')(output)).resolves.toEqual({
      ok: false,
      held: expect.objectContaining({ outputId: 'out-proof', code: 'EXPORT_PROOF_REFUSED' }),
    });
  });
});
