import { buildSkeleton, CANVAS, CROTCH_Y, LIMBS, TORSO, BODY } from './rig.ts';
import type { Joint, JointName, PoseId, Skeleton } from './rig.ts';
import { limbShape } from './limb.ts';
import { blurFilter, f, linearGradient, pt, radialGradient, renderRgba, smoothPath, svgDoc, v } from './svg.ts';
import type { Stop, Vec } from './svg.ts';
import type { Coco17Name, Point } from '../../twins/keypoints.schema.ts';

/** Ivory satin: the stops of a cylinder lit from the upper left, lit edge first. */
const SATIN: readonly Stop[] = [
  [0, '#d9cec0'],
  [0.12, '#f1e9de'],
  [0.28, '#fffaf2'],
  [0.42, '#efe6da'],
  [0.68, '#cdbfae'],
  [0.86, '#ad9f8f'],
  [1, '#bdb09f'],
];
const EDGE = '#8d8072';

type Part = { z: number; svg: string };

export type MannequinArt = {
  png: Buffer;
  width: 1024;
  height: 1536;
  keypoints: Record<Coco17Name, Point>;
  /** The front-parts mask (the pack's optional `front` file): the hands that lie in front of worn garments. */
  front: Buffer;
};

export async function drawMannequinPose(pose: PoseId): Promise<MannequinArt> {
  const sk = buildSkeleton(pose);
  const png = await renderRgba(svgDoc(CANVAS.width, CANVAS.height, mannequinSvg(sk)));
  const front = await renderRgba(svgDoc(CANVAS.width, CANVAS.height, frontPartsSvg(sk)));
  return { png, width: CANVAS.width, height: CANVAS.height, keypoints: sk.keypoints, front };
}

/**
 * The forearms and hands in front of the body's plane at the hips (the wrist nearer the camera than its hip): a
 * skirt or a coat hangs behind them (a sleeve does not: the renderer draws it over the forearm inside it). A hand
 * swung back, or the far hand of a turned pose, stays behind.
 */
export function frontPartsSvg(sk: Skeleton): string {
  return (['left', 'right'] as const)
    .filter((side) => sk.j[`${side}_wrist`].z >= sk.j[`${side}_hip`].z)
    .flatMap((side) => [
      limbShape(sk.j[`${side}_elbow`], sk.j[`${side}_wrist`], LIMBS.forearm),
      limbShape(sk.j[`${side}_wrist`], sk.j[`${side}_fingertip`], LIMBS.hand),
    ])
    .map((s) => `<path d="${s.d}" fill="#fff" stroke="#fff" stroke-width="1"/>`)
    .join('');
}

/**
 * The mannequin in pose `sk`, in the canvas's units. `edgeLines` (default on) draws a faint brown line along each
 * part's outline; a ground-truth photo at several times the canvas's size leaves it off (tests/ingest/cutout.test.ts).
 */
export function mannequinSvg(sk: Skeleton, options: { edgeLines?: boolean } = {}): string {
  const edgeLines = options.edgeLines ?? true;
  const defs: string[] = [blurFilter('soft', 9), blurFilter('softer', 4)];
  let gid = 0;
  const segment = (a: Joint, b: Joint, profile: readonly (readonly [number, number])[], seam?: number): Part => {
    const s = limbShape(a, b, profile);
    const id = `g${gid++}`;
    defs.push(linearGradient(id, s.lit, s.shade, SATIN));
    let extra = '';
    if (seam !== undefined) {
      // Store mannequins show the seam where a limb detaches; it also reads as a joint.
      const c = v(a.x + (b.x - a.x) * seam, a.y + (b.y - a.y) * seam);
      const r = interpRadius(profile, seam) * 0.96;
      const n = v(-s.axis.y, s.axis.x);
      const p1 = v(c.x + n.x * r, c.y + n.y * r);
      const p2 = v(c.x - n.x * r, c.y - n.y * r);
      const bow = v(c.x + s.axis.x * r * 0.28, c.y + s.axis.y * r * 0.28);
      extra = `<path d="M${pt(p1)}Q${pt(bow)} ${pt(p2)}" fill="none" stroke="#8a7c6d" stroke-opacity="0.45" stroke-width="1.3"/>`;
    }
    const outline = edgeLines ? ` stroke="${EDGE}" stroke-opacity="0.35" stroke-width="1"` : '';
    return { z: (a.z + b.z) / 2, svg: `<path d="${s.d}" fill="url(#${id})"${outline}/>${extra}` };
  };
  const j = sk.j;
  const limb = (side: 'left' | 'right', kind: 'arm' | 'leg'): Part => {
    const J = (n: string): Joint => j[`${side}_${n}` as JointName];
    const parts: Part[] =
      kind === 'arm'
        ? [
            // The arm's cap starts a little down the axis so it sits under the shoulder line, not above it.
            segment(towards(J('shoulder'), J('elbow'), 16), J('elbow'), LIMBS.upperArm, 0.16),
            segment(J('elbow'), J('wrist'), LIMBS.forearm),
            segment(J('wrist'), J('fingertip'), LIMBS.hand, 0.02),
          ]
        : [
            segment(J('knee'), J('ankle'), LIMBS.shin),
            segment(J('ankle'), J('toe'), LIMBS.foot),
            segment(J('hip'), J('knee'), LIMBS.thigh),
          ];
    // Within a limb, nearer segments cover farther ones; the thigh always tops the shin at the knee.
    const ordered = kind === 'arm' ? [...parts].sort((p, q) => p.z - q.z) : parts;
    const z = parts.reduce((s, p) => s + p.z, 0) / parts.length;
    return { z, svg: `<g>${ordered.map((p) => p.svg).join('')}</g>` };
  };

  const legs = [limb('left', 'leg'), limb('right', 'leg')].sort((p, q) => p.z - q.z);
  const arms = [limb('left', 'arm'), limb('right', 'arm')];
  const neck = segment(j.neckBase, { ...j.neckTop, y: j.neckTop.y - 20 }, LIMBS.neck);
  const torso = torsoSvg(sk, defs, edgeLines);
  const head = headSvg(sk, defs);
  // Arms hang from sockets under the torso's shoulder line unless they swing well forward.
  const behind = arms.filter((a) => a.z < 35).sort((p, q) => p.z - q.z);
  const front = arms.filter((a) => a.z >= 35).sort((p, q) => p.z - q.z);
  const body = [
    ...behind.map((p) => p.svg),
    ...legs.map((p) => p.svg),
    neck.svg,
    neckShadow(sk, defs),
    torso,
    head,
    ...front.map((p) => p.svg),
  ].join('');
  return `<defs>${defs.join('')}</defs>${body}`;
}

