import { randomUUID } from 'node:crypto';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { sha256Hex } from '../../src/crypto/index.ts';
import { openExportState } from '../../src/export/exportState.ts';
import { BUILTIN_PRESETS } from '../../src/export/preset.schema.ts';
import { withdrawStale } from '../../src/export/withdraw.ts';

describe('withdrawal of files that may no longer leave', () => {
  const dirs: string[] = [];
  afterEach(() => dirs.splice(0).forEach((d) => rmSync(d, { recursive: true, force: true })));

  it('removes the batch files of outputs not kept, only while each is still the file the batch wrote', () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'withdraw-'));
    dirs.push(dir);
    const state = openExportState(dir, BUILTIN_PRESETS[0]!);
    const write = (file: string, body: string) => {
      writeFileSync(path.join(dir, file), body);
      return sha256Hex(Buffer.from(body));
    };
    state.set('out-kept', { file: 'kept.jpg', sha256: write('kept.jpg', 'k'), exportRecordId: randomUUID() });
    state.set('out-stale', { file: 'stale.jpg', sha256: write('stale.jpg', 's'), exportRecordId: randomUUID() });
    state.set('out-edited', { file: 'edited.jpg', sha256: write('edited.jpg', 'e'), exportRecordId: randomUUID() });
    state.set('out-gone', { file: 'gone.jpg', sha256: sha256Hex(Buffer.from('g')), exportRecordId: randomUUID() });
    // Someone replaced this file since: it is not ours any more, so it stays.
    writeFileSync(path.join(dir, 'edited.jpg'), 'changed by hand');

    expect(withdrawStale(dir, state, new Set(['out-kept']))).toEqual(['stale.jpg']);
    expect(existsSync(path.join(dir, 'stale.jpg'))).toBe(false);
    expect(existsSync(path.join(dir, 'edited.jpg'))).toBe(true);
    expect(existsSync(path.join(dir, 'kept.jpg'))).toBe(true);
    // The state forgets every output not kept, and says so on disk for the next run.
    expect(
      openExportState(dir, BUILTIN_PRESETS[0]!)
        .entries()
        .map(([id]) => id),
    ).toEqual(['out-kept']);
  });
});
