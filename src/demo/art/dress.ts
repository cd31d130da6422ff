import { FRONT, PathBuilder, cylinderShade, foldsSvg, seam, tube } from './fabric.ts';
import type { Fold, GarmentDrawing } from './fabric.ts';
import { torsoHalfWidth } from './rig.ts';
import { createRng, f, linearGradient, smoothPath, v } from './svg.ts';
import type { Vec } from './svg.ts';
import type { GarmentLandmarks } from '../../catalog/garmentLandmarks.ts';

/** A floral tea dress: fitted bodice with cap sleeves and a V neck, a gathered skirt to below the knee. */

const CX = 512;
const J = FRONT;

/** A repeating tile of small five-petal flowers and leaves on a cream ground. */
export function floralPattern(id: string, seed: number): string {
  const rng = createRng(seed);
  const size = 120;
  const palette = ['#c8553d', '#e08e6d', '#3e6d8e', '#d9a441'];
  let art = `<rect width="${size}" height="${size}" fill="#f2e8d5"/>`;
  const spots: Vec[] = [v(20, 24), v(80, 16), v(50, 62), v(104, 78), v(18, 96), v(74, 108)];
  spots.forEach((c, i) => {
    const colour = palette[i % palette.length] as string;
    const r = 6 + rng() * 3;
    const rot = rng() * 72;
    for (const [dx, dy] of [
      [12, 6],
      [-10, 9],
    ] as const) {
      art += `<ellipse cx="${f(c.x + dx)}" cy="${f(c.y + dy)}" rx="7" ry="2.6" fill="#5f7a4e" transform="rotate(${f(rot + dx * 3)} ${f(c.x + dx)} ${f(c.y + dy)})"/>`;
    }
    for (let k = 0; k < 5; k++) {
      const a = rot + k * 72;
      art += `<ellipse cx="${f(c.x)}" cy="${f(c.y - r * 0.75)}" rx="${f(r * 0.5)}" ry="${f(r * 0.8)}" fill="${colour}" transform="rotate(${f(a)} ${f(c.x)} ${f(c.y)})"/>`;
    }
    art += `<circle cx="${f(c.x)}" cy="${f(c.y)}" r="${f(r * 0.32)}" fill="#f6d37a"/>`;
  });
  for (let k = 0; k < 10; k++)
    art += `<circle cx="${f(rng() * size)}" cy="${f(rng() * size)}" r="1.6" fill="#c8553d" fill-opacity="0.7"/>`;
  return `<pattern id="${id}" patternUnits="userSpaceOnUse" width="${size}" height="${size}">${art}</pattern>`;
}

