// A synthetic shot for the graph benchmark: a gradient backdrop, a mannequin silhouette (no real
// person) and two garments (a top and trousers) with keypoints, all drawn in code at any size.
import { GARMENT_SLOTS } from '../src/render/graphs/catalog.ts';
import { layerAsTwin, planLight, twinInput } from '../src/render/pipeline/index.ts';
import {
  type CombinedFeedInput,
  type Planar,
  type Point,
  fitTps,
  gaussianTaps,
  planarToPixels,
  premultipliedToRgba,
  tpsTensors,
  warpBox,
} from '../src/render/index.ts';

function solid(
  width: number,
  height: number,
  paint: (x: number, y: number) => [number, number, number, number] | undefined,
): Planar {
  const n = width * height;
  const data = new Float32Array(4 * n);
  for (let y = 0; y < height; y++)
    for (let x = 0; x < width; x++) {
      const c = paint(x + 0.5, y + 0.5);
      if (!c) continue;
      const i = y * width + x;
      data[i] = c[0] * c[3];
      data[n + i] = c[1] * c[3];
      data[2 * n + i] = c[2] * c[3];
      data[3 * n + i] = c[3];
    }
  return { data, width, height, channels: 4 };
}

const soft = (d: number): number => Math.min(Math.max(0.5 - d, 0), 1); // d: signed distance in px

export interface BenchShot {
  input: CombinedFeedInput;
  garmentPoints: { dst: Point[]; src: Point[] }[];
  /** The twin layer as the model places it (one to one): premultiplied planar. */
  person: Planar;
}

export function benchShot(width: number, height: number): BenchShot {
  const s = height / 1536;
  const cx = width / 2;
  const floorY = 1465 * s;
  const n = width * height;
  const scene: Planar = { data: new Float32Array(3 * n), width, height, channels: 3 };
  for (let y = 0; y < height; y++) {
    const t = y / height;
    for (let x = 0; x < width; x++) {
      const i = y * width + x;
      const floor = y > floorY ? 0.08 : 0;
      scene.data[i] = 0.78 - 0.15 * t - floor;
      scene.data[n + i] = 0.74 - 0.12 * t - floor;
      scene.data[2 * n + i] = 0.7 - 0.05 * t - floor;
    }
  }
  const ellipse = (x: number, y: number, ex: number, ey: number, rx: number, ry: number): number =>
    (Math.hypot((x - ex) / rx, (y - ey) / ry) - 1) * Math.min(rx, ry);
  const capsule = (x: number, y: number, ax: number, ay: number, bx: number, by: number, r: number): number => {
    const t = Math.min(
      Math.max(((x - ax) * (bx - ax) + (y - ay) * (by - ay)) / ((bx - ax) ** 2 + (by - ay) ** 2), 0),
      1,
    );
    return Math.hypot(x - ax - t * (bx - ax), y - ay - t * (by - ay)) - r;
  };
  const person = solid(width, height, (x, y) => {
    const d = Math.min(
      ellipse(x, y, cx, 180 * s, 62 * s, 80 * s),
      capsule(x, y, cx, 250 * s, cx, 300 * s, 30 * s),
      ellipse(x, y, cx, 520 * s, 150 * s, 240 * s),
      capsule(x, y, cx - 150 * s, 360 * s, cx - 190 * s, 780 * s, 38 * s),
      capsule(x, y, cx + 150 * s, 360 * s, cx + 190 * s, 780 * s, 38 * s),
      capsule(x, y, cx - 70 * s, 700 * s, cx - 80 * s, 1420 * s, 55 * s),
      capsule(x, y, cx + 70 * s, 700 * s, cx + 80 * s, 1420 * s, 55 * s),
    );
    const a = soft(d);
    return a > 0 ? [0.86, 0.72, 0.62, a] : undefined;
  });
  // Garments drawn flat, each with its keypoints in its own pixels.
  const top = { w: Math.round(420 * s), h: Math.round(460 * s) };
  const topImg = solid(top.w, top.h, (x, y) => {
    const inside = Math.min(x - 20 * s, top.w - 20 * s - x, y - 10 * s, top.h - 10 * s - y);
    const a = soft(-inside);
    const stripe = Math.floor(y / (24 * s)) % 2 === 0;
    return a > 0 ? (stripe ? [0.15, 0.3, 0.65, a] : [0.9, 0.9, 0.92, a]) : undefined;
  });
  const legs = { w: Math.round(300 * s), h: Math.round(760 * s) };
  const legsImg = solid(legs.w, legs.h, (x, y) => {
    const gap = y > 140 * s ? Math.abs(x - legs.w / 2) - 12 * s : Infinity;
    const inside = Math.min(x - 10 * s, legs.w - 10 * s - x, y - 5 * s, legs.h - 5 * s - y, gap);
    const a = soft(-inside);
    return a > 0 ? [0.2, 0.18, 0.16, a] : undefined;
  });
  const topSrc = [
    { x: 40 * s, y: 30 * s },
    { x: top.w - 40 * s, y: 30 * s },
    { x: top.w / 2, y: top.h / 2 },
    { x: 60 * s, y: top.h - 30 * s },
    { x: top.w - 60 * s, y: top.h - 30 * s },
  ];
  const topDst = [
    { x: cx - 150 * s, y: 330 * s },
    { x: cx + 150 * s, y: 340 * s },
    { x: cx + 5 * s, y: 540 * s },
    { x: cx - 120 * s, y: 740 * s },
    { x: cx + 125 * s, y: 735 * s },
  ];
  const legsSrc = [
    { x: 40 * s, y: 20 * s },
    { x: legs.w - 40 * s, y: 20 * s },
    { x: 70 * s, y: legs.h / 2 },
    { x: legs.w - 70 * s, y: legs.h / 2 },
    { x: 70 * s, y: legs.h - 20 * s },
    { x: legs.w - 70 * s, y: legs.h - 20 * s },
  ];
  const legsDst = [
    { x: cx - 110 * s, y: 700 * s },
    { x: cx + 110 * s, y: 700 * s },
    { x: cx - 80 * s, y: 1050 * s },
    { x: cx + 80 * s, y: 1050 * s },
    { x: cx - 85 * s, y: 1380 * s },
    { x: cx + 88 * s, y: 1385 * s },
  ];
  const out = { width, height };
  const garments = [
    { img: legsImg, size: { width: legs.w, height: legs.h }, src: legsSrc, dst: legsDst },
    { img: topImg, size: { width: top.w, height: top.h }, src: topSrc, dst: topDst },
  ].slice(0, GARMENT_SLOTS);
  return {
    input: {
      scene: planarToPixels(scene),
      twin: twinInput(layerAsTwin({ data: premultipliedToRgba(person), width, height, channels: 4 }), out),
      garments: garments.map((g) => ({
        image: { data: premultipliedToRgba(g.img), width: g.img.width, height: g.img.height, channels: 4 as const },
        tps: tpsTensors(fitTps(g.dst, g.src, { regularization: 1e-3 }), g.size, warpBox(g.dst, g.src, g.size, out)),
      })),
      light: planLight(planarToPixels(scene), { shadow: 0.55, harmonize: 0.25 }, false),
      shadow: { floorY, band: 40 * s, strength: 0.55, kernelX: gaussianTaps(6), kernelY: gaussianTaps(2.5) },
    },
    garmentPoints: garments.map((g) => ({ dst: g.dst, src: g.src })),
    person,
  };
}
