import { FRONT, PathBuilder, button, cylinderShade, foldsSvg, offsetLine, seam } from './fabric.ts';
import type { Fold, GarmentDrawing } from './fabric.ts';
import { torsoHalfWidth } from './rig.ts';
import { f, linearGradient, pt, smoothPath, v } from './svg.ts';
import type { Vec } from './svg.ts';
import type { GarmentLandmarks } from '../../catalog/garmentLandmarks.ts';

/** Straight-leg trousers and a pleated midi skirt, cut around the front pose. */

const CX = 512;
const J = FRONT;

function legCentre(side: 'left' | 'right', y: number): number {
  const h = J[`${side}_hip`];
  const k = J[`${side}_knee`];
  const a = J[`${side}_ankle`];
  if (y <= k.y) return h.x + ((k.x - h.x) * (y - h.y)) / (k.y - h.y);
  return k.x + ((a.x - k.x) * (y - k.y)) / (a.y - k.y);
}

const legHalf = (y: number): number => {
  const table: [number, number][] = [
    [790, 84],
    [950, 71],
    [1100, 58],
    [1300, 54],
    [1470, 52],
  ];
  let prev = table[0] as [number, number];
  for (const cur of table) {
    if (y <= cur[0]) return prev[1] + ((cur[1] - prev[1]) * (y - prev[0])) / Math.max(1, cur[0] - prev[0]);
    prev = cur;
  }
  return prev[1];
};

