import { spawn } from 'node:child_process';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Shot } from '../../src/shots/index.ts';
import { createWorkspace, type Workspace } from '../../src/workspace/index.ts';
import { fixtureClock } from '../helpers/clock.ts';
import { tempDir } from '../helpers/fixtures.ts';

const root = path.resolve(import.meta.dirname, '../..');
const localNode = path.join(root, 'node_modules', '.bin', 'node');
const CHILD = path.join(root, 'tests', 'helpers', 'shotSaveChild.ts');

const draft: Shot = {
  format: 'shot/2',
  revision: 0,
  shotId: 'shot-1',
  name: 'Shot 1',
  scene: { sceneId: 'scene-1' },
  twin: {
    twinId: 'tw_x',
    poseId: 'front',
    licenceId: 'lic-1',
    transform: { x: 400, y: 600, scale: 2, rotation: 0 },
    hidden: false,
  },
  garments: [],
  look: { shadow: 0.5, harmonize: 0.5 },
  output: { width: 800, height: 1200 },
  use: { channel: 'ecommerce', territory: 'SE' },
  sku: '',
  labels: {},
};

let tmp: ReturnType<typeof tempDir>;
let ws: Workspace;
beforeEach(() => {
  tmp = tempDir('twin-shot-rev-');
  ws = createWorkspace(path.join(tmp.dir, 'ws'), fixtureClock);
});
afterEach(() => {
  ws.close();
  tmp.cleanup();
});

const stored = (shotId: string) => JSON.parse(readFileSync(ws.layout.shot(shotId), 'utf8')) as Shot;

describe('shot revisions', () => {
  it('counts saves: a new shot is stored at revision 1 and each save from the current revision adds one', () => {
    const first = ws.shots.save(draft);
    expect(first.revision).toBe(1);
    const second = ws.shots.save({ ...first, name: 'Renamed' });
    expect(second).toMatchObject({ revision: 2, name: 'Renamed' });
    expect(stored('shot-1')).toMatchObject({ revision: 2, name: 'Renamed' });
  });

  it('refuses the second of two saves made from the same revision, naming the current one; the first edit stays', () => {
    const base = ws.shots.save(draft);
    ws.shots.save({ ...base, name: 'Edited in tab A' });
    let refusal: unknown;
    try {
      ws.shots.save({ ...base, look: { shadow: 0.1, harmonize: 0.5 } });
    } catch (error) {
      refusal = error;
    }
    expect(refusal).toMatchObject({ code: 'SHOT_STALE', details: { shotId: 'shot-1', revision: 2, yours: 1 } });
    expect((refusal as Error).message).toMatch(/revision 2.*revision 1/);
    expect(stored('shot-1')).toMatchObject({ revision: 2, name: 'Edited in tab A', look: { shadow: 0.5 } });

    // Keeping mine is a save that names the revision it now knows it replaces.
    const mine = ws.shots.save({ ...base, revision: 2, look: { shadow: 0.1, harmonize: 0.5 } });
    expect(mine).toMatchObject({ revision: 3, name: 'Shot 1', look: { shadow: 0.1 } });
  });

  it('a save from a revision ahead of the stored one is refused too', () => {
    ws.shots.save(draft);
    expect(() => ws.shots.save({ ...draft, revision: 7 })).toThrow(
      expect.objectContaining({ code: 'SHOT_STALE', details: expect.objectContaining({ revision: 1 }) }),
    );
  });

  it('a shot/1 file (no revision) opens at revision 0 and its first save makes it 1', () => {
    const { revision: _, ...old } = draft;
    writeFileSync(ws.layout.shot('shot-1'), JSON.stringify({ ...old, format: 'shot/1' }));
    const loaded = ws.shots.load('shot-1');
    expect(loaded).toMatchObject({ format: 'shot/2', revision: 0 });
    expect(ws.shots.save({ ...loaded, name: 'Migrated' }).revision).toBe(1);
    expect(() => ws.shots.save({ ...loaded, name: 'Stale' })).toThrow(expect.objectContaining({ code: 'SHOT_STALE' }));
  });

  it('of six processes saving from the same revision at once, exactly one lands and the rest are refused', async () => {
    const base = ws.shots.save(draft);
    const go = path.join(tmp.dir, 'go');
    const [command, args] = existsSync(localNode) ? [localNode, [CHILD]] : ['npx', ['node', CHILD]];
    const children = Array.from({ length: 6 }, (_, i) => {
      const child = spawn(command, args, {
        cwd: root,
        env: {
          ...process.env,
          WORKSPACE_DIR: ws.dir,
          SHOT_ID: base.shotId,
          BASE: String(base.revision),
          NAME: `child ${i}`,
          GO: go,
        },
      });
      let out = '';
      child.stdout.on('data', (d: Buffer) => (out += d.toString()));
      child.stderr.on('data', (d: Buffer) => (out += d.toString()));
      return {
        ready: () => out.startsWith('ready\n'),
        done: new Promise<string>((resolve) => child.on('close', () => resolve(out.replace(/^ready\n/, '').trim()))),
      };
    });
    // Every child has opened the workspace and is polling for the go file before it appears.
    while (!children.every((c) => c.ready())) await new Promise((resolve) => setTimeout(resolve, 20));
    writeFileSync(go, '');
    const results = await Promise.all(children.map((c) => c.done));
    expect(results.filter((r) => r === 'saved 2')).toHaveLength(1);
    expect(results.filter((r) => r === 'SHOT_STALE')).toHaveLength(5);
    const winner = results.indexOf('saved 2');
    expect(stored('shot-1')).toMatchObject({ revision: 2, name: `child ${winner}` });
  }, 60_000);
});
