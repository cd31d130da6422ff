/**
 * Measures the watermark's robustness and false-positive rate on generated images and prints
 * markdown tables (used for docs/watermark.md).
 * Run: npx node tools/eval-watermark.ts [generatedImages=20] [negatives=300] [photo files...]
 * Photo files are read as they are and also fitted to 1024x1536 (cover).
 */
import sharp from 'sharp';
import {
  cleanRender,
  cropEdge,
  downscale,
  jpegRoundTrip,
  letterbox,
  psnr,
  syntheticPhoto,
  unmarkedImage,
  type Edge,
  type UnmarkedKind,
} from '../tests/helpers/images.ts';
import { detectWatermark, embedWatermark, type RgbaImage } from '../src/provenance/watermark/index.ts';

const imageCount = Number(process.argv[2] ?? 20);
const negativeCount = Number(process.argv[3] ?? 300);
const SIZES: [number, number][] = [
  [1024, 1536],
  [768, 1024],
  [1536, 1024],
  [512, 768],
  [800, 800],
];
const EDGES: Edge[] = ['left', 'right', 'top', 'bottom'];
type Attack = { name: string; run: (image: RgbaImage, i: number) => Promise<RgbaImage> };
const ATTACKS: Attack[] = [
  { name: 'none', run: async (image) => image },
  { name: 'JPEG q75', run: (image) => jpegRoundTrip(image, 75) },
  { name: 'JPEG q50', run: (image) => jpegRoundTrip(image, 50) },
  { name: 'downscale 50 %', run: (image) => downscale(image, 0.5) },
  ...EDGES.map((edge) => ({ name: `crop 10 % ${edge}`, run: (image: RgbaImage) => cropEdge(image, edge, 0.1) })),
  { name: 'downscale 50 % + JPEG q75', run: async (image) => jpegRoundTrip(await downscale(image, 0.5), 75) },
  // What exports do to a stored render when they carry its mark (src/export/carriedMark.ts).
  { name: 'export: enlarge 2× + JPEG q90', run: async (image) => jpegRoundTrip(await downscale(image, 2), 90) },
  {
    name: 'export: letterbox into a white square + JPEG q90',
    run: async (image) =>
      jpegRoundTrip(
        await letterbox(image, Math.max(image.width, image.height), Math.max(image.width, image.height), '#ffffff'),
        90,
      ),
  },
];

const files = process.argv.slice(4);

async function loadFile(path: string, size?: [number, number]): Promise<RgbaImage> {
  const pipeline = size ? sharp(path).resize({ width: size[0], height: size[1], fit: 'cover' }) : sharp(path);
  const { data, info } = await pipeline.removeAlpha().raw().toBuffer({ resolveWithObject: true });
  return { data, width: info.width, height: info.height, channels: 3 };
}

const inputs: (() => Promise<RgbaImage>)[] = [];
for (let i = 0; i < imageCount; i++) {
  const [w, h] = SIZES[i % SIZES.length] ?? [1024, 1536];
  // Every fourth is a clean studio render (smooth backdrop, no grain), the others photo-like scenes.
  inputs.push(() => (i % 4 === 3 ? cleanRender(w, h, 100 + i) : syntheticPhoto(w, h, 100 + i)));
}
for (const file of files)
  inputs.push(
    () => loadFile(file),
    () => loadFile(file, [1024, 1536]),
  );

const stats = new Map<string, { ok: number; n: number; z: number[]; ms: number[] }>();
const psnrs: number[] = [];
for (const [i, input] of inputs.entries()) {
  const image = await input();
  const payload = BigInt(`0x${(0x9e3779b97f4an * BigInt(i + 1)).toString(16).slice(-12)}`);
  const marked = embedWatermark(image, payload);
  psnrs.push(psnr(image, marked));
  for (const attack of ATTACKS) {
    const attacked = await attack.run(marked, i);
    const t = performance.now();
    const result = detectWatermark(attacked);
    const ms = performance.now() - t;
    const s = stats.get(attack.name) ?? { ok: 0, n: 0, z: [], ms: [] };
    s.n++;
    if (result.found && result.payload === payload) s.ok++;
    s.z.push(result.found ? result.confidence : result.bestScore);
    s.ms.push(ms);
    stats.set(attack.name, s);
  }
}
const mean = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / xs.length;
console.log(
  `Marked images: ${imageCount} generated (sizes ${SIZES.map(([w, h]) => `${w}x${h}`).join(', ')}) + ${files.length * 2} from files; PSNR min ${Math.min(...psnrs).toFixed(2)} dB, mean ${mean(psnrs).toFixed(2)} dB\n`,
);
console.log('| attack | exact payload | mean z | min z | mean detect ms |');
console.log('|---|---|---|---|---|');
for (const [name, s] of stats)
  if (s.n > 0)
    console.log(
      `| ${name} | ${s.ok}/${s.n} | ${mean(s.z).toFixed(1)} | ${Math.min(...s.z).toFixed(1)} | ${mean(s.ms).toFixed(0)} |`,
    );

const KINDS: UnmarkedKind[] = ['flat', 'noise', 'gradient', 'checker', 'texture', 'photo'];
const byKind = new Map<string, { n: number; fp: number; max: number }>();
for (let i = 0; i < negativeCount; i++) {
  const kind = KINDS[i % KINDS.length] ?? 'noise';
  const side = 256 + ((i * 37) % 257);
  const plain = await unmarkedImage(kind, side, 256 + ((i * 53) % 400), 1000 + i);
  // Every fourth is letterboxed into a square on white, so the detector's bar trimming is tried on it too.
  const image =
    i % 4 === 3
      ? await letterbox(plain, Math.max(plain.width, plain.height), Math.max(plain.width, plain.height), '#ffffff')
      : plain;
  const result = detectWatermark(i % 2 ? await jpegRoundTrip(image, 75) : image);
  const s = byKind.get(kind) ?? { n: 0, fp: 0, max: 0 };
  s.n++;
  if (result.found) s.fp++;
  s.max = Math.max(s.max, result.found ? result.confidence : result.bestScore);
  byKind.set(kind, s);
}
// Marked with one key, read with another: must not be found either.
let wrongKey = 0;
for (let i = 0; i < Math.min(inputs.length, 10); i++) {
  const image = await syntheticPhoto(512, 768, 500 + i);
  if (detectWatermark(embedWatermark(image, 42n, { key: 'org-a' }), { key: 'org-b' }).found) wrongKey++;
}
console.log('\n| unmarked kind | images | false positives | max z |');
console.log('|---|---|---|---|');
for (const [kind, s] of byKind) console.log(`| ${kind} | ${s.n} | ${s.fp} | ${s.max.toFixed(2)} |`);
console.log(`\nWrong key: ${wrongKey} detections out of ${Math.min(inputs.length, 10)}`);
