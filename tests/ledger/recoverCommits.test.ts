import { existsSync, readFileSync } from 'node:fs';
import { fixtureClock } from '../helpers/clock.ts';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { openStudio, type Studio } from '../../src/app/index.ts';
import { sha256Hex } from '../../src/crypto/index.ts';
import { commitOutput, emptyRecoveryReport, type CommitStep, type RecoveryReport } from '../../src/ledger/index.ts';
import { childOutputBytes, childRecord } from '../helpers/commitChildOutputs.ts';
import { tempDir } from '../helpers/fixtures.ts';

const dirs: ReturnType<typeof tempDir>[] = [];
const studios: Studio[] = [];
const open = (ws: string): Studio => {
  const s = openStudio(ws, { now: fixtureClock, env: { TWIN_STUDIO_USER: 'tester' } });
  studios.push(s);
  return s;
};
afterEach(() => {
  for (const s of studios.splice(0)) s.close();
  for (const d of dirs.splice(0)) d.cleanup();
});
const workspace = () => {
  const t = tempDir('recover-commits-');
  dirs.push(t);
  return { ws: path.join(t.dir, 'ws'), root: t.dir };
};

describe('recovery beside running commits', () => {
  it('another studio opening mid-commit leaves the running commit alone, at every step', () => {
    const { ws } = workspace();
    const a = open(ws);
    const seen: RecoveryReport[] = [];
    const finalPath = path.join(ws, 'outputs', 'shot_0', 'live.png');
    const { record } = commitOutput({
      ledger: a.ledger,
      journal: a.commits,
      finalPath,
      bytes: childOutputBytes(0),
      record: childRecord(0),
      afterStep: (_step: CommitStep) => {
        const b = openStudio(ws, { now: fixtureClock, env: { TWIN_STUDIO_USER: 'other' } });
        seen.push(b.recovery);
        b.close();
      },
    });
    expect(seen).toHaveLength(6);
    for (const report of seen) expect(report).toEqual(emptyRecoveryReport());
    expect(sha256Hex(readFileSync(finalPath))).toBe(record.outputSha256);
    expect(a.commits.pending()).toEqual([]);
    expect(a.ledger.openReservations()).toEqual([]);
  });

  it('keeps a live studio reservation, and gives back one nobody owns', () => {
    const { ws } = workspace();
    const a = open(ws);
    const mine = a.commits.reserve();
    const orphan = a.ledger.reserveId();
    const b = open(ws);
    expect(b.recovery.released).toEqual([orphan]);
    expect(b.ledger.openReservations()).toEqual([mine]);
    a.close();
    // Closing leaves the row behind as a crash would; the next start gives it back.
    const c = open(ws);
    expect(c.recovery.released).toEqual([mine]);
    expect(c.ledger.openReservations()).toEqual([]);
  });

  it('refuses a second commit to a path another running commit holds', () => {
    const { ws, root } = workspace();
    const a = open(ws);
    const b = open(ws);
    const finalPath = path.join(root, 'elsewhere', 'same.png');
    let inner: unknown;
    commitOutput({
      ledger: a.ledger,
      journal: a.commits,
      finalPath,
      bytes: childOutputBytes(1),
      record: childRecord(1),
      afterStep: (step) => {
        if (step !== 'temp-synced') return;
        try {
          const bytes = childOutputBytes(2);
          commitOutput({ ledger: b.ledger, journal: b.commits, finalPath, bytes, record: childRecord(2) });
        } catch (error) {
          inner = error;
        }
      },
    });
    expect(inner).toMatchObject({ code: 'OUTPUT_EXISTS' });
    expect(readFileSync(finalPath)).toEqual(childOutputBytes(1));
    expect(a.ledger.list()).toHaveLength(1);
    expect(existsSync(`${finalPath}.partial`)).toBe(false);
    expect(b.ledger.openReservations()).toEqual([]);
  });
});
