import * as ort from 'onnxruntime-node';
import { describe, expect, it } from 'vitest';
import { esrganPackageDir, esrganUpscaleModel, loadEsrganSlim } from '../../src/render/learned/esrganSlim.ts';
import { kerasReference } from '../../src/render/reference/keras.ts';
import { resizeLinear } from '../../src/render/reference/sampling.ts';
import { relativeError, rng } from '../helpers/renderFixtures.ts';

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
    const out = (await session.run({ image: new ort.Tensor('float32', rgb, [1, 3, h, w]) })).upscaled!.data as Float32Array;
    const bilinear = resizeLinear({ data: rgb, width: w, height: h, channels: 3 }, 2 * w, 2 * h, 'half_pixel');
    let sum = 0;
    for (let i = 0; i < out.length; i++) sum += Math.abs((out[i] as number) - (bilinear.data[i] as number));
    expect(sum / out.length).toBeLessThan(0.03); // a wrong input range or weight layout gives ~0.2+
  });
});
