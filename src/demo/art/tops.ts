import { FRONT, PathBuilder, button, cylinderShade, foldsSvg, offsetLine, seam, tube } from './fabric.ts';
import type { Fold, GarmentDrawing, Tube } from './fabric.ts';
import { torsoHalfWidth } from './rig.ts';
import { linearGradient, pt, smoothPath, v } from './svg.ts';
import type { Vec } from './svg.ts';
import type { GarmentLandmarks } from '../../catalog/garmentLandmarks.ts';

/** Tee, denim jacket and camel coat: a body panel with set-in sleeves, cut around the front pose. */

const CX = 512;
const J = FRONT;

type TopCut = {
  id: string;
  colour: string;
  hemY: number;
  ease: number;
  /** Extra half width gained from the waist to the hem (A-line). */
  flare: number;
  sleeveLength: number;
  sleeveWidth: (t: number) => number;
  neckDip: number;
  neckWidth: number;
};

type TopParts = { sleeves: Tube[]; bodyD: string; extent: Vec[]; side: (y: number) => number; shoulderY: number };

const ARM_LENGTH =
  Math.hypot(J.left_elbow.x - J.left_shoulder.x, J.left_elbow.y - J.left_shoulder.y) +
  Math.hypot(J.left_wrist.x - J.left_elbow.x, J.left_wrist.y - J.left_elbow.y);

/** The sleeve head rounds over the shoulder: half its width where it starts, all of it 34 px down the arm. */
function capRound(along: number): number {
  const t = Math.min(1, along / 34);
  return 0.5 + 0.5 * t * t * (3 - 2 * t);
}

function cutTop(c: TopCut): TopParts {
  const armChain = (s: 'left' | 'right'): Vec[] => {
    const sh = J[`${s}_shoulder`];
    // The sleeve head starts over the shoulder's top, so the cap of the arm stays covered.
    const dx = s === 'left' ? -10 : 10;
    return [v(sh.x + dx, sh.y - 28), J[`${s}_elbow`], J[`${s}_wrist`]];
  };
  const sleeves = (['right', 'left'] as const).map((s) =>
    tube(armChain(s), c.sleeveLength * ARM_LENGTH, (t) => c.sleeveWidth(t) * capRound(t * c.sleeveLength * ARM_LENGTH)),
  );
  // The side seam follows the body with the cut's ease, clear of the sleeve hanging beside it.
  const side = (y: number): number => {
    const base = Math.max(torsoHalfWidth(Math.max(y, 470)), y < 620 ? 0 : 96) + c.ease;
    const waistToHem = Math.max(0, (y - 620) / Math.max(1, c.hemY - 620));
    return base + c.flare * waistToHem;
  };
  const ys = [470, 540, 620, 700, 770, c.hemY - 20].filter((y) => y < c.hemY - 10);
  // High enough over the shoulder joint that the arm's cap stays under the cloth.
  const shoulderY = J.left_shoulder.y - 30;
  const b = new PathBuilder()
    .move(v(CX - c.neckWidth, 348))
    .line(v(CX - 156, shoulderY))
    .smooth(v(CX - 150, shoulderY + 60), v(CX - side(470), 470))
    .smooth(...ys.slice(1).map((y) => v(CX - side(y), y)), v(CX - side(c.hemY), c.hemY))
    .smooth(v(CX, c.hemY + 6), v(CX + side(c.hemY), c.hemY))
    .smooth(
      ...[...ys]
        .reverse()
        .slice(0, -1)
        .map((y) => v(CX + side(y), y)),
      v(CX + side(470), 470),
    )
    .smooth(v(CX + 150, shoulderY + 60), v(CX + 156, shoulderY))
    .line(v(CX + c.neckWidth, 348))
    .smooth(...neckline(c));
  const extent = [...b.points, ...sleeves.flatMap((s) => [...s.outer, ...s.inner])];
  return { sleeves, bodyD: b.close(), extent, side, shoulderY };
}

