import { add, lerp, mul, norm, perp, smoothPath, sub } from './svg.ts';
import type { Vec } from './svg.ts';

/** A tapered volume between two joints: its outline (round caps) and the across-axis line used for shading. */
export type LimbShape = { d: string; lit: Vec; shade: Vec; axis: Vec; mid: Vec; rMax: number };

/** Light comes from the upper left, slightly in front: the lit side of a limb is the one facing it. */
const TO_LIGHT = norm({ x: -0.6, y: -0.8 });

export function limbShape(a: Vec, b: Vec, profile: readonly (readonly [number, number])[]): LimbShape {
  const axisV = sub(b, a);
  const dir = norm(axisV);
  const n = perp(dir);
  const left: Vec[] = [];
  const right: Vec[] = [];
  let rMax = 0;
  for (const [t, r] of profile) {
    const c = lerp(a, b, t);
    left.push(add(c, mul(n, r)));
    right.push(add(c, mul(n, -r)));
    rMax = Math.max(rMax, r);
  }
  const r0 = (profile[0] as readonly [number, number])[1];
  const r1 = (profile[profile.length - 1] as readonly [number, number])[1];
  const cap = (c: Vec, r: number, fromN: Vec, toward: Vec): Vec[] => {
    const out: Vec[] = [];
    for (let i = 1; i < 6; i++) {
      const phi = (Math.PI * i) / 6;
      out.push(add(c, add(mul(fromN, r * Math.cos(phi)), mul(toward, r * Math.sin(phi)))));
    }
    return out;
  };
  const outline = [...left, ...cap(b, r1, n, dir), ...right.reverse(), ...cap(a, r0, mul(n, -1), mul(dir, -1))];
  const mid = lerp(a, b, 0.5);
  const litSide = n.x * TO_LIGHT.x + n.y * TO_LIGHT.y >= 0 ? n : mul(n, -1);
  return {
    d: smoothPath(outline, true),
    lit: add(mid, mul(litSide, rMax)),
    shade: add(mid, mul(litSide, -rMax)),
    axis: dir,
    mid,
    rMax,
  };
}