function towards(a: Joint, b: Joint, d: number): Joint {
  const l = Math.hypot(b.x - a.x, b.y - a.y) || 1;
  return { x: a.x + ((b.x - a.x) * d) / l, y: a.y + ((b.y - a.y) * d) / l, z: a.z + ((b.z - a.z) * d) / l };
}

function interpRadius(profile: readonly (readonly [number, number])[], t: number): number {
  for (let i = 1; i < profile.length; i++) {
    const [t0, r0] = profile[i - 1] as readonly [number, number];
    const [t1, r1] = profile[i] as readonly [number, number];
    if (t <= t1) return r0 + ((r1 - r0) * (t - t0)) / (t1 - t0 || 1);
  }
  return (profile[profile.length - 1] as readonly [number, number])[1];
}

/** The torso as a loft of elliptical sections: its silhouette follows the body's yaw. */
function torsoSvg(sk: Skeleton, defs: string[], edgeLines: boolean): string {
  const yawR = (sk.yaw * Math.PI) / 180;
  const c = Math.cos(yawR);
  const s = Math.sin(yawR);
  const leftEdge: Vec[] = [];
  const rightEdge: Vec[] = [];
  for (const sec of TORSO.slice(1)) {
    const centre = sk.project({ x: 0, y: sec.y, z: sec.cz });
    const w = Math.sqrt(sec.a * sec.a * c * c + sec.b * sec.b * s * s);
    leftEdge.push(v(centre.x - w, centre.y));
    rightEdge.push(v(centre.x + w, centre.y));
  }
  const front = (u: number, y: number, sec: { a: number; b: number; cz: number }): Vec => {
    const k = Math.max(0, 1 - (u / sec.a) ** 2);
    const p = sk.project({ x: u, y, z: sec.cz + sec.b * Math.sqrt(k) });
    return v(p.x, p.y);
  };
  const last = TORSO[TORSO.length - 1] as (typeof TORSO)[number];
  const top = TORSO[0] as (typeof TORSO)[number];
  const bottom = [0.72, 0.4, 0, -0.4, -0.72].map((k, i) =>
    front(k * last.a, last.y + [22, 44, CROTCH_Y - last.y, 44, 22][i]!, last),
  );
  const neckTop = [
    front(BODY.head.rx * 0.52, top.y - 10, top),
    front(0, top.y + 14, top),
    front(-BODY.head.rx * 0.52, top.y - 10, top),
  ];
  const outline = [
    ...neckTop.slice(2),
    ...leftEdge,
    ...[...bottom].reverse(),
    ...[...rightEdge].reverse(),
    neckTop[0] as Vec,
  ];
  const d = smoothPath(outline, true);
  const chest = TORSO[4] as (typeof TORSO)[number];
  const chestL = leftEdge[3] as Vec;
  const chestR = rightEdge[rightEdge.length - 4] as Vec;
  defs.push(linearGradient('torso', v(chestL.x - 6, chest.y), v(chestR.x + 6, chest.y), SATIN));
  // The lower belly turns away from the key light: a gentle vertical falloff over the cylinder shading.
  defs.push(
    linearGradient('torsoFall', v(0, 560), v(0, CROTCH_Y), [
      [0, '#6f6253', 0],
      [0.55, '#6f6253', 0.14],
      [1, '#6f6253', 0.04],
    ]),
  );
  defs.push(`<clipPath id="torsoClip"><path d="${d}"/></clipPath>`);

  // Soft modelling: collarbones, bust, ribcage, abdomen and the groin lines, blurred together in one pass.
  const bust = TORSO[5] as (typeof TORSO)[number];
  const marks: string[] = [];
  for (const side of [1, -1]) {
    const bp = front(side * 56, bust.y - 6, bust);
    defs.push(
      radialGradient(
        `bust${side}`,
        bp,
        62,
        [
          [0, '#fffbf4', 0.5],
          [0.6, '#f4ece1', 0.18],
          [1, '#f4ece1', 0],
        ],
        v(bp.x - 18, bp.y - 22),
      ),
    );
    marks.push(`<circle cx="${f(bp.x)}" cy="${f(bp.y)}" r="62" fill="url(#bust${side})"/>`);
    const under = [
      front(side * 102, bust.y + 14, bust),
      front(side * 62, bust.y + 50, bust),
      front(side * 16, bust.y + 34, bust),
    ];
    marks.push(
      `<path d="${smoothPath(under, false)}" fill="none" stroke="#9c8e7e" stroke-opacity="0.55" stroke-width="11"/>`,
    );
    const clav = [front(side * 24, 368, top), front(side * 70, 372, TORSO[2]!), front(side * 118, 382, TORSO[3]!)];
    marks.push(
      `<path d="${smoothPath(clav, false)}" fill="none" stroke="#fffaf3" stroke-opacity="0.8" stroke-width="6"/>`,
    );
    const groin = [
      front(side * 122, 742, TORSO[9]!),
      front(side * 70, 800, last),
      front(side * 16, CROTCH_Y - 6, last),
    ];
    marks.push(
      `<path d="${smoothPath(groin, false)}" fill="none" stroke="#8f8172" stroke-opacity="0.45" stroke-width="8"/>`,
    );
    const flank = [
      front(side * 100, 560, TORSO[6]!),
      front(side * 88, 612, TORSO[7]!),
      front(side * 96, 668, TORSO[8]!),
    ];
    marks.push(
      `<path d="${smoothPath(flank, false)}" fill="none" stroke="#a89a89" stroke-opacity="0.35" stroke-width="10"/>`,
    );
  }
  const abs = [front(0, 560, TORSO[6]!), front(0, 640, TORSO[7]!), front(0, 700, TORSO[8]!)];
  marks.push(
    `<path d="${smoothPath(abs, false)}" fill="none" stroke="#b3a594" stroke-opacity="0.35" stroke-width="6"/>`,
  );
  return (
    `<path d="${d}" fill="url(#torso)"/><path d="${d}" fill="url(#torsoFall)"/>` +
    `<g clip-path="url(#torsoClip)"><g filter="url(#soft)">${marks.join('')}</g></g>` +
    (edgeLines
      ? `<path d="${smoothPath([...leftEdge.slice(0, -1)], false)}" fill="none" stroke="${EDGE}" stroke-opacity="0.3" stroke-width="1"/>` +
        `<path d="${smoothPath([...rightEdge.slice(0, -1)], false)}" fill="none" stroke="${EDGE}" stroke-opacity="0.3" stroke-width="1"/>`
      : '')
  );
}

