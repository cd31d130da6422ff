import { existsSync, rmSync, statSync } from 'node:fs';
import path from 'node:path';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { createDispatcher, createStudioHandlers } from '../../src/api/index.ts';
import { createOutputsService } from '../../src/app/outputsService.ts';
import type { OutputPageView } from '../../src/contract/index.ts';
import type { OutputEntry } from '../../src/outputs/index.ts';
import { resolveWorkspaceImage } from '../../src/paths/index.ts';
import { makeOutputsFixture, type OutputsFixture } from '../helpers/outputsFixture.ts';

let fx: OutputsFixture;
let dispatch: ReturnType<typeof createDispatcher>;
const made: OutputEntry[] = [];

// The fixture commits outputs the way renders did before thumbnails: no thumbnail on disk.
beforeAll(async () => {
  fx = await makeOutputsFixture();
  for (const shotId of ['shot-a1', 'shot-a1', 'shot-a2', 'shot-b1', 'shot-a1'])
    made.push(await fx.render(shotId, { width: 240, height: 360 }));
  const services = { outputs: createOutputsService({ studio: fx.studio, provenance: fx.kit }) };
  dispatch = createDispatcher(
    createStudioHandlers({ workspace: fx.studio.ws, mode: 'browser', services }).handlers,
    () => {},
  );
});
afterAll(() => fx?.cleanup());

const page = async (input: Record<string, unknown>): Promise<OutputPageView> => {
  const r = await dispatch('outputs.page', input);
  if (!r.ok) throw new Error(`outputs.page: ${r.error.code} ${r.error.message}`);
  return r.value as OutputPageView;
};
const thumbFile = (outputId: string) => path.join(fx.workspaceDir, 'outputs', '.thumbs', `${outputId}.webp`);

describe('the gallery: pages of thumbnails', () => {
  it('makes the thumbnail of an output from before thumbnails on first need, served by the /files/ route', async () => {
    expect(made.some((o) => existsSync(thumbFile(o.outputId)))).toBe(false);
    const first = await page({ limit: 2 });
    expect(first.items.map((o) => o.outputId)).toEqual([made[4]!.outputId, made[3]!.outputId]);
    for (const o of first.items) {
      expect(o.thumbnail).toBe(`outputs/.thumbs/${o.outputId}.webp`);
      const { file, contentType } = resolveWorkspaceImage(fx.workspaceDir, o.thumbnail as string);
      expect(contentType).toBe('image/webp');
      const meta = await sharp(file).metadata();
      expect([meta.width, meta.height]).toEqual([213, 320]);
      // The full-size file stays what the viewer opens.
      expect(o.file).toMatch(/^outputs\/shot-/);
    }
    // Only the page asked for: the rest wait for theirs.
    expect(existsSync(thumbFile(made[0]!.outputId))).toBe(false);
  });

  it('reuses a thumbnail once made: the next look does not write it again', async () => {
    const before = statSync(thumbFile(made[4]!.outputId));
    await new Promise((resolve) => setTimeout(resolve, 20));
    const again = await page({ limit: 2 });
    expect(again.items[0]?.thumbnail).toBe(`outputs/.thumbs/${made[4]!.outputId}.webp`);
    const after = statSync(thumbFile(made[4]!.outputId));
    expect([after.ino, after.mtimeMs]).toEqual([before.ino, before.mtimeMs]);
  });

  it('pages with a cursor and filters on the server, the same rows as outputs.list', async () => {
    const first = await page({ shotId: 'shot-a1', limit: 2 });
    const second = await page({ shotId: 'shot-a1', limit: 2, cursor: first.nextCursor });
    expect(second.nextCursor).toBeNull();
    const listed = (await dispatch('outputs.list', { shotId: 'shot-a1' })) as {
      ok: true;
      value: { outputId: string }[];
    };
    expect([...first.items, ...second.items].map((o) => o.outputId)).toEqual(listed.value.map((o) => o.outputId));
    expect(first.items[0]).toMatchObject({ sceneId: 'studio-grey', label: expect.stringContaining('digital twin of') });
    expect((await page({ sceneId: 'no-such-scene' })).items).toEqual([]);
    const bad = await dispatch('outputs.page', { limit: 0 });
    expect(bad.ok ? 'ok' : bad.error.code).toBe('INVALID_INPUT');
    const cursor = await dispatch('outputs.page', { cursor: 'not-a-cursor' });
    expect(cursor.ok ? 'ok' : cursor.error.code).toBe('INVALID_INPUT');
  });

  it('reads the twins once for a page, not once per output', async () => {
    const spy = vi.spyOn(fx.studio.ws.twins, 'list');
    try {
      const all = await page({ limit: 50 });
      expect(all.items).toHaveLength(5);
      expect(spy).toHaveBeenCalledTimes(1);
      spy.mockClear();
      await dispatch('outputs.list', {});
      expect(spy).toHaveBeenCalledTimes(1);
    } finally {
      spy.mockRestore();
    }
  });

  it('shows an output whose file is gone without a thumbnail, and the page still answers', async () => {
    const gone = await fx.render('shot-b1', { width: 240, height: 360 });
    rmSync(gone.file);
    const all = await page({ limit: 50 });
    expect(all.items[0]).toMatchObject({ outputId: gone.outputId, thumbnail: null });
    expect(all.items.filter((o) => o.thumbnail !== null)).toHaveLength(5);
  });
});
