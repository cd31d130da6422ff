import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { isStudioError } from '../../src/errors/index.ts';
import { createOutputsRepo, type NewOutput, type OutputsRepo } from '../../src/outputs/index.ts';
import { openDatabase, type Db } from '../../src/storage/index.ts';
import { FIXTURE_NOW } from '../helpers/clock.ts';
import { tempDir } from '../helpers/fixtures.ts';

let tmp: ReturnType<typeof tempDir>;
let db: Db;
let repo: OutputsRepo;
let at = FIXTURE_NOW.getTime();

const row = (i: number, over: Partial<NewOutput> = {}): NewOutput => ({
  outputId: `out-${String(i).padStart(3, '0')}`,
  shotId: `shot-${i % 3}`,
  file: path.join(tmp.dir, 'outputs', `out-${i}.png`),
  format: 'png',
  width: 800,
  height: 1200,
  sha256: 'a'.repeat(64),
  twinId: 'twin-a',
  licenceId: 'lic-a',
  sceneId: i % 2 ? 'scene-odd' : 'scene-even',
  poseId: i % 4 === 0 ? 'front' : 'side',
  provider: 'cpu',
  ...over,
});

/** Adds outputs 0..n-1; every other one shares the previous one's instant, so ties must be ordered too. */
function seed(n: number): void {
  for (let i = 0; i < n; i++) {
    if (i % 2 === 0) at += 1000;
    repo.add(row(i));
  }
}

const ids = (items: { outputId: string }[]) => items.map((o) => o.outputId);

/** Walks every page of a filter and returns the ids in order, with the number of pages. */
function walk(filter: Parameters<OutputsRepo['page']>[0]): { ids: string[]; pages: number } {
  const all: string[] = [];
  let cursor: string | null = null;
  let pages = 0;
  do {
    const page = repo.page({ ...filter, ...(cursor ? { cursor } : {}) });
    all.push(...ids(page.items));
    cursor = page.nextCursor;
    pages++;
  } while (cursor && pages < 1000);
  return { ids: all, pages };
}

beforeEach(() => {
  tmp = tempDir('twin-outputs-page-');
  db = openDatabase(path.join(tmp.dir, 'studio.db'));
  at = FIXTURE_NOW.getTime();
  repo = createOutputsRepo({ db, root: tmp.dir, now: () => new Date(at) });
});
afterEach(() => {
  db.close();
  tmp.cleanup();
});

describe('outputs paging', () => {
  it('pages newest first with the same order as the full list, ties broken by insertion, no row twice', () => {
    seed(25);
    const full = ids(repo.list());
    expect(full[0]).toBe('out-024');
    const walked = walk({ limit: 7 });
    expect(walked.ids).toEqual(full);
    expect(walked.pages).toBe(4);
    expect(new Set(walked.ids).size).toBe(25);
  });

  it('says there is no next page on the last one, also when the rows fill it exactly', () => {
    seed(10);
    const first = repo.page({ limit: 5 });
    expect(first.items).toHaveLength(5);
    expect(first.nextCursor).not.toBeNull();
    const second = repo.page({ limit: 5, cursor: first.nextCursor as string });
    expect(second.items).toHaveLength(5);
    expect(second.nextCursor).toBeNull();
  });

  it('keeps its place when outputs are added while paging: nothing repeats, nothing after the cursor is skipped', () => {
    seed(12);
    const first = repo.page({ limit: 5 });
    at += 5000;
    repo.add(row(100));
    const rest = walk({ limit: 5, cursor: first.nextCursor as string });
    expect([...ids(first.items), ...rest.ids]).toEqual(ids(repo.list()).filter((id) => id !== 'out-100'));
    expect(repo.page({ limit: 1 }).items[0]?.outputId).toBe('out-100');
  });

  it('filters on the server by state, shot, scene and pose, alone and together', () => {
    seed(24);
    repo.setState('out-004', 'approved', 'ana', null);
    repo.setState('out-010', 'approved', 'ana', null);
    repo.setState('out-011', 'rejected', 'ana', 'hand');
    expect(walk({ state: 'approved', limit: 1 }).ids).toEqual(['out-010', 'out-004']);
    expect(walk({ state: 'rejected' }).ids).toEqual(['out-011']);
    const shot1 = walk({ shotId: 'shot-1', limit: 3 }).ids;
    expect(shot1).toEqual(ids(repo.list({ shotId: 'shot-1' })));
    expect(shot1).toHaveLength(8);
    const odd = walk({ sceneId: 'scene-odd', limit: 5 }).ids;
    expect(odd).toHaveLength(12);
    expect(odd.every((id) => Number(id.slice(4)) % 2 === 1)).toBe(true);
    const front = walk({ poseId: 'front', limit: 2 }).ids;
    expect(front).toEqual(['out-020', 'out-016', 'out-012', 'out-008', 'out-004', 'out-000']);
    expect(walk({ poseId: 'front', sceneId: 'scene-even', shotId: 'shot-0', limit: 2 }).ids).toEqual([
      'out-012',
      'out-000',
    ]);
    expect(walk({ poseId: 'front', state: 'approved' }).ids).toEqual(['out-004']);
    expect(walk({ sceneId: 'no-such-scene' })).toEqual({ ids: [], pages: 1 });
  });

  it('clamps the page size, and refuses a cursor it did not hand out with INVALID_INPUT', () => {
    seed(5);
    expect(repo.page({ limit: 0 }).items).toHaveLength(1);
    expect(repo.page({ limit: 10_000 }).items).toHaveLength(5);
    for (const cursor of ['nonsense', Buffer.from('2026-11-23T10:00:00Z|-1').toString('base64url'), 'fA']) {
      let error: unknown;
      try {
        repo.page({ cursor });
      } catch (e) {
        error = e;
      }
      expect(isStudioError(error) && error.code).toBe('INVALID_INPUT');
    }
  });

  it('answers from an index, never a scan of the table or a sort in memory', () => {
    seed(4);
    const plan = (where: string) =>
      (
        db
          .prepare(`EXPLAIN QUERY PLAN SELECT * FROM outputs ${where} ORDER BY created_at DESC, rowid DESC LIMIT 61`)
          .all() as { detail: string }[]
      )
        .map((r) => r.detail)
        .join(' / ');
    const after =
      "(created_at < '2026-11-23T10:00:03.000Z' OR (created_at = '2026-11-23T10:00:03.000Z' AND rowid < 3))";
    for (const [where, index] of [
      ['', 'SCAN outputs USING INDEX outputs_by_created'],
      [`WHERE ${after}`, 'SEARCH outputs USING INDEX outputs_by_created'],
      ["WHERE state = 'approved'", 'SEARCH outputs USING INDEX outputs_by_state'],
      [`WHERE shot_id = 'shot-1' AND ${after}`, 'SEARCH outputs USING INDEX outputs_by_shot'],
      ["WHERE scene_id = 'scene-odd'", 'SEARCH outputs USING INDEX outputs_by_scene'],
      ["WHERE pose_id = 'front'", 'SEARCH outputs USING INDEX outputs_by_pose'],
    ] as const) {
      const detail = plan(where);
      expect(detail, where).toContain(index);
      expect(detail, where).not.toMatch(/TEMP B-TREE/);
    }
  });

  it('records the pose and gives old rows (no pose) a null one', () => {
    repo.add(row(1));
    db.prepare('UPDATE outputs SET pose_id = NULL').run();
    expect(repo.get('out-001').poseId).toBeNull();
    expect(repo.page({ poseId: 'side' }).items).toEqual([]);
  });
});
