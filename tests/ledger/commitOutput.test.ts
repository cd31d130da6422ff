import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { sha256Hex } from '../../src/crypto/index.ts';
import {
  COMMIT_STEPS,
  commitOutput,
  emptyRecoveryReport,
  recoverOutputs,
  tempPathFor,
  type CommitStep,
} from '../../src/ledger/index.ts';
import { childOutputBytes, childOutputPath, childRecord } from '../helpers/commitChildOutputs.ts';
import { makeLedgerFixture } from '../helpers/ledgerFixture.ts';

const root = path.resolve(import.meta.dirname, '../..');
const localNode = path.join(root, 'node_modules', '.bin', 'node');
const CHILD = path.join(root, 'tests', 'helpers', 'commitChild.ts');

/** Runs the child with the project's Node 24 (what `npx node` resolves to, without npm's start-up cost). */
function runChild(dir: string, env: Record<string, string>) {
  const [command, args] = existsSync(localNode) ? [localNode, [CHILD]] : ['npx', ['node', CHILD]];
  return spawnSync(command, args, {
    cwd: root,
    env: { ...process.env, LEDGER_DIR: dir, ...env },
    encoding: 'utf8',
    timeout: 20_000,
  });
}

const fixtures: ReturnType<typeof makeLedgerFixture>[] = [];
const fixture = () => {
  const f = makeLedgerFixture();
  fixtures.push(f);
  writeFileSync(path.join(f.dir, 'key.json'), JSON.stringify(f.key));
  return f;
};
afterEach(() => {
  for (const f of fixtures.splice(0)) f.cleanup();
});

function partials(dir: string): string[] {
  return readdirSync(dir, { recursive: true, encoding: 'utf8' }).filter((name) => name.endsWith('.partial'));
}

describe('commitOutput', () => {
  it('writes the file and its record together, and refuses to overwrite', () => {
    const f = fixture();
    const finalPath = path.join(f.dir, 'outputs', 'a', 'one.png');
    const bytes = Buffer.from('pixels');
    const id = f.ledger.reserveId();
    const steps: CommitStep[] = [];
    const { record } = commitOutput({
      ledger: f.ledger,
      finalPath,
      bytes,
      record: { ...childRecord(0), id },
      afterStep: (s) => steps.push(s),
    });
    expect(steps).toEqual([...COMMIT_STEPS]);
    expect(record).toMatchObject({ id, seq: 1, outputSha256: sha256Hex(bytes) });
    expect(readFileSync(finalPath)).toEqual(bytes);
    expect(existsSync(tempPathFor(finalPath, id))).toBe(false);
    expect(f.ledger.openReservations()).toEqual([]);
    expect(() => commitOutput({ ledger: f.ledger, finalPath, bytes, record: childRecord(1) })).toThrow(
      expect.objectContaining({ code: 'OUTPUT_EXISTS' }),
    );
    expect(f.ledger.head().seq).toBe(1);
  });

  it('removes the temp file and records nothing when the record is refused', () => {
    const f = fixture();
    const finalPath = path.join(f.dir, 'outputs', 'b.png');
    expect(() =>
      commitOutput({
        ledger: f.ledger,
        finalPath,
        bytes: Buffer.from('x'),
        record: { ...childRecord(0), ref: f.ledger.reserveId() },
      }),
    ).toThrow(expect.objectContaining({ code: 'LEDGER_INPUT_INVALID' }));
    expect(existsSync(finalPath)).toBe(false);
    expect(partials(f.dir)).toEqual([]);
    expect(f.ledger.head().seq).toBe(0);
  });
});

describe('a crash at any step of a commit leaves both the file and its record, or neither', () => {
  const expectations: Record<CommitStep, 'neither' | 'both'> = {
    begun: 'neither',
    'temp-written': 'neither',
    'temp-synced': 'neither',
    recorded: 'both',
    renamed: 'both',
    'dir-synced': 'both',
  };

  for (const step of COMMIT_STEPS) {
    it(`SIGKILL after ${step}`, () => {
      const f = fixture();
      const child = runChild(f.dir, { COUNT: '4', KILL_INDEX: '2', KILL_STEP: step });
      expect(child.signal, child.stderr).toBe('SIGKILL');
      const outputsDir = path.join(f.dir, 'outputs');
      expect(partials(f.dir)).toHaveLength(step === 'begun' || step === 'renamed' || step === 'dir-synced' ? 0 : 1);

      const report = recoverOutputs({ ledger: f.ledger, outputsDir });
      expect(report.conflicts).toEqual([]);
      expect(report.discarded).toHaveLength(expectations[step] === 'neither' && step !== 'begun' ? 1 : 0);
      expect(report.completed).toEqual(step === 'recorded' ? [childOutputPath(f.dir, 2)] : []);
      expect(partials(f.dir)).toEqual([]);

      const state = [0, 1, 2, 3].map((i) => {
        const file = childOutputPath(f.dir, i);
        const records = f.ledger.byOutputSha256(sha256Hex(childOutputBytes(i)));
        const hasFile = existsSync(file);
        if (hasFile) expect(sha256Hex(readFileSync(file))).toBe(records[0]?.outputSha256);
        if (hasFile && records.length === 1) return 'both';
        if (!hasFile && records.length === 0) return 'neither';
        return `broken: file ${hasFile}, records ${records.length}`;
      });
      expect(state).toEqual(['both', 'both', expectations[step], 'neither']);
      expect(f.ledger.verifyChain()).toMatchObject({ ok: true, count: expectations[step] === 'both' ? 3 : 2 });

      // The studio carries on: the next commit takes the next seq and the chain still verifies.
      const next = commitOutput({
        ledger: f.ledger,
        finalPath: childOutputPath(f.dir, 3),
        bytes: childOutputBytes(3),
        record: childRecord(3),
      });
      expect(next.record.seq).toBe(expectations[step] === 'both' ? 4 : 3);
      expect(f.ledger.verifyChain().ok).toBe(true);
    });
  }

  it('runs to the end when nothing kills it', () => {
    const f = fixture();
    const child = runChild(f.dir, { COUNT: '3' });
    expect(child.status, child.stderr).toBe(0);
    const report = recoverOutputs({ ledger: f.ledger, outputsDir: path.join(f.dir, 'outputs') });
    expect(report).toEqual(emptyRecoveryReport());
    expect(f.ledger.verifyChain()).toMatchObject({ ok: true, count: 3 });
    expect(f.ledger.openReservations()).toEqual([]);
  });

  it('leaves a temp file alone when its bytes contradict its record', () => {
    const f = fixture();
    const finalPath = path.join(f.dir, 'outputs', 'c.png');
    mkdirSync(path.dirname(finalPath), { recursive: true });
    const record = f.ledger.append({ ...childRecord(0), outputSha256: sha256Hex('the real bytes') });
    writeFileSync(tempPathFor(finalPath, record.id), 'other bytes');
    const report = recoverOutputs({ ledger: f.ledger, outputsDir: path.join(f.dir, 'outputs') });
    expect(report.conflicts).toHaveLength(1);
    expect(report.conflicts[0]?.reason).toContain('differs');
    expect(existsSync(finalPath)).toBe(false);
  });
});
