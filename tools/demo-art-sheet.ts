/**
 * Dev tool: renders every demo asset and contact sheets of each pose over a scene with the applicable
 * garments overlaid by a least-squares affine fit of their keypoints (the product uses a TPS fit).
 * Usage: npx node tools/demo-art-sheet.ts /tmp/sheet
 */
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import sharp from 'sharp';
import {
  DEMO_GARMENTS,
  DEMO_POSES,
  DEMO_SCENES,
  drawGarment,
  drawMannequinPose,
  drawScene,
} from '../src/demo/art/index.ts';
import type { DemoGarmentId, GarmentArt, MannequinArt, PoseId } from '../src/demo/art/index.ts';
import type { Point } from '../src/twins/keypoints.schema.ts';

const out = process.argv[2] ?? '/tmp/demo-art-sheet';
await mkdir(out, { recursive: true });
const timings: Record<string, number> = {};
const timed = async <T>(name: string, fn: () => Promise<T>): Promise<T> => {
  const t = performance.now();
  const r = await fn();
  timings[name] = Math.round(performance.now() - t);
  return r;
};

const poses = new Map<PoseId, MannequinArt>();
for (const p of DEMO_POSES) {
  const art = await timed(`pose:${p}`, () => drawMannequinPose(p));
  poses.set(p, art);
  await writeFile(join(out, `pose-${p}.png`), art.png);
}
const garments = new Map<DemoGarmentId, GarmentArt>();
for (const g of DEMO_GARMENTS) {
  const art = await timed(`garment:${g.garmentId}`, () => drawGarment(g.garmentId));
  garments.set(g.garmentId, art);
  await writeFile(join(out, `garment-${g.garmentId}.png`), art.png);
}
const scenes = new Map<string, Buffer>();
for (const s of DEMO_SCENES) {
  const art = await timed(`scene:${s.sceneId}`, () => drawScene(s.sceneId));
  scenes.set(s.sceneId, art.png);
  await writeFile(join(out, `scene-${s.sceneId}.png`), art.png);
}
await timed('scene:studio-warm-grey@2048x3072', () => drawScene('studio-warm-grey', { width: 2048, height: 3072 }));
await timed('scene:street-sunlit@2048x3072', () => drawScene('street-sunlit', { width: 2048, height: 3072 }));

/** Least-squares affine map from garment keypoints to pose keypoints: [a, b, c, d, e, f] as in SVG. */
function affine(src: Point[], dst: Point[]): number[] {
  // Solve for x' = a x + c y + e and y' = b x + d y + f by normal equations.
  const solve = (target: number[]): number[] => {
    const m = [
      [0, 0, 0],
      [0, 0, 0],
      [0, 0, 0],
    ];
    const r = [0, 0, 0];
    src.forEach((p, i) => {
      const row = [p.x, p.y, 1];
      for (let a = 0; a < 3; a++) {
        for (let b = 0; b < 3; b++) m[a]![b]! += row[a]! * row[b]!;
        r[a]! += row[a]! * target[i]!;
      }
    });
    for (let c = 0; c < 3; c++) {
      for (let rr = c + 1; rr < 3; rr++) {
        const k = m[rr]![c]! / m[c]![c]!;
        for (let x = c; x < 3; x++) m[rr]![x]! -= k * m[c]![x]!;
        r[rr]! -= k * r[c]!;
      }
    }
    const s = [0, 0, 0];
    for (let c = 2; c >= 0; c--) {
      let acc = r[c]!;
      for (let x = c + 1; x < 3; x++) acc -= m[c]![x]! * s[x]!;
      s[c] = acc / m[c]![c]!;
    }
    return s;
  };
  const [a, c, e] = solve(dst.map((p) => p.x));
  const [b, d, f] = solve(dst.map((p) => p.y));
  return [a!, b!, c!, d!, e!, f!];
}