/** The cut's landmarks: neckline, shoulder seams, armpits, cuffs (ends of each sleeve's hem), waist, hips, hem. */
function topLandmarks(c: TopCut, p: TopParts): GarmentLandmarks {
  const l: GarmentLandmarks = {
    neck_center: v(CX, 348 + c.neckDip),
    neck_left: v(CX + c.neckWidth, 348),
    neck_right: v(CX - c.neckWidth, 348),
    left_waist: v(CX + p.side(620), 620),
    right_waist: v(CX - p.side(620), 620),
    left_hem: v(CX + p.side(c.hemY), c.hemY),
    right_hem: v(CX - p.side(c.hemY), c.hemY),
  };
  for (const [s, k] of [
    ['left', 1],
    ['right', -1],
  ] as const) {
    l[`${s}_shoulder`] = v(CX + k * 156, p.shoulderY);
    l[`${s}_armpit`] = v(CX + k * p.side(470), 470);
    const sleeve = p.sleeves[s === 'right' ? 0 : 1] as Tube;
    l[`${s}_cuff_outer`] = sleeve.outer[sleeve.outer.length - 1] as Vec;
    l[`${s}_cuff_inner`] = sleeve.inner[sleeve.inner.length - 1] as Vec;
    if (c.sleeveLength > 0.6) l[`${s}_elbow`] = J[`${s}_elbow`];
    if (c.hemY > 800) l[`${s}_hip`] = v(CX + k * p.side(772), 772);
  }
  return l;
}

/** A crew neck is a round scoop; deeper necks (jacket, coat) fall as a V to the first button. */
function neckline(c: TopCut): Vec[] {
  const w = c.neckWidth;
  const y = 348;
  if (c.neckDip < 60)
    return [
      v(CX + w * 0.8, y + c.neckDip * 0.55),
      v(CX, y + c.neckDip),
      v(CX - w * 0.8, y + c.neckDip * 0.55),
      v(CX - w, y),
    ];
  return [
    v(CX + w * 0.5, y + c.neckDip * 0.5),
    v(CX, y + c.neckDip),
    v(CX - w * 0.5, y + c.neckDip * 0.5),
    v(CX - w, y),
  ];
}

function assemble(
  c: TopCut,
  p: TopParts,
  folds: Fold[],
  details: string,
  texture: string,
  textureOverDetails = false,
): GarmentDrawing {
  const defs: string[] = [
    `<clipPath id="${c.id}-clip">${p.sleeves.map((s) => `<path d="${s.d}"/>`).join('')}<path d="${p.bodyD}"/></clipPath>`,
  ];
  let body = '';
  p.sleeves.forEach((s, i) => {
    defs.push(cylinderShade(`${c.id}-sl${i}`, s.lit, s.shade));
    body += `<path d="${s.d}" fill="${c.colour}"/><path d="${s.d}" fill="url(#${c.id}-sl${i})"/>`;
  });
  defs.push(cylinderShade(`${c.id}-body`, v(CX - 150, 520), v(CX + 150, 560), 1.1));
  defs.push(
    linearGradient(`${c.id}-vert`, v(0, 340), v(0, c.hemY), [
      [0, '#ffffff', 0.08],
      [0.5, '#000000', 0],
      [1, '#000000', 0.12],
    ]),
  );
  body += `<path d="${p.bodyD}" fill="${c.colour}" stroke="#000" stroke-opacity="0.12" stroke-width="1"/><path d="${p.bodyD}" fill="url(#${c.id}-body)"/><path d="${p.bodyD}" fill="url(#${c.id}-vert)"/>`;
  const fold = foldsSvg(`${c.id}-folds`, folds, 3.2);
  defs.push(fold.def);
  const layers = textureOverDetails ? `${details}${texture}${fold.svg}` : `${texture}${fold.svg}${details}`;
  body += `<g clip-path="url(#${c.id}-clip)">${layers}</g>`;
  return { defs, body, extent: p.extent, landmarks: topLandmarks(c, p) };
}

