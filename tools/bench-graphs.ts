// Times the combined render model on CPU (coarse and exact TPS grid) at 1024×1536 and 2048×3072,
// and our ONNX "over" against sharp's composite() of the same layers. Prints one JSON line.
// onnxVsSharp counts our JS uint8↔float conversions of the 4 layers and the result; onnxRunOnlyVsSharp
// counts session.run alone. `node tools/bench-graphs.ts [--png DIR]` also writes the renders for a look.
import path from 'node:path';
import * as ort from 'onnxruntime-node';
import sharp from 'sharp';
import {
  buildModel,
  combinedFeeds,
  MODEL_SPECS,
  pixelsToPlanar,
  premultipliedToRgba,
  rgbaToPremultiplied,
  type Planar,
} from '../src/render/index.ts';
import { UPSCALE_MODEL_ID, esrganPackageDir, esrganUpscaleModel } from '../src/render/learned/esrganSlim.ts';
import { resizeLinear, tpsGridReference } from '../src/render/reference/index.ts';
import { type BenchShot, benchShot } from './benchScene.ts';

const pngDir = process.argv.includes('--png') ? process.argv[process.argv.indexOf('--png') + 1] : undefined;
const RUNS = 5;

async function session(id: string): Promise<ort.InferenceSession> {
  const spec = MODEL_SPECS.find((m) => m.id === id);
  if (!spec) throw new Error(id);
  return ort.InferenceSession.create(buildModel(spec), { executionProviders: ['cpu'], graphOptimizationLevel: 'all' });
}

/** Median of RUNS timed runs after two warm-up runs (the first run allocates and plans). */
async function median(fn: () => Promise<unknown>, runs = RUNS): Promise<number> {
  await fn();
  if (runs > 1) await fn();
  const times: number[] = [];
  for (let i = 0; i < runs; i++) {
    const t = performance.now();
    await fn();
    times.push(performance.now() - t);
  }
  times.sort((a, b) => a - b);
  return Math.round((times[runs >> 1] as number) * 10) / 10;
}

const sessions = {
  coarse: await session('render-combined'),
  exact: await session('render-combined-exact'),
  over: await session('composite-over'),
  warp: await session('warp-tps-exact'),
};

function planarTensor(p: Planar): ort.Tensor {
  return new ort.Tensor('float32', p.data, [1, p.channels, p.height, p.width]);
}