export function drawTrousers(grain: string): GarmentDrawing {
  const colour = '#26334d';
  const waistY = 686;
  const hemY = 1466;
  const crotchY = 872;
  const ys = [880, 1000, 1102, 1250, 1380];
  const wWaist = torsoHalfWidth(waistY) + 12;
  const b = new PathBuilder()
    .move(v(CX - wWaist, waistY))
    .smooth(
      v(CX - 150, 790),
      ...ys.map((y) => v(legCentre('right', y) - legHalf(y), y)),
      v(legCentre('right', hemY) - legHalf(hemY), hemY),
    )
    .line(v(legCentre('right', hemY) + legHalf(hemY), hemY + 4))
    .smooth(...[...ys].reverse().map((y) => v(legCentre('right', y) + legHalf(y), y)), v(CX, crotchY))
    .smooth(
      ...ys.map((y) => v(legCentre('left', y) - legHalf(y), y)),
      v(legCentre('left', hemY) - legHalf(hemY), hemY + 4),
    )
    .line(v(legCentre('left', hemY) + legHalf(hemY), hemY))
    .smooth(
      ...[...ys].reverse().map((y) => v(legCentre('left', y) + legHalf(y), y)),
      v(CX + 150, 790),
      v(CX + wWaist, waistY),
    );
  const d = b.close();
  const defs: string[] = [`<clipPath id="tr-clip"><path d="${d}"/></clipPath>`];
  let shade = '';
  // One cylinder per leg, meeting at the centre seam so no band shows where they overlap.
  for (const side of ['right', 'left'] as const) {
    const cx = legCentre(side, 1100);
    defs.push(cylinderShade(`tr-${side}`, v(cx - 72, 1080), v(cx + 72, 1100), 1.2));
    shade += `<rect x="${side === 'right' ? 0 : CX}" y="0" width="${CX}" height="1536" fill="url(#tr-${side})"/>`;
  }
  const stitch = { colour: '#5f6f8c', offset: 5, dash: '4 3' };
  let details = seam(
    [v(CX - wWaist + 2, waistY + 40), v(CX, waistY + 42), v(CX + wWaist - 2, waistY + 40)],
    '#0d1424',
    stitch,
  );
  details += `<path d="${smoothPath([v(CX - wWaist + 2, waistY + 6), v(CX + wWaist - 2, waistY + 6)], false)}" fill="none" stroke="${stitch.colour}" stroke-width="1.2" stroke-dasharray="4 3"/>`;
  for (const x of [-128, -62, 62, 128]) {
    details += `<rect x="${f(CX + x - 6)}" y="${waistY - 2}" width="12" height="48" rx="3" fill="${colour}" stroke="#0d1424" stroke-opacity="0.6"/>`;
    details += `<path d="M${pt(v(CX + x - 3, waistY + 2))}V${waistY + 42}M${pt(v(CX + x + 3, waistY + 2))}V${waistY + 42}" stroke="${stitch.colour}" stroke-width="1" stroke-dasharray="3 2"/>`;
  }
  details += button(v(CX + 4, waistY + 22), 7, '#1b2336', '#0b101b');
  // Fly: a J-stitch, and slanted front pockets.
  details += `<path d="${smoothPath([v(CX + 34, waistY + 44), v(CX + 34, 820), v(CX + 22, 848), v(CX + 2, 860)], false)}" fill="none" stroke="${stitch.colour}" stroke-width="1.3" stroke-dasharray="4 3"/>`;
  details += `<path d="M${pt(v(CX + 2, waistY + 44))}L${pt(v(CX + 2, 862))}" stroke="#0d1424" stroke-opacity="0.55" stroke-width="1.6"/>`;
  for (const s of [-1, 1]) {
    const pk = [v(CX + s * 108, waistY + 44), v(CX + s * 128, 770), v(CX + s * (wWaist + 18), 812)];
    details += `<path d="${smoothPath(pk, false)}" fill="none" stroke="#0b101b" stroke-opacity="0.7" stroke-width="2"/>`;
    details += `<path d="${smoothPath(offsetLine(pk, s * 6), false)}" fill="none" stroke="${stitch.colour}" stroke-width="1.1" stroke-dasharray="4 3"/>`;
  }
  const folds: Fold[] = [];
  for (const side of ['right', 'left'] as const) {
    const c = (y: number): Vec => v(legCentre(side, y), y);
    // The pressed crease: a light ridge with its shadow beside it.
    folds.push({ pts: [c(760), c(1000), c(1250), c(hemY - 10)], w: 3, tone: 'light', o: 0.35 });
    folds.push({
      pts: [v(c(760).x + 5, 760), v(c(1250).x + 5, 1250), v(c(hemY).x + 5, hemY - 10)],
      w: 4,
      tone: 'dark',
      o: 0.3,
    });
    const s = side === 'left' ? 1 : -1;
    for (const [y, dy, o] of [
      [1070, 26, 0.2],
      [1118, 16, 0.14],
      [1396, 22, 0.22],
      [1436, 10, 0.16],
    ] as const) {
      const x0 = c(y).x;
      folds.push({
        pts: [v(x0 - s * 46, y + dy * 0.4), v(x0 - s * 14, y), v(x0 + s * 20, y - dy * 0.5)],
        w: 6,
        tone: 'dark',
        o,
      });
      folds.push({ pts: [v(x0 - s * 40, y + dy * 0.4 - 8), v(x0 - s * 10, y - 8)], w: 4, tone: 'light', o: o * 0.6 });
    }
    folds.push({ pts: [v(CX + s * 8, 856), v(CX + s * 40, 890), v(CX + s * 78, 900)], w: 8, tone: 'dark', o: 0.35 });
    folds.push({ pts: [v(CX + s * 14, 876), v(CX + s * 46, 916)], w: 6, tone: 'dark', o: 0.25 });
  }
  const fold = foldsSvg('tr-folds', folds, 3);
  defs.push(fold.def);
  const body =
    `<path d="${d}" fill="${colour}" stroke="#000" stroke-opacity="0.2" stroke-width="1"/>` +
    `<g clip-path="url(#tr-clip)">${shade}<rect width="1024" height="1536" fill="url(#${grain})" opacity="0.16"/>${fold.svg}${details}</g>`;
  const landmarks: GarmentLandmarks = {
    left_waist: v(CX + wWaist, waistY),
    right_waist: v(CX - wWaist, waistY),
    crotch: v(CX, crotchY),
    left_leg_hem_outer: v(legCentre('left', hemY) + legHalf(hemY), hemY),
    left_leg_hem_inner: v(legCentre('left', hemY) - legHalf(hemY), hemY),
    right_leg_hem_outer: v(legCentre('right', hemY) - legHalf(hemY), hemY),
    right_leg_hem_inner: v(legCentre('right', hemY) + legHalf(hemY), hemY),
  };
  return { defs, body, extent: b.points, landmarks };
}