/** Folds every set-in sleeve shows: drag lines from the armpit and a few around the elbow. */
function sleeveFolds(p: TopParts, long: boolean): Fold[] {
  const out: Fold[] = [];
  for (const s of p.sleeves) {
    const n = s.inner.length;
    const at = (arr: Vec[], t: number): Vec => arr[Math.min(n - 1, Math.round(t * (n - 1)))] as Vec;
    const mix = (t: number, k: number): Vec => {
      const a = at(s.inner, t);
      const b = at(s.outer, t);
      return v(a.x + (b.x - a.x) * k, a.y + (b.y - a.y) * k);
    };
    out.push({ pts: [mix(0.12, 0.1), mix(0.22, 0.45), mix(0.3, 0.7)], w: 6, tone: 'dark' });
    out.push({ pts: [mix(0.16, 0.1), mix(0.26, 0.45)], w: 5, tone: 'light' });
    if (long) {
      for (const t of [0.5, 0.56, 0.62])
        out.push({ pts: [mix(t, 0.05), mix(t + 0.02, 0.5), mix(t - 0.01, 0.85)], w: 5, tone: 'dark', o: 0.22 });
      out.push({ pts: [mix(0.53, 0.15), mix(0.55, 0.6)], w: 4, tone: 'light' });
      out.push({ pts: [mix(0.88, 0.1), mix(0.9, 0.5), mix(0.89, 0.9)], w: 5, tone: 'dark', o: 0.2 });
    }
  }
  return out;
}

function bodyFolds(p: TopParts, hemY: number): Fold[] {
  const out: Fold[] = [];
  for (const s of [-1, 1]) {
    const x = (k: number): number => CX + s * k;
    out.push({ pts: [v(x(p.side(480) - 6), 478), v(x(96), 520), v(x(60), 560)], w: 7, tone: 'dark', o: 0.2 });
    out.push({
      pts: [v(x(p.side(600) - 4), 610), v(x(p.side(600) - 40), 618), v(x(p.side(600) - 70), 628)],
      w: 6,
      tone: 'dark',
      o: 0.24,
    });
    out.push({ pts: [v(x(p.side(640) - 4), 650), v(x(p.side(640) - 46), 654)], w: 5, tone: 'light' });
    out.push({ pts: [v(x(54), hemY - 120), v(x(62), hemY - 60), v(x(58), hemY - 4)], w: 8, tone: 'dark', o: 0.16 });
  }
  out.push({ pts: [v(CX - 20, 460), v(CX + 10, 540), v(CX - 6, 600)], w: 9, tone: 'light', o: 0.16 });
  return out;
}

const teeCut: TopCut = {
  id: 'tee',
  colour: '#f3f1ec',
  hemY: 836,
  ease: 14,
  flare: 6,
  sleeveLength: 0.53,
  sleeveWidth: (t) => 40 - 4 * t,
  neckDip: 42,
  neckWidth: 50,
};

export function drawTee(): GarmentDrawing {
  const c = teeCut;
  const p = cutTop(c);
  const stitch = { colour: '#cfcac1', offset: -9, dash: '4 3' };
  let details = '';
  // Rib neckband: a second neckline 14 px in, and the hems double-stitched.
  const band: Vec[] = [v(CX - 64, 352), v(CX - 36, 372), v(CX, 404), v(CX + 36, 372), v(CX + 64, 352)];
  details += `<path d="${smoothPath(band, false)}" fill="none" stroke="#b9b4aa" stroke-width="2"/>`;
  details += `<path d="${smoothPath(offsetLine(band, -6), false)}" fill="none" stroke="#cfcac1" stroke-width="1.2" stroke-dasharray="4 3"/>`;
  const hem = [v(CX - p.side(c.hemY), c.hemY - 18), v(CX, c.hemY - 12), v(CX + p.side(c.hemY), c.hemY - 18)];
  details += `<path d="${smoothPath(hem, false)}" fill="none" stroke="#cfcac1" stroke-width="1.3" stroke-dasharray="4 3"/>`;
  for (const s of p.sleeves) details += seam(sleeveHemLine(s, 16), '#cfcac1');
  for (const sx of [-1, 1]) details += seam([v(CX + sx * 50, 348), v(CX + sx * 150, p.shoulderY)], '#bdb8ae', stitch);
  const soft = [...bodyFolds(p, c.hemY), ...sleeveFolds(p, false)].map((fo) => ({ ...fo, o: (fo.o ?? 0.25) * 0.55 }));
  return assemble(c, p, soft, details, '');
}

function sleeveHemLine(s: Tube, up: number): Vec[] {
  const [a, b] = s.hem;
  const n = s.outer.length;
  const back = (arr: Vec[]): Vec => arr[n - 2] as Vec;
  const k = up / Math.max(1, Math.hypot(a.x - back(s.outer).x, a.y - back(s.outer).y));
  const o = s.outer[n - 1] as Vec;
  const i = s.inner[n - 1] as Vec;
  const ob = back(s.outer);
  const ib = back(s.inner);
  void b;
  return [v(o.x + (ob.x - o.x) * k, o.y + (ob.y - o.y) * k), v(i.x + (ib.x - i.x) * k, i.y + (ib.y - i.y) * k)];
}

