import { readFileSync } from 'node:fs';
import path from 'node:path';
import * as ort from 'onnxruntime-node';
import { beforeAll, describe, expect, it } from 'vitest';
import {
  halfSizeShot,
  prepareShot,
  renderShot,
  type RenderResult,
  type StageEvent,
  UPSCALE_MODEL_ID,
} from '../../src/render/pipeline/index.ts';
import { esrganPackageDir, esrganUpscaleModel, loadEsrganSlim } from '../../src/render/learned/esrganSlim.ts';
import { kerasReference } from '../../src/render/reference/keras.ts';
import { resizeLinear } from '../../src/render/reference/sampling.ts';
import { bilinearResize, psnr, ssim } from '../helpers/imageQuality.ts';
import { relativeError, rng } from '../helpers/renderFixtures.ts';
import { useRenderFixture } from '../helpers/renderWorkspace.ts';

const dir = esrganPackageDir();

describe.skipIf(!dir)('upscale stage (ESRGAN slim 2×, converted from TF.js)', () => {
  it('matches an NHWC reference of the Keras layers on a tiny random image', async () => {
    const model = esrganUpscaleModel(dir as string);
    const session = await ort.InferenceSession.create(model.bytes);
    const [w, h] = [7, 5];
    const rgb = Float32Array.from({ length: 3 * w * h }, rng(5));
    const out = await session.run({ image: new ort.Tensor('float32', rgb, [1, 3, h, w]) });
    expect(out.upscaled!.dims).toEqual([1, 3, 2 * h, 2 * w]);
    const ref = kerasReference(loadEsrganSlim(dir as string), rgb, w, h);
    expect(relativeError(out.upscaled!.data as Float32Array, ref.data)).toBeLessThan(1e-4);
  });

  it('upscales a smooth image to something close to its bilinear enlargement', async () => {
    const session = await ort.InferenceSession.create(esrganUpscaleModel(dir as string).bytes);
    const [w, h] = [32, 24];
    const n = w * h;
    const rgb = new Float32Array(3 * n);
    for (let y = 0; y < h; y++)
      for (let x = 0; x < w; x++) {
        rgb[y * w + x] = 0.2 + (0.6 * x) / w;
        rgb[n + y * w + x] = 0.3 + 0.4 * Math.sin(y / 5);
        rgb[2 * n + y * w + x] = 0.5;
      }
    const out = (await session.run({ image: new ort.Tensor('float32', rgb, [1, 3, h, w]) })).upscaled!
      .data as Float32Array;
    const bilinear = resizeLinear({ data: rgb, width: w, height: h, channels: 3 }, 2 * w, 2 * h, 'half_pixel');
    let sum = 0;
    for (let i = 0; i < out.length; i++) sum += Math.abs((out[i] as number) - (bilinear.data[i] as number));
    expect(sum / out.length).toBeLessThan(0.03); // a wrong input range or weight layout gives ~0.2+
  });
});

