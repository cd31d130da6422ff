import type { Scene } from '../../catalog/scene.schema.ts';
import { CONTACT_TAPS, SHADE_RADIUS, SHADOW_POOL, SHADOW_TAPS } from '../graphs/parts.ts';
import { gaussianTaps } from '../shadowKernel.ts';
import type { Pixels } from '../tensors.ts';
import { fitTps, type Point } from '../tps.ts';
import { landingBox, type Size, type TpsTensors, tpsTensors } from '../warpInputs.ts';

/**
 * The scene's light on the twin (docs/render.md "Scene light"): its direction and softness cast the twin's shadow on
 * the floor (a hard low sun a long crisp one, a soft light a short faint one), shade the side of the figure turned
 * away from it, and darken the body where garments meet it (collar, cuffs, hems). Every one of these only takes light
 * away, per pixel and equally in R, G and B: a product's colour is never changed, only how lit it is.
 */

export interface SceneLightPlan {
  /**
   * The cast shadow: a frame point at height h = floorY − y above the floor lands on the floor at
   * (x + h·dx, floorY − h·dy); `sigma` (frame pixels) its blur, `strength` its density.
   */
  cast: { floorY: number; dx: number; dy: number; sigma: number; strength: number };
  /** Contact darkening: the garments' alpha blurred by `sigma` (frame pixels), times `strength`, on the twin. */
  contact: { sigma: number; strength: number };
  /** Directional shading: unit vector toward the light (frame axes, y down), shift and blur in pooled cells. */
  shade: { toLight: Point; shift: number; sigma: number; strength: number };
}

/** How far back into the scene a shadow recedes per unit of its length across the floor (the floor's foreshortening). */
const FLOOR_DEPTH = 0.25;
/** The longest shadow, in figure heights. */
const MAX_LENGTH = 1.1;

/** No scene light: what a render without a twin (or a pass after the first) gets. */
export const NO_SCENE_LIGHT: SceneLightPlan = {
  cast: { floorY: 0, dx: 0, dy: 0, sigma: 0, strength: 0 },
  contact: { sigma: 0, strength: 0 },
  shade: { toLight: { x: 0, y: -1 }, shift: 0, sigma: 1, strength: 0 },
};

/**
 * The plan for a scene's light on a figure standing at `floorY` whose opaque rows span `figureHeight` pixels;
 * `shadow` is the shot's shadow setting, which scales every darkening here (0.6 by default, the strengths below are
 * for it; 0: a flat figure with no cast shadow).
 */
export function planSceneLight(
  light: Scene['light'],
  floorY: number,
  figureHeight: number,
  shadow: number,
): SceneLightPlan {
  const theta = (light.direction * Math.PI) / 180;
  const soft = Math.min(1, Math.max(0, light.softness));
  // Toward the light in frame axes (direction 0: from the right, 90: from above).
  const toLight = { x: Math.cos(theta), y: -Math.sin(theta) };
  // The shadow falls away from the light, longer the lower the light, shorter and fainter the softer it is.
  const elevation = Math.max(0.35, Math.sin(theta));
  const length = Math.min(MAX_LENGTH, Math.abs(toLight.x) / elevation) * (1 - 0.5 * soft);
  const amount = Math.min(1.5, Math.max(0, shadow) / 0.6);
  const figure = Math.max(1, figureHeight);
  return {
    cast: {
      floorY,
      dx: -Math.sign(toLight.x) * length,
      dy: FLOOR_DEPTH * length,
      sigma: figure * (0.004 + 0.03 * soft),
      strength: amount * (0.15 + 0.65 * (1 - soft)),
    },
    contact: { sigma: figure * 0.008, strength: amount * (0.4 + 0.15 * soft) },
    shade: { toLight, shift: 2.5, sigma: 1.2 + 1.5 * soft, strength: amount * 0.34 * (1 - 0.6 * soft) },
  };
}

/** Where the cast shadow puts a frame point (an affine map: the feet stay, the figure falls away from the light). */
export function castPoint(cast: SceneLightPlan['cast'], p: Point): Point {
  const h = cast.floorY - p.y;
  return { x: p.x + h * cast.dx, y: cast.floorY - h * cast.dy };
}

/**
 * The shading kernel, (2·SHADE_RADIUS + 1)² cells: a Gaussian shifted `shift` cells toward the light minus the same
 * Gaussian unshifted, each normalised; read over the pooled alpha it is how much more figure lies toward the light
 * than here, which is positive on the side turned away from it.
 */
