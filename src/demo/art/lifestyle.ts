import { createRng, f, linearGradient, polyPath, radialGradient, v } from './svg.ts';
import type { Vec } from './svg.ts';
import { H, W } from './studio.ts';

/** Two lifestyle sets in one-point perspective: a sunlit city street and a loft with a big window. */

/** A set in two layers: `back` is rendered and blurred by `blur` design pixels (depth of field), `front` stays sharp. */
export type Layered = { back: string; blur: number; front: string };

/** Where a point of the x = const plane at depth t (0 = at the camera plane, 1 = at the vanishing point) lands. */
function toward(p: Vec, vp: Vec, t: number): Vec {
  return v(p.x + (vp.x - p.x) * t, p.y + (vp.y - p.y) * t);
}

export function streetSvg(grainHref: string): Layered {
  const vp = v(560, 760);
  const rng = createRng(42);
  const defs = [
    linearGradient('sky', v(0, 0), v(0, vp.y), [
      [0, '#7fa7cf'],
      [0.6, '#b9d0e4'],
      [1, '#e9e4d8'],
    ]),
    linearGradient('pave', v(0, vp.y), v(0, H), [
      [0, '#b9b1a4'],
      [0.5, '#cfc6b7'],
      [1, '#a79d8f'],
    ]),
    linearGradient('sunL', v(0, 0), v(vp.x, 0), [
      [0, '#e8c9a0'],
      [1, '#d8b68c'],
    ]),
    linearGradient('shadeR', v(W, 0), v(vp.x, 0), [
      [0, '#7d7f86'],
      [1, '#9a9a9c'],
    ]),
    radialGradient('haze', vp, 420, [
      [0, '#f6efe2', 0.75],
      [1, '#f6efe2', 0],
    ]),
    radialGradient('vig', v(W / 2, H * 0.55), H * 0.8, [
      [0.6, '#1d1a16', 0],
      [1, '#1d1a16', 0.4],
    ]),
    `<pattern id="grain" patternUnits="userSpaceOnUse" width="128" height="128"><image width="128" height="128" href="${grainHref}"/></pattern>`,
  ];
  let bg = `<rect width="${W}" height="${vp.y + 40}" fill="url(#sky)"/>`;
  // Far skyline in the haze.
  for (let x = 380; x < 760; x += 34) {
    const h = 80 + rng() * 120;
    bg += `<rect x="${f(x)}" y="${f(vp.y - h)}" width="36" height="${f(h + 10)}" fill="#b8b3ab" fill-opacity="0.85"/>`;
  }
  // Left facades, sunlit, stepping in depth; right facades in shade.
  const facade = (side: -1 | 1, x0: number, top: number, t0: number, t1: number, fill: string, win: string): string => {
    const base = v(x0, H * 0.86);
    const roof = v(x0, top);
    const a = toward(roof, vp, t0);
    const b = toward(roof, vp, t1);
    const c = toward(base, vp, t1);
    const d = toward(base, vp, t0);
    let s = `<path d="${polyPath([a, b, c, d])}" fill="${fill}"/>`;
    const floors = 7;
    const cols = 4;
    for (let fl = 0; fl < floors; fl++) {
      for (let col = 0; col < cols; col++) {
        const u0 = t0 + ((t1 - t0) * (col + 0.25)) / cols;
        const u1 = t0 + ((t1 - t0) * (col + 0.7)) / cols;
        const y0 = top + ((base.y - top) * (fl + 0.22)) / (floors + 0.6);
        const y1 = top + ((base.y - top) * (fl + 0.72)) / (floors + 0.6);
        const q = [
          toward(v(x0, y0), vp, u0),
          toward(v(x0, y0), vp, u1),
          toward(v(x0, y1), vp, u1),
          toward(v(x0, y1), vp, u0),
        ];
        s += `<path d="${polyPath(q)}" fill="${win}" stroke="#ffffff" stroke-opacity="${side < 0 ? 0.5 : 0.2}" stroke-width="1.5"/>`;
      }
    }
    const ledge = [toward(v(x0, top + 14), vp, t0), toward(v(x0, top + 14), vp, t1)];
    s += `<path d="M${f(ledge[0]!.x)},${f(ledge[0]!.y)}L${f(ledge[1]!.x)},${f(ledge[1]!.y)}" stroke="#000" stroke-opacity="0.2" stroke-width="6"/>`;
    return s;
  };
  bg += facade(-1, -60, 40, 0, 0.35, 'url(#sunL)', '#6d7f93');
  bg += facade(-1, -60, 160, 0.35, 0.62, '#dcc3a0', '#74879a');
  bg += facade(-1, -60, 60, 0.62, 0.82, '#e2cfb1', '#8193a4');
  bg += facade(1, W + 60, 90, 0, 0.4, 'url(#shadeR)', '#4c5563');
  bg += facade(1, W + 60, 20, 0.4, 0.7, '#8e8a86', '#59616c');
  bg += facade(1, W + 60, 180, 0.7, 0.86, '#a29c95', '#6a7079');
  bg += `<rect width="${W}" height="${H}" fill="url(#haze)"/>`;
  // Pavement and road, with joints converging on the vanishing point.
  // The street floor runs between the facades' base lines to the vanishing point.
  const groundShape = polyPath([v(-60, H * 0.86), v(-60, H), v(W + 60, H), v(W + 60, H * 0.86), vp]);
  defs.push(`<clipPath id="groundClip"><path d="${groundShape}"/></clipPath>`);
  let ground = `<path d="${groundShape}" fill="url(#pave)"/>`;
  for (let x = -1400; x <= 2400; x += 150) {
    const far = toward(v(x, H), vp, 0.97);
    ground += `<path d="M${f(x)},${H}L${f(far.x)},${f(far.y)}" stroke="#6f675c" stroke-opacity="0.35" stroke-width="1.5"/>`;
  }
  for (let k = 1; k < 40; k++) {
    const t = 1 - Math.pow(0.9, k);
    const y = H + (vp.y - H) * t;
    ground += `<path d="M0,${f(y)}L${W},${f(y)}" stroke="#6f675c" stroke-opacity="${f(0.35 * (1 - t))}" stroke-width="${f(2 * (1 - t) + 0.5)}"/>`;
  }
  const kerb = [v(W + 200, H * 0.9), toward(v(W + 200, H * 0.9), vp, 0.96)];
  ground += `<path d="M${f(kerb[0]!.x)},${f(kerb[0]!.y)}L${f(kerb[1]!.x)},${f(kerb[1]!.y)}" stroke="#e9e3d8" stroke-width="10"/>`;
  // The sun from the left throws the right facades' shadow across the pavement.
  ground += `<path d="${polyPath([v(W * 0.72, H), v(W + 200, H), toward(v(W + 200, H), vp, 0.9), toward(v(W * 0.72, H), vp, 0.9)])}" fill="#2a2f3a" fill-opacity="0.22"/>`;
  const d = `<defs>${defs.join('')}</defs>`;
  return {
    back: `${d}${bg}`,
    blur: 4,
    front: `${d}<g clip-path="url(#groundClip)">${ground}</g><rect width="${W}" height="${H}" fill="url(#grain)" opacity="0.05"/><rect width="${W}" height="${H}" fill="url(#vig)"/>`,
  };
}