describe('the upscale render path (half size, then the learned 2× model)', () => {
  const MODELS = path.resolve('models');
  const fix = useRenderFixture('twin-upscale-');
  let direct: RenderResult;
  let upscaled: RenderResult;
  const events: StageEvent[] = [];

  beforeAll(async () => {
    direct = await renderShot(await prepareShot(fix.fx.ws, fix.fx.shot), fix.sessions);
    upscaled = await renderShot(await prepareShot(fix.fx.ws, fix.fx.shot, { upscale: true }), fix.sessions, {
      upscale: true,
      onStage: (e) => events.push(e),
    });
  });

  it("ends at the shot's output size, reports the upscale stage and lists the upscale model for provenance", () => {
    expect([upscaled.width, upscaled.height, upscaled.rgba.length]).toEqual([
      fix.fx.shot.output.width,
      fix.fx.shot.output.height,
      4 * fix.fx.shot.output.width * fix.fx.shot.output.height,
    ]);
    expect(events.filter((e) => e.ms !== undefined).map((e) => e.stage)).toEqual([
      'session',
      'fit',
      'composite',
      'upscale',
      'pixels',
    ]);
    const ended = events.find((e) => e.stage === 'upscale' && e.ms !== undefined) as StageEvent;
    expect([ended.index, ended.total]).toEqual([3, 5]);
    expect(upscaled.timings.upscale).toBeGreaterThan(0);
    const manifest = JSON.parse(readFileSync(path.join(MODELS, 'manifest.json'), 'utf8')) as {
      models: { id: string; sha256: string }[];
    };
    const entry = manifest.models.find((m) => m.id === UPSCALE_MODEL_ID) as { id: string; sha256: string };
    expect(upscaled.models).toEqual([
      { id: 'render-combined', sha256: direct.models[0]?.sha256 },
      { id: entry.id, sha256: entry.sha256 },
    ]);
  });

  it('is close to the direct full-size render (measured 36.6 dB, SSIM 0.985) and no worse than a bilinear 2× of the half render', async () => {
    const half = await renderShot(await prepareShot(fix.fx.ws, halfSizeShot(fix.fx.shot)), fix.sessions);
    expect([half.width, half.height]).toEqual([fix.fx.shot.output.width / 2, fix.fx.shot.output.height / 2]);
    const bilinear = bilinearResize(half, fix.fx.shot.output.width, fix.fx.shot.output.height);
    const learned = psnr(upscaled, direct);
    expect(learned).toBeGreaterThan(34);
    expect(ssim(upscaled, direct)).toBeGreaterThan(0.97);
    // The learned model measured +0.03 dB over bilinear here: it must not fall behind the plain enlargement.
    expect(learned).toBeGreaterThan(psnr(bilinear, direct) - 0.25);
    // A misplaced twin (geometry not halved) or a shifted upscale drops far below: the floor means something.
    const shifted = { ...upscaled, rgba: upscaled.rgba.slice(4 * 3 * upscaled.width) };
    expect(
      psnr(
        { ...shifted, height: upscaled.height - 3 },
        { ...direct, rgba: direct.rgba.subarray(0, shifted.rgba.length), height: direct.height - 3 },
      ),
    ).toBeLessThan(34);
  });

  it('is deterministic', async () => {
    const again = await renderShot(await prepareShot(fix.fx.ws, fix.fx.shot, { upscale: true }), fix.sessions, {
      upscale: true,
    });
    expect(Buffer.from(again.rgba).equals(Buffer.from(upscaled.rgba))).toBe(true);
  });

  it('crops back to an odd output size', async () => {
    const shot = { ...fix.fx.shot, output: { width: 251, height: 371 } };
    expect(halfSizeShot(shot).output).toEqual({ width: 126, height: 186 });
    const r = await renderShot(await prepareShot(fix.fx.ws, shot, { upscale: true }), fix.sessions, { upscale: true });
    expect([r.width, r.height, r.rgba.length]).toEqual([251, 371, 4 * 251 * 371]);
  });

  it('cancels during the upscale stage: the render stops before its pixels', async () => {
    const controller = new AbortController();
    const inputs = await prepareShot(fix.fx.ws, fix.fx.shot, { upscale: true });
    await expect(
      renderShot(inputs, fix.sessions, {
        upscale: true,
        signal: controller.signal,
        onStage: (e) => {
          if (e.stage === 'upscale' && e.ms === undefined) controller.abort();
        },
      }),
    ).rejects.toMatchObject({ code: 'RENDER_CANCELLED', details: { stage: 'pixels' } });
  });

  it('refuses inputs prepared for the other path', async () => {
    const half = await prepareShot(fix.fx.ws, fix.fx.shot, { upscale: true });
    await expect(renderShot(half, fix.sessions)).rejects.toMatchObject({ code: 'RENDER_UPSCALE_MISMATCH' });
    await expect(
      renderShot(await prepareShot(fix.fx.ws, fix.fx.shot), fix.sessions, { upscale: true }),
    ).rejects.toMatchObject({ code: 'RENDER_UPSCALE_MISMATCH' });
  });
});
