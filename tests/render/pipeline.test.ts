import { writeFileSync } from 'node:fs';
import path from 'node:path';
import sharp from 'sharp';
import { describe, expect, it } from 'vitest';
import { createSessionCache, GARMENT_SLOTS, type SessionCache } from '../../src/render/index.ts';
import {
  lowestOpaqueRow,
  placeImage,
  poseAffine,
  prepareShot,
  renderShot,
  type RenderResult,
  type StageEvent,
} from '../../src/render/pipeline/index.ts';
import { highestOpaqueRow } from '../../src/render/pipeline/placement.ts';
import type { Shot } from '../../src/shots/index.ts';
import { useRenderFixture, withTees } from '../helpers/renderWorkspace.ts';

const MODELS = path.resolve('models');

/** Centroid and extent of the garment's blue pixels in a render. */
function blueRegion(r: RenderResult): {
  cx: number;
  cy: number;
  x0: number;
  x1: number;
  y0: number;
  y1: number;
  count: number;
} {
  let count = 0,
    sx = 0,
    sy = 0,
    x0 = Infinity,
    x1 = -Infinity,
    y0 = Infinity,
    y1 = -Infinity;
  for (let y = 0; y < r.height; y++)
    for (let x = 0; x < r.width; x++) {
      const p = 4 * (y * r.width + x);
      if ((r.rgba[p + 2] as number) > (r.rgba[p] as number) + 60) {
        count++;
        sx += x;
        sy += y;
        x0 = Math.min(x0, x);
        x1 = Math.max(x1, x);
        y0 = Math.min(y0, y);
        y1 = Math.max(y1, y);
      }
    }
  return { cx: sx / count, cy: sy / count, x0, x1, y0, y1, count };
}

