import { mkdirSync, readFileSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { sha256Hex } from '../../src/crypto/index.ts';
import { commitExport } from '../../src/export/commit.ts';
import { openExportState } from '../../src/export/exportState.ts';
import { BUILTIN_PRESETS } from '../../src/export/preset.schema.ts';
import type { OutputEntry } from '../../src/outputs/index.ts';
import { makeLedgerFixture, renderInput } from '../helpers/ledgerFixture.ts';

describe('the ledger commit of one exported image', () => {
  let fx: ReturnType<typeof makeLedgerFixture> | undefined;
  afterEach(() => fx?.cleanup());

  it('writes the file with an export record pointing at the render, unbilled, and notes it in the batch state', () => {
    fx = makeLedgerFixture();
    const render = fx.ledger.append(renderInput(1));
    const dir = path.join(fx.dir, 'batch');
    mkdirSync(dir);
    const state = openExportState(dir, BUILTIN_PRESETS[0]!);
    const bytes = Buffer.from('exported pixels');
    const output = { outputId: render.id } as OutputEntry;
    const record = commitExport({
      ledger: fx.ledger,
      state,
      dir,
      file: 'SKU-1_front_1.jpg',
      cleared: { output, render },
      stamped: { bytes, sha256: sha256Hex(bytes) },
    });
    expect(record).toMatchObject({
      kind: 'export',
      ref: render.id,
      twinId: render.twinId,
      licenceId: render.licenceId,
      shotId: render.shotId,
      use: render.use,
      outputSha256: sha256Hex(bytes),
      fee: { amount: 0, currency: 'EUR' },
    });
    expect(readFileSync(path.join(dir, 'SKU-1_front_1.jpg'))).toEqual(bytes);
    expect(readdirSync(dir).sort()).toEqual(['SKU-1_front_1.jpg', 'export-state.json']);
    expect(state.get(render.id)).toEqual({
      file: 'SKU-1_front_1.jpg',
      sha256: sha256Hex(bytes),
      exportRecordId: record.id,
    });
    expect(fx.ledger.verifyChain()).toMatchObject({ ok: true });
  });

  it('never overwrites a file already in the batch, and records nothing for it', () => {
    fx = makeLedgerFixture();
    const render = fx.ledger.append(renderInput(2));
    const dir = path.join(fx.dir, 'batch');
    mkdirSync(dir);
    const state = openExportState(dir, BUILTIN_PRESETS[0]!);
    const once = (text: string) =>
      commitExport({
        ledger: fx!.ledger,
        state,
        dir,
        file: 'a.jpg',
        cleared: { output: { outputId: render.id } as OutputEntry, render },
        stamped: { bytes: Buffer.from(text), sha256: sha256Hex(Buffer.from(text)) },
      });
    once('first');
    expect(() => once('second')).toThrow(expect.objectContaining({ code: 'OUTPUT_EXISTS' }));
    expect(readFileSync(path.join(dir, 'a.jpg'), 'utf8')).toBe('first');
    expect(fx.ledger.list({ kind: 'export' })).toHaveLength(1);
  });
});