const jacketCut: TopCut = {
  id: 'denim',
  colour: '#58779f',
  hemY: 786,
  ease: 22,
  flare: 2,
  sleeveLength: 1.04,
  sleeveWidth: (t) => 50 - 16 * t,
  neckDip: 96,
  neckWidth: 56,
};

export function drawDenimJacket(twill: string, grain: string): GarmentDrawing {
  const c = jacketCut;
  const p = cutTop(c);
  const thread = { colour: '#d79a4e', offset: -6, dash: '5 3', width: 1.6 };
  let details = '';
  const sideAt = (y: number, s: number): number => CX + s * (p.side(y) - 2);
  // Yoke, placket, pockets with flaps, waistband and cuffs, all double-stitched in copper thread.
  details += seam(
    [v(sideAt(452, -1), 452), v(CX - 60, 446), v(CX, 458), v(CX + 60, 446), v(sideAt(452, 1), 452)],
    '#2d3f59',
    thread,
  );
  details += seam([v(CX - 14, 350 + c.neckDip), v(CX - 14, c.hemY - 4)], '#2d3f59', { ...thread, offset: 8 });
  details += `<path d="M${pt(v(CX + 4, 350 + c.neckDip))}L${pt(v(CX + 4, c.hemY))}" stroke="#22324a" stroke-width="2.2" stroke-opacity="0.7"/>`;
  details += seam([v(sideAt(736, -1), 736), v(CX, 740), v(sideAt(736, 1), 736)], '#2d3f59', { ...thread, offset: -7 });
  for (const s of [-1, 1]) {
    const px = CX + s * 68;
    const pocket = [v(px - 42, 492), v(px + 42, 492), v(px + 40, 568), v(px, 580), v(px - 40, 568)];
    details += `<path d="${smoothPath(pocket, true, 0.2)}" fill="#000" fill-opacity="0.06" stroke="#2d3f59" stroke-opacity="0.6" stroke-width="1.4"/>`;
    details += `<path d="${smoothPath(offsetLine(pocket, 5), true, 0.2)}" fill="none" stroke="${thread.colour}" stroke-width="1.4" stroke-dasharray="5 3"/>`;
    const flap = [v(px - 46, 486), v(px + 46, 486), v(px + 44, 516), v(px, 530), v(px - 44, 516)];
    details += `<path d="${smoothPath(flap, true, 0.15)}" fill="#5a7aa2" stroke="#2d3f59" stroke-opacity="0.7" stroke-width="1.4"/>`;
    details += `<path d="${smoothPath(offsetLine(flap, 5), true, 0.15)}" fill="none" stroke="${thread.colour}" stroke-width="1.4" stroke-dasharray="5 3"/>`;
    details += button(v(px, 516), 7, '#b87333', '#6f4420');
    details += seam([v(CX + s * 100, 582), v(CX + s * 104, 736)], '#2d3f59', { ...thread, offset: s * 6 });
    // Pointed collar over the shoulder line.
    const collar = [
      v(CX + s * 52, 340),
      v(CX + s * 100, 360),
      v(CX + s * 88, 420),
      v(CX + s * 34, 460),
      v(CX + s * 20, 446),
      v(CX + s * 40, 372),
    ];
    details += `<path d="${polyRound(collar)}" fill="#5a7aa3" stroke="#2d3f59" stroke-opacity="0.7" stroke-width="1.4"/>`;
    details += `<path d="${smoothPath(offsetLine(collar.slice(1, 4), s * 6), false)}" fill="none" stroke="${thread.colour}" stroke-width="1.4" stroke-dasharray="5 3"/>`;
  }
  for (const y of [478, 560, 640, 716]) details += button(v(CX - 4, y), 8.5, '#b87333', '#6f4420');
  details += button(v(CX - 4, 764), 8.5, '#b87333', '#6f4420');
  for (const s of p.sleeves) {
    details += seam(sleeveHemLine(s, 44), '#2d3f59', { ...thread, offset: 6 });
    details += seam(sleeveHemLine(s, 8), '#2d3f59');
  }
  for (const sx of [-1, 1])
    details += seam([v(CX + sx * 56, 350), v(CX + sx * 150, p.shoulderY)], '#2d3f59', {
      ...thread,
      offset: sx * 5,
    });
  const texture = `<rect x="0" y="0" width="1024" height="1536" fill="url(#${twill})" opacity="0.5"/><rect x="0" y="0" width="1024" height="1536" fill="url(#${grain})" opacity="0.22"/>`;
  return assemble(c, p, [...bodyFolds(p, c.hemY), ...sleeveFolds(p, true)], details, texture);
}