describe('render pipeline', () => {
  const fix = useRenderFixture('twin-render-');

  const render = async (shot: Shot, options: Parameters<typeof renderShot>[2] = {}) =>
    renderShot(await prepareShot(fix.fx.ws, shot), fix.sessions, options);

  it('fits the garment to the pose: the tee spans the shoulders down to the hips, and follows the twin when it moves and turns', async () => {
    for (const transform of [
      fix.fx.shot.twin.transform,
      { ...fix.fx.shot.twin.transform, x: fix.fx.shot.twin.transform.x + 40, rotation: 12 },
    ]) {
      const shot = { ...fix.fx.shot, twin: { ...fix.fx.shot.twin, transform } };
      const r = await render(shot);
      await sharp(r.rgba, { raw: { width: r.width, height: r.height, channels: 4 } })
        .png()
        .toFile(path.join(fix.dir, `fit-${transform.rotation}.png`));
      const pack = await fix.fx.ws.twins.load('twin-render');
      const pose = pack.poses[0]!;
      const at = poseAffine(transform, pose).toOutput;
      const kp = pose.keypoints;
      const shoulders = {
        x: (at(kp.left_shoulder!).x + at(kp.right_shoulder!).x) / 2,
        y: (at(kp.left_shoulder!).y + at(kp.right_shoulder!).y) / 2,
      };
      const hips = {
        x: (at(kp.left_hip!).x + at(kp.right_hip!).x) / 2,
        y: (at(kp.left_hip!).y + at(kp.right_hip!).y) / 2,
      };
      const blue = blueRegion(r);
      const torso = Math.hypot(hips.x - shoulders.x, hips.y - shoulders.y);
      expect(blue.count).toBeGreaterThan(torso * torso * 0.4);
      expect(Math.abs(blue.cx - (shoulders.x + hips.x) / 2)).toBeLessThan(torso * 0.12);
      expect(Math.abs(blue.cy - (shoulders.y + hips.y) / 2)).toBeLessThan(torso * 0.2);
      expect(blue.y0).toBeLessThan(Math.min(at(kp.left_shoulder!).y, at(kp.right_shoulder!).y) + 3);
      expect(blue.y1).toBeGreaterThan(Math.max(at(kp.left_hip!).y, at(kp.right_hip!).y) - 3);
    }
  });

  it('places the twin in the model as the TS placement does (moved, scaled, turned), and its shadow under the soles', async () => {
    for (const transform of [
      fix.fx.shot.twin.transform,
      {
        ...fix.fx.shot.twin.transform,
        x: fix.fx.shot.twin.transform.x - 30,
        scale: fix.fx.shot.twin.transform.scale * 1.15,
        rotation: -20,
      },
    ]) {
      // The twin alone over the scene: no garments, no harmonizing, no shadow.
      const shot: Shot = {
        ...fix.fx.shot,
        twin: { ...fix.fx.shot.twin, transform },
        garments: fix.fx.shot.garments.map((g) => ({ ...g, hidden: true })),
        look: { ...fix.fx.shot.look, harmonize: 0, shadow: 0 },
      };
      const inputs = await prepareShot(fix.fx.ws, shot);
      const r = await renderShot(inputs, fix.sessions);
      const pack = await fix.fx.ws.twins.load(shot.twin.twinId);
      const pose = pack.poses.find((p) => p.poseId === shot.twin.poseId)!;
      const image = await sharp(pack.files.read(pose.image)).ensureAlpha().raw().toBuffer();
      const layer = placeImage(new Uint8Array(image), pose, poseAffine(transform, pose), inputs.output);
      let worst = 0;
      let covered = 0;
      for (let i = 0; i < r.width * r.height; i++) {
        const a = (layer.data[4 * i + 3] as number) / 255;
        if (a > 0.5) covered++;
        for (let c = 0; c < 3; c++) {
          const expected = (layer.data[4 * i + c] as number) + (inputs.scene.data[3 * i + c] as number) * (1 - a);
          worst = Math.max(worst, Math.abs((r.rgba[4 * i + c] as number) - expected));
        }
      }
      expect(covered).toBeGreaterThan(1000); // the twin is in the frame
      expect(worst, `rotation ${transform.rotation}`).toBeLessThanOrEqual(2);
      // The shadow's plan reads the same opaque rows the placed layer shows.
      expect(
        Math.abs(inputs.shadow.floorY + inputs.shadow.band * 0.25 - (lowestOpaqueRow(layer) as number)),
      ).toBeLessThanOrEqual(2);
    }
  });

  it('is deterministic: the same shot, assets and models give byte-identical pixels', async () => {
    const a = await render(fix.fx.shot);
    const b = await render(fix.fx.shot);
    expect(a.rgba.length).toBe(256 * 384 * 4);
    expect(Buffer.from(a.rgba).equals(Buffer.from(b.rgba))).toBe(true);
    const hidden = await render({ ...fix.fx.shot, garments: [{ ...fix.fx.shot.garments[0]!, hidden: true }] });
    expect(Buffer.from(a.rgba).equals(Buffer.from(hidden.rgba))).toBe(false);
    expect(blueRegion(hidden).count).toBe(0);
  });

  it('darkens the floor under the feet (contact shadow) and nowhere far from them', async () => {
    const lit = await render({ ...fix.fx.shot, look: { ...fix.fx.shot.look, shadow: 0 } });
    const shaded = await render(fix.fx.shot);
    const inputs = await prepareShot(fix.fx.ws, fix.fx.shot);
    const y = Math.min(383, Math.round(inputs.shadow.floorY + inputs.shadow.band * 0.5));
    const lum = (r: RenderResult, x: number, yy: number): number => r.rgba[4 * (yy * r.width + x)] as number;
    let darker = 0;
    for (let x = 0; x < 256; x++) if (lum(shaded, x, y) < lum(lit, x, y) - 8) darker++;
    expect(darker).toBeGreaterThan(10);
    expect(lum(shaded, 2, 20)).toBe(lum(lit, 2, 20));
  });

  it('composites more garments than the model has slots in several passes, in z order', async () => {
    const shot = withTees(fix.fx.shot, GARMENT_SLOTS + 1);
    const stages: string[] = [];
    const r = await render(shot, {
      onStage: (e: StageEvent) => (e.ms === undefined ? stages.push(e.stage) : undefined),
    });
    expect(stages).toEqual(['session', 'fit', 'composite-1', 'composite-2', 'pixels']);
    expect(blueRegion(r).count).toBeGreaterThan(1000);
  });

  it('cancels within one stage: an abort during a stage stops before the next', async () => {
    const controller = new AbortController();
    const started: string[] = [];
    const inputs = await prepareShot(fix.fx.ws, fix.fx.shot);
    await expect(
      renderShot(inputs, fix.sessions, {
        signal: controller.signal,
        onStage: (e) => {
          if (e.ms === undefined) started.push(e.stage);
          if (e.stage === 'fit') controller.abort();
        },
      }),
    ).rejects.toMatchObject({ code: 'RENDER_CANCELLED', details: { stage: 'composite' } });
    expect(started).toEqual(['session', 'fit']);
  });

  it('falls back from an unavailable provider and says why', async () => {
    const cache = createSessionCache({ modelsDir: MODELS, providers: ['cuda', 'cpu'] });
    try {
      const r = await renderShot(await prepareShot(fix.fx.ws, fix.fx.shot), cache);
      expect(r.provider).toBe('cpu');
      expect(r.attempts[0]).toMatchObject({ provider: 'cuda', ok: false });
      expect(r.attempts[0]?.reason).toMatch(/\w+/);
      expect(r.attempts[1]).toEqual({ provider: 'cpu', ok: true });
      expect(r.models[0]?.sha256).toMatch(/^[0-9a-f]{64}$/);
    } finally {
      await cache.release();
    }
  });

  it('moves a job that runs out of GPU memory to the next provider and records why', async () => {
    const real = await fix.sessions.get('render-combined');
    const oom = {
      ...real.session,
      outputNames: real.session.outputNames,
      run: () => Promise.reject(new Error('CUDA failure 2: out of memory')),
    } as unknown as typeof real.session;
    const fake: SessionCache = {
      manifest: () => fix.sessions.manifest(),
      get: async (id, providers) =>
        providers?.[0] === 'cuda'
          ? { ...real, session: oom, provider: 'cuda', attempts: [{ provider: 'cuda', ok: true }] }
          : fix.sessions.get(id, providers),
      release: async () => {},
    };
    const r = await renderShot(await prepareShot(fix.fx.ws, fix.fx.shot), fake, { providers: ['cuda', 'cpu'] });
    expect(r.provider).toBe('cpu');
    expect(r.attempts).toEqual([
      { provider: 'cuda', ok: false, reason: expect.stringMatching(/out of memory/) },
      { provider: 'cpu', ok: true },
    ]);
    expect(blueRegion(r).count).toBeGreaterThan(1000);
  });

  it('refuses a corrupt and an oversized input cleanly and keeps working', async () => {
    const garmentFile = path.join(fix.fx.ws.layout.garment('tee-blue'), 'garment.png');
    const good = await sharp(garmentFile).png().toBuffer();
    try {
      writeFileSync(garmentFile, good.subarray(0, Math.floor(good.length / 2)));
      await expect(prepareShot(fix.fx.ws, fix.fx.shot)).rejects.toMatchObject({ code: 'IMAGE_CORRUPT' });
      writeFileSync(
        garmentFile,
        await sharp({ create: { width: 9000, height: 8, channels: 4, background: '#000f' } })
          .png()
          .toBuffer(),
      );
      await expect(prepareShot(fix.fx.ws, fix.fx.shot)).rejects.toMatchObject({ code: 'IMAGE_TOO_LARGE' });
    } finally {
      writeFileSync(garmentFile, good);
    }
    expect(blueRegion(await render(fix.fx.shot)).count).toBeGreaterThan(1000);
  });

  it('places the twin and reports the rows its opaque part spans, as a scan of the layer finds them', () => {
    // A 20×30 cut-out: an opaque disc with a soft edge, transparent corners.
    const w = 20;
    const h = 30;
    const rgba = new Uint8Array(4 * w * h);
    for (let y = 0; y < h; y++)
      for (let x = 0; x < w; x++) {
        const d = Math.hypot((x + 0.5 - 10) / 9, (y + 0.5 - 15) / 14);
        rgba.set([200, 120, 90, Math.round(255 * Math.min(1, Math.max(0, (1 - d) * 4)))], 4 * (y * w + x));
      }
    for (const transform of [
      { x: 32, y: 40, scale: 1.7, rotation: 0 },
      { x: 30, y: 44, scale: 1.3, rotation: 25 },
      { x: 12, y: 70, scale: 2.2, rotation: 0 },
      { x: 32, y: 400, scale: 1, rotation: 0 },
    ]) {
      const layer = placeImage(rgba, { width: w, height: h }, poseAffine(transform, { width: w, height: h }), {
        width: 64,
        height: 80,
      });
      expect(layer.opaqueRows).toEqual({ crown: highestOpaqueRow(layer), soles: lowestOpaqueRow(layer) });
    }
  });

  it('refuses a scene truncated in rows the cover crop leaves out, and crops a scene of another shape', async () => {
    const sceneFile = fix.fx.ws.catalog.scene(fix.fx.shot.scene.sceneId).imagePath;
    const good = await sharp(sceneFile).png().toBuffer();
    // Taller than the output's shape: covering it crops rows top and bottom. Noise, so the last rows fill the file's tail.
    const [w, h] = [256, 1280];
    const noise = Buffer.alloc(w * h * 3);
    for (let i = 0; i < noise.length; i++) noise[i] = (Math.imul(i, 2654435761) >>> 24) & 255;
    const tall = await sharp(noise, { raw: { width: w, height: h, channels: 3 } })
      .png()
      .toBuffer();
    try {
      writeFileSync(sceneFile, tall.subarray(0, Math.floor(tall.length * 0.99)));
      await expect(prepareShot(fix.fx.ws, fix.fx.shot)).rejects.toMatchObject({ code: 'IMAGE_CORRUPT' });
      writeFileSync(sceneFile, tall);
      const inputs = await prepareShot(fix.fx.ws, fix.fx.shot);
      expect([inputs.scene.width, inputs.scene.height, inputs.scene.channels]).toEqual([256, 384, 3]);
      // The centre rows, unscaled (the width already matches).
      const top = (h - 384) / 2;
      expect(Buffer.from(inputs.scene.data).equals(noise.subarray(3 * w * top, 3 * w * (top + 384)))).toBe(true);
    } finally {
      writeFileSync(sceneFile, good);
    }
  });
});