export function drawFloralDress(grain: string): GarmentDrawing {
  const waistY = 604;
  const hemY = 1168;
  const wHem = 236;
  const sleeves = (['right', 'left'] as const).map((s) => {
    const sh = J[`${s}_shoulder`];
    // A cap sleeve: its head rounds over the shoulder (half its width where it starts).
    const head = (t: number): number => 0.5 + 0.5 * Math.min(1, t / 0.34) ** 0.5;
    return tube([v(sh.x + (s === 'left' ? -10 : 10), sh.y - 26), J[`${s}_elbow`]], 104, (t) => (48 - 4 * t) * head(t));
  });
  const bodice = (y: number): number => torsoHalfWidth(y) + 10;
  const skirtW = (y: number): number =>
    bodice(waistY) + (wHem - bodice(waistY)) * Math.pow((y - waistY) / (hemY - waistY), 0.8);
  // The shoulder seam bows up over the shoulder's slope and its end rounds into the armhole under the cap sleeve,
  // so neither the form's shoulder nor a square corner shows once the sleeve is fitted along a turned arm.
  const shY = J.left_shoulder.y - 16;
  const hemPts: Vec[] = [];
  for (let i = 0; i <= 12; i++) {
    const u = -1 + i / 6;
    hemPts.push(v(CX + u * wHem, hemY + 20 * (1 - u * u) + (i % 2 === 0 ? 0 : 6)));
  }
  const b = new PathBuilder()
    .move(v(CX - 46, 350))
    .smooth(v(CX - 100, 351), v(CX - 136, shY - 2))
    .smooth(
      v(CX - 149, shY + 12),
      v(CX - 140, 420),
      v(CX - bodice(470), 470),
      v(CX - bodice(540), 540),
      v(CX - bodice(waistY), waistY),
    )
    .smooth(v(CX - skirtW(760), 760), v(CX - skirtW(950), 950), hemPts[0] as Vec)
    .smooth(...hemPts.slice(1))
    .smooth(v(CX + skirtW(950), 950), v(CX + skirtW(760), 760), v(CX + bodice(waistY), waistY))
    .smooth(
      v(CX + bodice(540), 540),
      v(CX + bodice(470), 470),
      v(CX + 140, 420),
      v(CX + 149, shY + 12),
      v(CX + 136, shY - 2),
    )
    .smooth(v(CX + 100, 351), v(CX + 46, 350))
    .smooth(v(CX + 20, 420), v(CX, 470))
    .smooth(v(CX - 20, 420), v(CX - 46, 350));
  const d = b.close();
  const defs: string[] = [
    floralPattern('floral', 7),
    `<clipPath id="dr-clip">${sleeves.map((s) => `<path d="${s.d}"/>`).join('')}<path d="${d}"/></clipPath>`,
  ];
  defs.push(cylinderShade('dr-bod', v(CX - 130, 500), v(CX + 130, 520), 1.1));
  defs.push(cylinderShade('dr-sk', v(CX - 240, 950), v(CX + 240, 970), 1.1));
  let body = '';
  sleeves.forEach((s, i) => {
    defs.push(cylinderShade(`dr-sl${i}`, s.lit, s.shade));
    body += `<path d="${s.d}" fill="url(#floral)"/><path d="${s.d}" fill="url(#dr-sl${i})"/>`;
  });
  body += `<path d="${d}" fill="url(#floral)" stroke="#000" stroke-opacity="0.15" stroke-width="1"/>`;
  // Gathers under the waist seam spread into soft vertical folds towards the hem.
  const folds: Fold[] = [];
  for (let i = -5; i <= 5; i++) {
    const x0 = CX + i * 18;
    const x1 = CX + i * 40;
    folds.push({
      pts: [v(x0, waistY + 8), v(x0 + i * 6, 760), v(x1, hemY + 10)],
      w: i % 2 === 0 ? 9 : 6,
      tone: i % 2 === 0 ? 'dark' : 'light',
      o: i % 2 === 0 ? 0.2 : 0.16,
    });
  }
  for (const s of [-1, 1]) {
    folds.push({ pts: [v(CX + s * 100, 468), v(CX + s * 70, 500), v(CX + s * 40, 520)], w: 6, tone: 'dark', o: 0.18 });
    folds.push({ pts: [v(CX + s * 60, 540), v(CX + s * 30, 560)], w: 5, tone: 'dark', o: 0.16 });
  }
  const fold = foldsSvg('dr-folds', folds, 4);
  defs.push(fold.def);
  defs.push(
    linearGradient('dr-vert', v(0, 340), v(0, hemY), [
      [0, '#ffffff', 0.06],
      [0.5, '#000000', 0],
      [1, '#000000', 0.12],
    ]),
  );
  body +=
    `<g clip-path="url(#dr-clip)">` +
    `<rect y="${waistY - 300}" width="1024" height="300" fill="url(#dr-bod)"/><rect y="${waistY}" width="1024" height="${hemY - waistY + 40}" fill="url(#dr-sk)"/>` +
    `<rect width="1024" height="1536" fill="url(#dr-vert)"/><rect width="1024" height="1536" fill="url(#${grain})" opacity="0.12"/>${fold.svg}` +
    seam([v(CX - bodice(waistY), waistY), v(CX, waistY + 4), v(CX + bodice(waistY), waistY)], '#5a3b2b', {
      colour: '#fffaf0',
      offset: -4,
    }) +
    `<path d="${smoothPath([v(CX - 46, 352), v(CX - 22, 420), v(CX, 466), v(CX + 22, 420), v(CX + 46, 352)], false)}" fill="none" stroke="#5a3b2b" stroke-opacity="0.5" stroke-width="2"/>` +
    sleeves.map((s) => seam([s.hem[0], s.hem[1]], '#5a3b2b')).join('') +
    `</g>`;
  const landmarks: GarmentLandmarks = {
    neck_center: v(CX, 470),
    neck_left: v(CX + 46, 350),
    neck_right: v(CX - 46, 350),
    left_shoulder: v(CX + 150, J.left_shoulder.y - 16),
    right_shoulder: v(CX - 150, J.left_shoulder.y - 16),
    left_armpit: v(CX + bodice(470), 470),
    right_armpit: v(CX - bodice(470), 470),
    left_waist: v(CX + bodice(waistY), waistY),
    right_waist: v(CX - bodice(waistY), waistY),
    left_hem: hemPts[hemPts.length - 1] as Vec,
    right_hem: hemPts[0] as Vec,
  };
  // The cap sleeves are fitted along the arms: their hems' ends are the cuffs.
  for (const [s, sleeve] of [
    ['right', sleeves[0]],
    ['left', sleeves[1]],
  ] as const) {
    if (!sleeve) continue;
    landmarks[`${s}_cuff_outer`] = sleeve.outer[sleeve.outer.length - 1] as Vec;
    landmarks[`${s}_cuff_inner`] = sleeve.inner[sleeve.inner.length - 1] as Vec;
  }
  return { defs, body, extent: [...b.points, ...sleeves.flatMap((s) => [...s.outer, ...s.inner])], landmarks };
}