export function loftSvg(grainHref: string): Layered {
  const vp = v(470, 700);
  const back = { x0: 150, x1: 880, y0: 170, y1: 1010 };
  const defs = [
    linearGradient('wallBack', v(back.x0, 0), v(back.x1, 0), [
      [0, '#efe7db'],
      [1, '#d8cdbd'],
    ]),
    linearGradient('wallL', v(0, 0), v(back.x0, 0), [
      [0, '#cfc2b0'],
      [1, '#e3d8c8'],
    ]),
    linearGradient('wallR', v(W, 0), v(back.x1, 0), [
      [0, '#a99c8a'],
      [1, '#c3b6a4'],
    ]),
    linearGradient('floor', v(0, back.y1), v(0, H), [
      [0, '#a27a52'],
      [1, '#7a5534'],
    ]),
    linearGradient('glass', v(0, 220), v(0, 880), [
      [0, '#f8fbff'],
      [0.6, '#e3eef6'],
      [1, '#cfdbe2'],
    ]),
    radialGradient('spill', v(300, 1200), 520, [
      [0, '#fff6e6', 0.45],
      [1, '#fff6e6', 0],
    ]),
    radialGradient('vig', v(W / 2, H * 0.55), H * 0.8, [
      [0.6, '#1a140f', 0],
      [1, '#1a140f', 0.45],
    ]),
    `<pattern id="grain" patternUnits="userSpaceOnUse" width="128" height="128"><image width="128" height="128" href="${grainHref}"/></pattern>`,
  ];
  // Room corners run to the vanishing point; where they leave the frame follows from that line.
  const edgeAt = (corner: Vec, x: number): Vec => v(x, vp.y + ((corner.y - vp.y) * (x - vp.x)) / (corner.x - vp.x));
  const floorL = edgeAt(v(back.x0, back.y1), 0);
  const floorR = edgeAt(v(back.x1, back.y1), W);
  let room = `<rect width="${W}" height="${H}" fill="url(#wallBack)"/>`;
  room += `<path d="${polyPath([v(0, 0), v(back.x0, back.y0), v(back.x0, back.y1), floorL])}" fill="url(#wallL)"/>`;
  room += `<path d="${polyPath([v(W, 0), v(back.x1, back.y0), v(back.x1, back.y1), floorR])}" fill="url(#wallR)"/>`;
  room += `<path d="${polyPath([v(0, 0), v(W, 0), v(back.x1, back.y0), v(back.x0, back.y0)])}" fill="#e8e0d4"/>`;
  // The big steel-framed window on the back wall.
  const win = { x0: 250, x1: 700, y0: 230, y1: 880 };
  room += `<rect x="${win.x0}" y="${win.y0}" width="${win.x1 - win.x0}" height="${win.y1 - win.y0}" fill="url(#glass)"/>`;
  room += `<path d="M${win.x0},${win.y1 - 160}L${win.x0 + 140},${win.y1 - 260}L${win.x0 + 260},${win.y1 - 190}L${win.x1},${win.y1 - 300}V${win.y1}H${win.x0}Z" fill="#b9c7c9" fill-opacity="0.55"/>`;
  let grid = `<rect x="${win.x0}" y="${win.y0}" width="${win.x1 - win.x0}" height="${win.y1 - win.y0}" fill="none" stroke="#2d2d2f" stroke-width="14"/>`;
  for (let i = 1; i < 4; i++)
    grid += `<path d="M${win.x0 + ((win.x1 - win.x0) * i) / 4},${win.y0}V${win.y1}" stroke="#2d2d2f" stroke-width="7"/>`;
  for (let i = 1; i < 6; i++)
    grid += `<path d="M${win.x0},${win.y0 + ((win.y1 - win.y0) * i) / 6}H${win.x1}" stroke="#2d2d2f" stroke-width="7"/>`;
  room += grid;
  room += `<rect x="${win.x0 - 20}" y="${win.y1}" width="${win.x1 - win.x0 + 40}" height="14" fill="#cbbfae"/>`;
  // A plant and a low bench give scale.
  room += `<path d="M760,1010L800,1010L792,940L768,940Z" fill="#6b5a49"/>`;
  for (let k = 0; k < 9; k++) {
    const a = -1.2 + k * 0.3;
    room += `<ellipse cx="${f(780 + Math.sin(a) * 60)}" cy="${f(880 - Math.cos(a) * 40)}" rx="16" ry="60" fill="${k % 2 ? '#4c6a3d' : '#5d7c48'}" transform="rotate(${f((a * 180) / Math.PI)} ${f(780 + Math.sin(a) * 60)} ${f(880 - Math.cos(a) * 40)})"/>`;
  }
  room += `<rect x="180" y="960" width="230" height="22" rx="4" fill="#5e4632"/><rect x="192" y="982" width="12" height="34" fill="#3f2f22"/><rect x="386" y="982" width="12" height="34" fill="#3f2f22"/>`;
  // Wooden floor: planks converging on the vanishing point, with staggered butt joints.
  const floorShape = polyPath([v(back.x0, back.y1), v(back.x1, back.y1), floorR, v(W, H), v(0, H), floorL]);
  defs.push(`<clipPath id="floorClip"><path d="${floorShape}"/></clipPath>`);
  let floor = `<path d="${floorShape}" fill="url(#floor)"/>`;
  const planks = 22;
  for (let i = 0; i <= planks; i++) {
    const x = -700 + (2424 * i) / planks;
    const far = toward(v(x, H), vp, (H - back.y1) / (H - vp.y));
    floor += `<path d="M${f(x)},${H}L${f(far.x)},${f(far.y)}" stroke="#4a3120" stroke-opacity="0.5" stroke-width="1.6"/>`;
  }
  const rng = createRng(9);
  for (let i = 0; i < planks; i++) {
    const t = 0.1 + rng() * 0.85;
    const y = H + (back.y1 - H) * t;
    const xa = -700 + (2424 * i) / planks;
    const xb = -700 + (2424 * (i + 1)) / planks;
    const pa = toward(v(xa, H), vp, (H - y) / (H - vp.y));
    const pb = toward(v(xb, H), vp, (H - y) / (H - vp.y));
    floor += `<path d="M${f(pa.x)},${f(pa.y)}L${f(pb.x)},${f(pb.y)}" stroke="#4a3120" stroke-opacity="0.4" stroke-width="1.2"/>`;
  }
  floor += `<path d="${polyPath([v(win.x0 + 20, back.y1), v(win.x1 - 20, back.y1), v(win.x1 + 140, H), v(win.x0 - 260, H)])}" fill="#fff3dc" fill-opacity="0.16"/>`;
  const d = `<defs>${defs.join('')}</defs>`;
  return {
    back: `${d}${room}`,
    blur: 3.5,
    front: `${d}<g clip-path="url(#floorClip)">${floor}</g><rect width="${W}" height="${H}" fill="url(#spill)"/><rect width="${W}" height="${H}" fill="url(#grain)" opacity="0.05"/><rect width="${W}" height="${H}" fill="url(#vig)"/>`,
  };
}