export function shadeKernel(shade: SceneLightPlan['shade']): Float32Array {
  const size = 2 * SHADE_RADIUS + 1;
  const out = new Float32Array(size * size);
  if (!(shade.strength > 0)) return out;
  const gauss = (ox: number, oy: number): Float64Array => {
    const g = new Float64Array(size * size);
    let sum = 0;
    for (let y = 0; y < size; y++)
      for (let x = 0; x < size; x++) {
        const v = Math.exp(-((x - SHADE_RADIUS - ox) ** 2 + (y - SHADE_RADIUS - oy) ** 2) / (2 * shade.sigma ** 2));
        g[y * size + x] = v;
        sum += v;
      }
    return g.map((v) => v / sum);
  };
  const shifted = gauss(shade.toLight.x * shade.shift, shade.toLight.y * shade.shift);
  const here = gauss(0, 0);
  for (let i = 0; i < out.length; i++) out[i] = (shifted[i] as number) - (here[i] as number);
  return out;
}

/** The combined model's scene-light inputs (graphs/catalog.ts `sceneLightSpecs`). */
export interface SceneLightInput {
  /** The twin's front-parts mask, one channel, the twin image's size (zeros: nothing in front). */
  front: Pixels;
  /** The twin image onto the floor, in cells of 1/SHADOW_POOL of the frame. */
  cast: TpsTensors;
  castStrength: number;
  castKernel: Float32Array;
  contactKernel: Float32Array;
  contactStrength: number;
  shadeKernel: Float32Array;
  shadeStrength: number;
}

/** A spline that samples outside every image: a layer that draws nothing whatever image it is given. */
export const OFF_IMAGE_TPS: TpsTensors = {
  ctrl: new Float32Array(2),
  coef: Float32Array.from([0, 0, -4, -4, 0, 0, 0, 0]),
  norm: Float32Array.from([0, 0, 1]),
  box: BigInt64Array.from([0n, 0n, 1n, 1n]),
  count: 1,
};

const ZERO_MASK: Pixels = { data: new Uint8Array(1), width: 1, height: 1, channels: 1 };

/** The frame's size in shadow cells. */
export const pooledSize = (output: Size): Size => ({
  width: Math.ceil(output.width / SHADOW_POOL),
  height: Math.ceil(output.height / SHADOW_POOL),
});

/**
 * The scene-light inputs for a twin placed by `dest` ↔ `src` (its image's corners and where they land), or for no
 * twin (undefined): the cast shadow's spline maps pooled cells onto the twin image through the shadow's affine map.
 */
export function sceneLightInput(
  twin: { image: Pixels; dest: Point[]; src: Point[]; front?: Pixels } | undefined,
  plan: SceneLightPlan,
  output: Size,
): SceneLightInput {
  const common = {
    castKernel: gaussianTaps(plan.cast.sigma / SHADOW_POOL, SHADOW_TAPS),
    contactKernel: gaussianTaps(plan.contact.sigma / SHADOW_POOL, CONTACT_TAPS),
    contactStrength: plan.contact.strength,
    shadeKernel: shadeKernel(plan.shade),
    shadeStrength: plan.shade.strength,
  };
  if (!twin) return { ...common, front: ZERO_MASK, cast: OFF_IMAGE_TPS, castStrength: 0 };
  const size = { width: twin.image.width, height: twin.image.height };
  const front = twin.front ?? { data: new Uint8Array(size.width * size.height), ...size, channels: 1 as const };
  const dest = twin.dest.map((p) => {
    const q = castPoint(plan.cast, p);
    return { x: q.x / SHADOW_POOL, y: q.y / SHADOW_POOL };
  });
  // A light straight overhead casts no shadow beyond the contact shadow (and would fold the map flat).
  const casts = plan.cast.strength > 0 && plan.cast.dy > 1e-3;
  const box = casts ? landingBox(dest, twin.src, size, pooledSize(output), 2) : null;
  if (!box) return { ...common, front, cast: OFF_IMAGE_TPS, castStrength: 0 };
  // Exactly affine, as the twin's own placement (renderShot REGULARIZATION.affine).
  const cast = tpsTensors(fitTps(dest, twin.src, { regularization: 1e3 }), size, box);
  return { ...common, front, cast, castStrength: plan.cast.strength };
}
