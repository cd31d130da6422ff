import { cpSync, existsSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { systemClock } from '../../src/clock/index.ts';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openStudio } from '../../src/app/index.ts';
import { FAULT_POINTS } from '../../src/cli/faultInjection.ts';
import { createCommands } from '../../src/cli/main.ts';
import { sha256Hex } from '../../src/crypto/index.ts';
import { cli } from '../helpers/cli.ts';
import { runCliProcess, type CliProcessResult } from '../helpers/cliProcess.ts';
import { tempDir } from '../helpers/fixtures.ts';
import { makeRenderWorkspace } from '../helpers/renderWorkspace.ts';

const DAY = 86_400_000;
// Every point of the commit at which a kill can land ('before-rename' is the same point as 'after-insert').
const FAULTS = [
  'before-write',
  'after-write',
  'before-insert',
  'after-insert',
  'after-rename',
  'after-commit',
] as const;
const SURVIVES: Record<(typeof FAULTS)[number], 'both' | 'neither'> = {
  'before-write': 'neither',
  'after-write': 'neither',
  'before-insert': 'neither',
  'after-insert': 'both',
  'after-rename': 'both',
  'after-commit': 'both',
};

interface Case {
  name: string;
  fault: (typeof FAULTS)[number];
  ws: string;
  target: string;
  run?: Promise<CliProcessResult>;
}

const listing = (dir: string): string[] => (existsSync(dir) ? readdirSync(dir) : []);
const partialsBeside = (file: string): string[] =>
  listing(path.dirname(file)).filter((f) => f.startsWith(path.basename(file)) && f.endsWith('.partial'));
const lockFiles = (ws: string): string[] => listing(path.join(ws, 'tmp', 'owners'));

describe('SIGKILL at every step of an output commit, --out inside and outside the workspace', () => {
  let tmp: ReturnType<typeof tempDir>;
  const cases: Case[] = [];
  let unrecoverable: Case;

  beforeAll(async () => {
    tmp = tempDir('twin-crash-');
    const now = new Date();
    const at = (days: number) => new Date(now.getTime() + days * DAY).toISOString();
    const licence = { issuedAt: at(-1), validFrom: at(-1), validUntil: at(30) };
    const fx = await makeRenderWorkspace(path.join(tmp.dir, 'template'), { now: () => now, licence });
    const template = fx.ws.dir;
    fx.ws.close();
    const make = (name: string, fault: Case['fault'], inside: boolean): Case => {
      const ws = path.join(tmp.dir, name, 'ws');
      cpSync(template, ws, { recursive: true });
      const target = inside ? path.join(ws, 'outputs', 'cli', 'out.png') : path.join(tmp.dir, name, 'out', 'out.png');
      return { name, fault, ws, target };
    };
    for (const fault of FAULTS) {
      cases.push(make(`${fault}-inside`, fault, true), make(`${fault}-outside`, fault, false));
    }
    unrecoverable = make('deleted-outside', 'after-insert', false);
    // The children run at once: each commit is killed in its own workspace.
    for (const c of [...cases, unrecoverable]) {
      const args = ['render', 'shot-render-1', '--out', c.target, '--provider', 'cpu', '--workspace', c.ws];
      c.run = runCliProcess(args, { TWIN_STUDIO_FAULT: c.fault });
    }
    await Promise.all([...cases, unrecoverable].map((c) => c.run));
  }, 180_000);
  afterAll(() => tmp.cleanup());

  it('names every fault point of the seam', () => {
    expect(Object.keys(FAULT_POINTS).sort()).toEqual([...FAULTS, 'before-rename'].sort());
    expect(FAULT_POINTS['before-rename']).toBe(FAULT_POINTS['after-insert']);
  });

  const names = FAULTS.flatMap((fault) => [`${fault}-inside`, `${fault}-outside`]);
  it.each(names)('%s: the next command leaves file and record, or neither, and no debris', async (name) => {
    const c = cases.find((x) => x.name === name) as Case;
    const child = await (c.run as Promise<CliProcessResult>);
    expect(child.signal, child.stderr).toBe('SIGKILL');

    // The next command a user runs: `outputs list`, in a new process's place (recovery runs when the studio opens).
    const listed = await cli(createCommands(), ['outputs', 'list', '--workspace', c.ws, '--json'], {}, systemClock);
    expect(listed.code, listed.stderr).toBe(0);
    const outputs = listed.json<{ file: string; fileMissing: boolean; usageId: string }[]>();

    const studio = openStudio(c.ws, { now: systemClock, env: { TWIN_STUDIO_USER: 'check' } });
    try {
      const records = studio.ledger.list();
      if (SURVIVES[c.fault] === 'both') {
        expect(records).toHaveLength(1);
        expect(sha256Hex(readFileSync(c.target))).toBe(records[0]?.outputSha256);
        const listedOne = expect.objectContaining({ file: c.target, usageId: records[0]?.id, fileMissing: false });
        expect(outputs).toEqual([listedOne]);
      } else {
        expect(records).toEqual([]);
        expect(existsSync(c.target)).toBe(false);
        expect(outputs).toEqual([]);
      }
      expect(studio.ledger.verifyChain().ok).toBe(true);
      expect(studio.ledger.openReservations()).toEqual([]);
      expect(studio.commits.pending()).toEqual([]);
    } finally {
      studio.close();
    }
    expect(partialsBeside(c.target)).toEqual([]);
    expect(lockFiles(c.ws)).toEqual([]);
    const verified = await cli(createCommands(), ['ledger', 'verify', '--workspace', c.ws], {}, systemClock);
    expect(verified.code, verified.stderr).toBe(0);
  });

  it('a record whose outside file is gone for good is named by ledger verify and outputs list', async () => {
    const c = unrecoverable;
    expect((await (c.run as Promise<CliProcessResult>)).signal).toBe('SIGKILL');
    // The user tidied the folder: the temp file the commit left there is deleted before the studio opens again.
    const [partial] = partialsBeside(c.target);
    expect(partial).toBeDefined();
    rmSync(path.join(path.dirname(c.target), partial as string));

    const verified = await cli(createCommands(), ['ledger', 'verify', '--workspace', c.ws], {}, systemClock);
    expect(verified.code).toBe(1);
    const studio = openStudio(c.ws, { now: systemClock, env: { TWIN_STUDIO_USER: 'check' } });
    const [record] = studio.ledger.list();
    expect(studio.commits.pending()).toEqual([]);
    expect(studio.ledger.openReservations()).toEqual([]);
    studio.close();
    expect(verified.stderr).toContain('OUTPUT_FILE_MISSING');
    expect(verified.stderr).toContain(record?.id);
    expect(verified.stderr).toContain(c.target);

    const listed = await cli(createCommands(), ['outputs', 'list', '--workspace', c.ws, '--json'], {}, systemClock);
    const missing = expect.objectContaining({ usageId: record?.id, file: c.target, fileMissing: true });
    expect(listed.json()).toEqual([missing]);
    const text = await cli(createCommands(), ['outputs', 'list', '--workspace', c.ws], {}, systemClock);
    expect(text.stdout).toMatch(/file missing/);
  });
});