const results: Record<string, unknown>[] = [];
for (const [width, height] of [
  [1024, 1536],
  [2048, 3072],
] as const) {
  const shot = benchShot(width, height);
  const feeds = combinedFeeds(shot.input);
  let coarseOut: Float32Array | undefined;
  let exactOut: Float32Array | undefined;
  // Both sessions warm before either is timed: the first runs grow ORT's memory arena.
  for (let i = 0; i < 3; i++) for (const sess of [sessions.coarse, sessions.exact]) await sess.run(feeds);
  const coarseMs = await median(async () => {
    coarseOut = (await sessions.coarse.run(feeds)).composite!.data as Float32Array;
  });
  const exactMs = await median(async () => {
    exactOut = (await sessions.exact.run(feeds)).composite!.data as Float32Array;
  });
  // Coarse-grid error: the grid in garment pixels and the composite, against the exact grid.
  let gridErrPx = 0;
  for (const g of shot.input.garments) {
    const a = tpsGridReference(g.tps, true);
    const b = tpsGridReference(g.tps, false);
    const half = a.width * a.height;
    for (let i = 0; i < half; i++) {
      gridErrPx = Math.max(
        gridErrPx,
        (Math.abs(a.data[i]! - b.data[i]!) * g.image.width) / 2,
        (Math.abs(a.data[half + i]! - b.data[half + i]!) * g.image.height) / 2,
      );
    }
  }
  let compositeErr = 0;
  for (let i = 0; i < coarseOut!.length; i++)
    compositeErr = Math.max(compositeErr, Math.abs(coarseOut![i]! - exactOut![i]!));

  // Same layers, already placed at full size, composited by sharp and by our ONNX "over".
  const n = width * height;
  const layers: Planar[] = [shot.person];
  for (const g of shot.input.garments) {
    const crop = (await sessions.warp.run({ ...feedsFor(g) })).warped!;
    layers.push(placeAt(crop, g.tps.box, width, height));
  }
  const sceneRgba = premultipliedToRgba(pixelsToPlanar(shot.input.scene));
  const layerRgba = layers.map(premultipliedToRgba);
  const raw = { width, height, channels: 4 as const };
  const sharpMs = await median(() =>
    sharp(sceneRgba, { raw })
      .composite(layerRgba.map((input) => ({ input: Buffer.from(input.buffer, input.byteOffset, input.length), raw })))
      .raw()
      .toBuffer(),
  );
  const bg = { data: new Float32Array(4 * n), width, height, channels: 4 };
  const onnxOverMs = await median(async () => {
    const bgP = rgbaToPremultiplied(sceneRgba, width, height);
    const ls = layerRgba.map((l) => rgbaToPremultiplied(l, width, height));
    const out = await sessions.over.run({
      background: planarTensor(bgP),
      layer0: planarTensor(ls[0]!),
      layer1: planarTensor(ls[1]!),
      layer2: planarTensor(ls[2]!),
    });
    premultipliedToRgba({ data: out.composite!.data as Float32Array, width, height, channels: 4 });
  });
  const onnxOverRunOnlyMs = await median(() =>
    sessions.over.run({
      background: planarTensor(bg),
      layer0: planarTensor(layers[0]!),
      layer1: planarTensor(layers[1]!),
      layer2: planarTensor(layers[2]!),
    }),
  );
  if (pngDir) {
    const rgba = premultipliedToRgba({ data: coarseOut!, width, height, channels: 4 });
    await sharp(rgba, { raw })
      .png()
      .toFile(path.join(pngDir, `combined-${width}x${height}.png`));
  }
  results.push({
    size: `${width}x${height}`,
    coarseMs,
    exactMs,
    coarseGridMaxErrPx: Number(gridErrPx.toFixed(4)),
    coarseVsExactMaxAbs: Number(compositeErr.toFixed(4)),
    sharpCompositeMs: sharpMs,
    onnxOverMs,
    onnxOverRunOnlyMs,
    onnxVsSharp: Number((onnxOverMs / sharpMs).toFixed(2)),
    onnxRunOnlyVsSharp: Number((onnxOverRunOnlyMs / sharpMs).toFixed(2)),
  });
}
// The upscale stage: render at half size and upscale 2× with ESRGAN, against the direct full-size render.
const upscale = await (async () => {
  const dir = esrganPackageDir();
  if (!dir) return { skipped: `${UPSCALE_MODEL_ID}: package not installed` };
  const up = await ort.InferenceSession.create(esrganUpscaleModel(dir).bytes, {
    executionProviders: ['cpu'],
    graphOptimizationLevel: 'all',
  });
  const [w, h] = [1024, 1536];
  const full = (await sessions.coarse.run(combinedFeeds(benchShot(w, h).input))).composite!.data as Float32Array;
  const halfFeeds = combinedFeeds(benchShot(w / 2, h / 2).input);
  let half: Float32Array = new Float32Array(0);
  const halfRenderMs = await median(async () => {
    half = (await sessions.coarse.run(halfFeeds)).composite!.data as Float32Array;
  });
  const rgb = new ort.Tensor('float32', half.slice(0, (3 * w * h) / 4), [1, 3, h / 2, w / 2]);
  let upscaled: Float32Array = new Float32Array(0);
  const upscaleMs = await median(async () => {
    upscaled = (await up.run({ image: rgb })).upscaled!.data as Float32Array;
  }, 1);
  const bilinear = resizeLinear(
    { data: rgb.data as Float32Array, width: w / 2, height: h / 2, channels: 3 },
    w,
    h,
    'half_pixel',
  ).data;
  const psnr = (a: Float32Array): number => {
    let se = 0;
    for (let i = 0; i < 3 * w * h; i++) se += (a[i]! - full[i]!) ** 2;
    return Number((10 * Math.log10(1 / (se / (3 * w * h)))).toFixed(2));
  };
  return {
    size: `${w / 2}x${h / 2}->${w}x${h}`,
    halfRenderMs,
    upscaleMs,
    psnrEsrganVsDirect: psnr(upscaled),
    psnrBilinearVsDirect: psnr(bilinear),
  };
})();
console.log(
  JSON.stringify({
    bench: 'render-graphs',
    provider: 'cpu',
    runs: RUNS,
    ort: ort.env.versions.common,
    results,
    upscale,
  }),
);

function feedsFor(g: BenchShot['input']['garments'][number]): Record<string, ort.Tensor> {
  const t = g.tps;
  return {
    garment: planarTensor(rgbaToPremultiplied(g.image.data, g.image.width, g.image.height)),
    tps_ctrl: new ort.Tensor('float32', t.ctrl, [t.count, 2]),
    tps_coef: new ort.Tensor('float32', t.coef, [t.count + 3, 2]),
    tps_norm: new ort.Tensor('float32', t.norm, [3]),
    box: new ort.Tensor('int64', t.box, [4]),
  };
}

function placeAt(crop: ort.Tensor, box: BigInt64Array, width: number, height: number): Planar {
  const [y0, x0, h, w] = Array.from(box, Number) as [number, number, number, number];
  const src = crop.data as Float32Array;
  const data = new Float32Array(4 * width * height);
  for (let c = 0; c < 4; c++)
    for (let y = 0; y < h; y++)
      data.set(src.subarray(c * h * w + y * w, c * h * w + (y + 1) * w), c * width * height + (y + y0) * width + x0);
  return { data, width, height, channels: 4 };
}