const uri = (b: Buffer): string => `data:image/png;base64,${b.toString('base64')}`;
const OUTFITS: { scene: string; garments: DemoGarmentId[] }[] = [
  { scene: 'studio-warm-grey', garments: [] },
  { scene: 'studio-powder-blue', garments: ['trousers-navy', 'tee-white'] },
  { scene: 'studio-blush', garments: ['dress-floral'] },
  { scene: 'street-sunlit', garments: ['trousers-navy', 'tee-white', 'jacket-denim'] },
  { scene: 'loft-window', garments: ['skirt-pleated', 'tee-white', 'coat-camel'] },
];

const cells: Buffer[] = [];
for (const outfit of OUTFITS) {
  for (const p of DEMO_POSES) {
    const pose = poses.get(p)!;
    let layers = `<image width="1024" height="1536" href="${uri(pose.png)}"/>`;
    for (const gid of outfit.garments) {
      const g = garments.get(gid)!;
      const names = Object.keys(g.keypoints) as (keyof typeof g.keypoints)[];
      const m = affine(
        names.map((n) => g.keypoints[n]!),
        names.map((n) => pose.keypoints[n]),
      );
      layers += `<image width="${g.width}" height="${g.height}" href="${uri(g.png)}" transform="matrix(${m.join(' ')})"/>`;
    }
    for (const k of Object.values(pose.keypoints))
      layers += `<circle cx="${k.x}" cy="${k.y}" r="7" fill="#ff2d55" stroke="#fff" stroke-width="2"/>`;
    const sceneArt = await drawScene(outfit.scene);
    const scale = sceneArt.twinHeight / 1350;
    const tx = 512 - 512 * scale;
    const ty = sceneArt.floorY - 1475 * scale;
    const svg =
      `<svg xmlns="http://www.w3.org/2000/svg" width="1024" height="1536"><image width="1024" height="1536" href="${uri(sceneArt.png)}"/>` +
      `<ellipse cx="512" cy="${sceneArt.floorY}" rx="150" ry="18" fill="#000" fill-opacity="0.18"/>` +
      `<g transform="translate(${tx} ${ty}) scale(${scale})">${layers}</g></svg>`;
    cells.push(await sharp(Buffer.from(svg)).resize(384, 576).png().toBuffer());
  }
}
const cols = DEMO_POSES.length;
for (let sheet = 0; sheet * cols * 2 < cells.length; sheet++) {
  const part = cells.slice(sheet * cols * 2, (sheet + 1) * cols * 2);
  const composite = part.map((input, i) => ({
    input,
    left: (i % cols) * 392 + 8,
    top: Math.floor(i / cols) * 584 + 8,
  }));
  const rows = Math.ceil(part.length / cols);
  await sharp({ create: { width: cols * 392 + 8, height: rows * 584 + 8, channels: 3, background: '#202020' } })
    .composite(composite)
    .png()
    .toFile(join(out, `sheet-${sheet + 1}.png`));
}
// Garments alone on a neutral ground, with their keypoints.
const gcells = await Promise.all(
  DEMO_GARMENTS.map(async (g) => {
    const art = garments.get(g.garmentId)!;
    const dots = Object.values(art.keypoints)
      .map((k) => `<circle cx="${k.x}" cy="${k.y}" r="6" fill="#ff2d55" stroke="#fff" stroke-width="2"/>`)
      .join('');
    const svg = `<svg xmlns="http://www.w3.org/2000/svg" width="${art.width}" height="${art.height}"><rect width="100%" height="100%" fill="#9a9ea5"/><image width="${art.width}" height="${art.height}" href="${uri(art.png)}"/>${dots}</svg>`;
    return sharp(Buffer.from(svg)).resize(300, 450, { fit: 'contain', background: '#9a9ea5' }).png().toBuffer();
  }),
);
await sharp({ create: { width: 6 * 308 + 8, height: 466, channels: 3, background: '#202020' } })
  .composite(gcells.map((input, i) => ({ input, left: i * 308 + 8, top: 8 })))
  .png()
  .toFile(join(out, 'sheet-garments.png'));
await writeFile(join(out, 'timings.json'), JSON.stringify(timings, null, 2));
console.log(JSON.stringify(timings));