function polyRound(pts: readonly Vec[]): string {
  return smoothPath(pts, true, 0.35);
}

const coatCut: TopCut = {
  id: 'coat',
  colour: '#c49c6c',
  hemY: 1196,
  ease: 26,
  flare: 34,
  sleeveLength: 1.06,
  sleeveWidth: (t) => 52 - 16 * t,
  neckDip: 210,
  neckWidth: 62,
};

export function drawCamelCoat(grain: string): GarmentDrawing {
  const c = coatCut;
  const p = cutTop(c);
  let details = '';
  const dark = '#7a5a36';
  // Notched lapels, a double-breasted front, flap pockets and a back vent hinted by a centre fold.
  for (const s of [-1, 1]) {
    const lapel = [
      v(CX + s * 62, 346),
      v(CX + s * 112, 392),
      v(CX + s * 92, 404),
      v(CX + s * 120, 440),
      v(CX + s * 58, 600),
      v(CX + s * 10, 568),
    ];
    details += `<path d="${smoothPath(lapel, true, 0.25)}" fill="#c9a170" stroke="${dark}" stroke-opacity="0.6" stroke-width="1.5"/>`;
    details += `<path d="${smoothPath([v(CX + s * 112, 440), v(CX + s * 76, 540), v(CX + s * 50, 596)], false)}" fill="none" stroke="#000" stroke-opacity="0.12" stroke-width="6"/>`;
    details += `<path d="${smoothPath(offsetLine([v(CX + s * 116, 446), v(CX + s * 60, 592)], s * -6), false)}" fill="none" stroke="#a88257" stroke-width="1.2" stroke-dasharray="3 3"/>`;
    const py = 820;
    const flap = [v(CX + s * 58, py), v(CX + s * 150, py - 6), v(CX + s * 152, py + 30), v(CX + s * 60, py + 36)];
    details += `<path d="${smoothPath(flap, true, 0.1)}" fill="#c29a69" stroke="${dark}" stroke-opacity="0.55" stroke-width="1.4"/>`;
    details += `<path d="${smoothPath(
      flap.slice(0, 2).map((q) => v(q.x, q.y + 2)),
      false,
    )}" fill="none" stroke="#000" stroke-opacity="0.25" stroke-width="2"/>`;
    for (const y of [612, 702, 792]) details += button(v(CX + s * 44, y), 11, '#3a2a1c', '#1d140c');
  }
  details += `<path d="M${pt(v(CX - 10, 590))}L${pt(v(CX - 10, c.hemY + 4))}" stroke="${dark}" stroke-opacity="0.55" stroke-width="2"/>`;
  for (const s of p.sleeves) details += seam(sleeveHemLine(s, 70), dark);
  const folds: Fold[] = [
    ...sleeveFolds(p, true),
    ...bodyFolds(p, 800),
    ...[-1, 1].flatMap((s): Fold[] => [
      { pts: [v(CX + s * 120, 900), v(CX + s * 136, 1040), v(CX + s * 150, c.hemY)], w: 12, tone: 'dark', o: 0.22 },
      { pts: [v(CX + s * 104, 920), v(CX + s * 116, 1050), v(CX + s * 126, c.hemY)], w: 8, tone: 'light', o: 0.2 },
      { pts: [v(CX + s * 60, 960), v(CX + s * 66, 1100), v(CX + s * 70, c.hemY)], w: 10, tone: 'dark', o: 0.14 },
    ]),
  ];
  const texture = `<rect x="0" y="0" width="1024" height="1536" fill="url(#${grain})" opacity="0.17"/>`;
  const drawing = assemble(c, p, folds, details, texture, true);
  // The open neck shows what is worn under the coat: cut the V out of the body panel.
  return { ...drawing, body: `<g>${drawing.body}</g>` };
}