/** The chin's shadow on the neck. */
function neckShadow(sk: Skeleton, defs: string[]): string {
  const a = sk.j.neckTop;
  defs.push(
    linearGradient('neckShade', v(a.x, a.y - 10), v(a.x, a.y + 50), [
      [0, '#7d705f', 0.55],
      [1, '#7d705f', 0],
    ]),
  );
  return `<ellipse cx="${f(a.x)}" cy="${f(a.y + 8)}" rx="34" ry="44" fill="url(#neckShade)"/>`;
}

/** A featureless egg-shaped head, narrower at the chin, lit from the upper left. */
function headSvg(sk: Skeleton, defs: string[]): string {
  const c = sk.j.head;
  const { rx, ry } = BODY.head;
  const pts: Vec[] = [];
  for (let i = 0; i < 48; i++) {
    const t = (i / 48) * Math.PI * 2;
    const lower = Math.max(0, Math.sin(t));
    pts.push(v(c.x + rx * Math.cos(t) * (1 - 0.2 * lower * lower), c.y + ry * Math.sin(t)));
  }
  const d = smoothPath(pts, true);
  const turn = Math.sin((sk.headYaw * Math.PI) / 180);
  defs.push(
    radialGradient(
      'head',
      v(c.x - 10 + turn * 30, c.y - 4),
      ry * 1.05,
      [
        [0, '#fffaf2'],
        [0.3, '#f4ece1'],
        [0.68, '#d8ccbd'],
        [0.9, '#b8aa99'],
        [1, '#a89a8a'],
      ],
      v(c.x - 26 + turn * 24, c.y - 34),
    ),
  );
  const face = v(c.x - turn * 40, c.y + 16);
  return (
    `<path d="${d}" fill="url(#head)" stroke="${EDGE}" stroke-opacity="0.35" stroke-width="1"/>` +
    `<ellipse cx="${f(face.x)}" cy="${f(face.y)}" rx="${f(34 * (1 - Math.abs(turn) * 0.5))}" ry="50" fill="#fffbf5" fill-opacity="0.35" filter="url(#soft)"/>`
  );
}