export function drawPleatedSkirt(grain: string): GarmentDrawing {
  const colour = '#7d8f72';
  const waistY = 612;
  const bandY = 650;
  const hemY = 1156;
  const wWaist = torsoHalfWidth(waistY) + 10;
  const wBand = torsoHalfWidth(bandY) + 12;
  const wHem = 246;
  const n = 18;
  const hemAt = (u: number): Vec =>
    v(CX + u * wHem, hemY + 22 * (1 - u * u) + (Math.round((u + 1) * n) % 2 === 0 ? 0 : 5));
  const topAt = (u: number): Vec => v(CX + u * wBand, bandY + 6 * (1 - u * u));
  const defs: string[] = [];
  let pleats = '';
  const hemPts: Vec[] = [];
  for (let i = 0; i < n; i++) {
    const u0 = -1 + (2 * i) / n;
    const u1 = -1 + (2 * (i + 1)) / n;
    const a = topAt(u0);
    const b = topAt(u1);
    const c = hemAt(u1);
    const dd = hemAt(u0);
    hemPts.push(dd);
    // Each pleat is a folded plane: one face catches the light, the next turns away.
    const lit = i % 2 === 0;
    const id = `pl${i}`;
    defs.push(
      linearGradient(
        id,
        v(dd.x, dd.y),
        v(c.x, c.y),
        lit
          ? [
              [0, '#ffffff', 0.16],
              [0.7, '#ffffff', 0.04],
              [1, '#000000', 0.08],
            ]
          : [
              [0, '#000000', 0.05],
              [0.6, '#000000', 0.16],
              [1, '#000000', 0.3],
            ],
      ),
    );
    pleats += `<path d="M${pt(a)}L${pt(b)}L${pt(c)}L${pt(dd)}Z" fill="url(#${id})"/>`;
    pleats += `<path d="M${pt(b)}L${pt(c)}" stroke="#1e2a1a" stroke-opacity="${lit ? 0.35 : 0.12}" stroke-width="1.4"/>`;
  }
  hemPts.push(hemAt(1));
  const b = new PathBuilder()
    .move(v(CX - wWaist, waistY))
    .line(v(CX + wWaist, waistY), v(CX + wBand, bandY))
    .line(...[...hemPts].reverse())
    .line(v(CX - wBand, bandY));
  const d = b.close();
  defs.push(`<clipPath id="sk-clip"><path d="${d}"/></clipPath>`);
  defs.push(cylinderShade('sk-cyl', v(CX - 250, 900), v(CX + 250, 920), 1));
  defs.push(
    linearGradient('sk-band', v(0, waistY), v(0, bandY), [
      [0, '#ffffff', 0.14],
      [1, '#000000', 0.12],
    ]),
  );
  const fold = foldsSvg(
    'sk-folds',
    [
      { pts: [v(CX - 160, 1000), v(CX - 150, 1080), v(CX - 170, 1150)], w: 16, tone: 'dark', o: 0.14 },
      { pts: [v(CX + 110, 980), v(CX + 130, 1070), v(CX + 120, 1150)], w: 16, tone: 'dark', o: 0.12 },
    ],
    6,
  );
  defs.push(fold.def);
  const body =
    `<path d="${d}" fill="${colour}" stroke="#000" stroke-opacity="0.2" stroke-width="1"/>` +
    `<g clip-path="url(#sk-clip)">${pleats}<rect width="1024" height="1536" fill="url(#sk-cyl)"/><rect width="1024" height="1536" fill="url(#${grain})" opacity="0.18"/>${fold.svg}` +
    `<rect x="${CX - wBand - 4}" y="${waistY}" width="${2 * wBand + 8}" height="${bandY - waistY}" fill="url(#sk-band)"/>` +
    seam([v(CX - wBand, bandY), v(CX, bandY + 6), v(CX + wBand, bandY)], '#2c3a27', { colour: '#a9b79e', offset: -5 }) +
    `<path d="M${pt(v(CX - wWaist, waistY + 5))}L${pt(v(CX + wWaist, waistY + 5))}" stroke="#a9b79e" stroke-width="1.2" stroke-dasharray="4 3"/>` +
    `</g>`;
  const landmarks: GarmentLandmarks = {
    left_waist: v(CX + wWaist, waistY),
    right_waist: v(CX - wWaist, waistY),
    left_hem: hemAt(1),
    right_hem: hemAt(-1),
  };
  return { defs, body, extent: b.points, landmarks };
}
