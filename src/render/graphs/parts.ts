import type { Graph, Value } from '../../onnx/index.ts';

/**
 * Subgraphs shared by the single-stage models and the combined one. Tensors are float32 NCHW,
 * premultiplied RGBA in [0, 1]; the scene is opaque RGB. `fromBytes` / `toBytes` are the combined model's
 * two ends: images come in and go out as interleaved uint8, as sharp reads and writes them.
 */

/** Spacing in pixels of the coarse TPS grid that `Resize` brings up to full size. */
export const COARSE_GRID_STEP = 8;
/** Taps of the separable contact-shadow blur (at quarter resolution). */
export const SHADOW_TAPS = 25;
/** The contact shadow is blurred at 1/SHADOW_POOL of the image size. */
export const SHADOW_POOL = 4;
/** Taps of the separable contact-darkening blur (garments on the body), at 1/SHADOW_POOL of the image size. */
export const CONTACT_TAPS = 9;
/** Radius (cells at 1/SHADOW_POOL size) of the directional shading kernel: it is 2·SHADE_RADIUS + 1 cells square. */
export const SHADE_RADIUS = 6;

const INT64_MAX = Number.MAX_SAFE_INTEGER;

export function slice(g: Graph, x: Value, starts: number[], ends: number[], axes: number[]): Value {
  return g.op('Slice', [x, g.ints(starts), g.ints(ends), g.ints(axes)]);
}

export function channels(g: Graph, x: Value, start: number, end: number): Value {
  return slice(g, x, [start], [end], [1]);
}

/** int64 [1] element i of a 1-D int64 tensor. */
function element(g: Graph, x: Value, i: number): Value {
  return slice(g, x, [i], [i + 1], [0]);
}

/**
 * Interleaved uint8 [1,H,W,C] (HWC, 0..255) → planar float [1,C,H,W] in [0, 1] (x / 255, as JS would).
 * The layout change is a Transpose between two Reshapes: a plain 4-D Transpose is pushed by onnxruntime's
 * transpose optimizer into every consumer (measured: six extra full-size transposes, +20 ms at 1024×1536).
 */
export function fromBytes(g: Graph, x: Value): Value {
  const shape = g.op('Shape', [x]);
  const channelCount = slice(g, shape, [3], [4], [0]);
  const pixels = g.op('Reshape', [x, g.op('Concat', [g.ints([1, -1]), channelCount], { axis: 0 })]);
  const planes = g.op('Transpose', [pixels], { perm: [0, 2, 1] });
  const dims = g.op('Concat', [g.ints([1]), channelCount, slice(g, shape, [1], [3], [0])], { axis: 0 });
  return g.op('Div', [g.op('Cast', [g.op('Reshape', [planes, dims])], { to: 1 }), g.scalar(255)]);
}

/**
 * Planar float [1,C,H,W] in [0, 1] → interleaved uint8 [1,H,W,C]: ×255, rounded half to even, clamped.
 * QuantizeLinear does all three in one pass (measured ~4× faster than Mul + Clip + Round + Cast).
 */
export function toBytes(g: Graph, x: Value): Value {
  return g.op('Transpose', [g.op('QuantizeLinear', [x, g.scalar(1 / 255), g.constant([0], [], 'uint8')])], {
    perm: [0, 2, 3, 1],
  });
}

/** Straight RGBA [1,4,h,w] → premultiplied: colour × alpha. */
export function premultiply(g: Graph, x: Value): Value {
  const a = channels(g, x, 3, 4);
  return g.op('Concat', [g.op('Mul', [channels(g, x, 0, 3), a]), a], { axis: 1 });
}

/** Premultiplied "over": top + bottom · (1 − alpha(top)). */
export function over(g: Graph, top: Value, bottom: Value): Value {
  const keep = g.op('Sub', [g.scalar(1), channels(g, top, 3, 4)]);
  return g.op('Add', [top, g.op('Mul', [bottom, keep])]);
}

/** float [n] = start + step·i for i in 0..count−1 (count an int64 [1]). */
function ramp(g: Graph, count: Value, start: Value, step: number): Value {
  const n = g.op('Cast', [g.op('Squeeze', [count, g.ints([0])])], { to: 1 });
  const i = g.op('Range', [g.constant([0], []), n, g.constant([1], [])]);
  return g.op('Add', [g.op('Mul', [i, g.scalar(step)]), start]);
}

export interface TpsInputs {
  garment: Value;
  /** float [K,2]: control points in normalised destination units. */
  ctrl: Value;
  /** float [K+3,2]: K weight rows, then a0, ax, ay, all in GridSample units. */
  coef: Value;
  /** float [3]: mean.x, mean.y, invScale — destination pixels to normalised units. */
  norm: Value;
  /** int64 [4]: y0, x0, h, w of the destination box to fill. */
  box: Value;
}

/**
 * Thin-plate-spline warp of the garment into the destination box: the sampling grid is the spline
 * evaluated at each pixel centre (or, with `coarse`, every COARSE_GRID_STEP pixels and brought up
 * by bilinear `Resize`), then `GridSample` reads the garment there. Output [1,4,h,w].
 */
export function tpsWarp(g: Graph, t: TpsInputs, coarse: boolean): Value {
  const step = coarse ? COARSE_GRID_STEP : 1;
  const h = element(g, t.box, 2);
  const w = element(g, t.box, 3);
  const nodes = (len: Value): Value =>
    coarse ? g.op('Add', [g.op('Div', [g.op('Add', [len, g.ints([step - 2])]), g.ints([step])]), g.ints([1])]) : len;
  const hc = nodes(h);
  const wc = nodes(w);
  const toFloat = (v: Value): Value => g.op('Cast', [v], { to: 1 });
  const half = g.scalar(0.5);
  const x0 = g.op('Add', [toFloat(element(g, t.box, 1)), half]);
  const y0 = g.op('Add', [toFloat(element(g, t.box, 0)), half]);
  const invS = slice(g, t.norm, [2], [3], [0]);
  const u = g.op('Mul', [g.op('Sub', [ramp(g, wc, x0, step), slice(g, t.norm, [0], [1], [0])]), invS]);
  const v = g.op('Mul', [g.op('Sub', [ramp(g, hc, y0, step), slice(g, t.norm, [1], [2], [0])]), invS]);

  const sq = (a: Value): Value => g.op('Mul', [a, a]);
  const cx = slice(g, t.ctrl, [0], [1], [1]);
  const cy = slice(g, t.ctrl, [1], [2], [1]);
  const dx2 = g.op('Unsqueeze', [sq(g.op('Sub', [g.op('Unsqueeze', [u, g.ints([0])]), cx])), g.ints([1])]);
  const dy2 = g.op('Unsqueeze', [sq(g.op('Sub', [g.op('Unsqueeze', [v, g.ints([0])]), cy])), g.ints([2])]);
  const r2 = g.op('Add', [dx2, dy2]);
  const kernel = g.op('Mul', [r2, g.op('Log', [g.op('Max', [r2, g.scalar(1e-20)])])]);
  const flat = g.op('Reshape', [kernel, g.ints([0, -1])]);
  const weightsT = g.op('Transpose', [slice(g, t.coef, [0], [-3], [0])], { perm: [1, 0] });
  const shape = g.op('Concat', [g.ints([1, 2]), hc, wc], { axis: 0 });
  const bend = g.op('Reshape', [g.op('MatMul', [weightsT, flat]), shape]);
  const affineRow = (i: number): Value =>
    g.op('Reshape', [slice(g, t.coef, [-3 + i], [i === 2 ? INT64_MAX : -2 + i], [0]), g.ints([1, 2, 1, 1])]);
  const ax = g.op('Mul', [affineRow(1), g.op('Reshape', [u, g.ints([1, 1, 1, -1])])]);
  const ay = g.op('Mul', [affineRow(2), g.op('Reshape', [v, g.ints([1, 1, -1, 1])])]);
  let grid = g.op('Add', [g.op('Add', [bend, affineRow(0)]), g.op('Add', [ax, ay])]);
  if (coarse) {
    const up = (n: Value): Value =>
      g.op('Add', [g.op('Mul', [g.op('Sub', [n, g.ints([1])]), g.ints([step])]), g.ints([1])]);
    const sizes = g.op('Concat', [g.ints([1, 2]), up(hc), up(wc)], { axis: 0 });
    grid = g.op('Resize', [grid, '', '', sizes], { mode: 'linear', coordinate_transformation_mode: 'align_corners' });
    grid = g.op('Slice', [grid, g.ints([0, 0]), g.op('Concat', [h, w], { axis: 0 }), g.ints([2, 3])]);
  }
  const gridNhwc = g.op('Transpose', [grid], { perm: [0, 2, 3, 1] });
  return g.op('GridSample', [t.garment, gridNhwc], { mode: 'bilinear', padding_mode: 'zeros', align_corners: 0 });
}

/** Pads a [1,C,h,w] crop at box (y0, x0) out to the height and width of `like`. */
export function placeCrop(g: Graph, crop: Value, box: Value, like: Value): Value {
  const size = slice(g, g.op('Shape', [like]), [2], [4], [0]);
  const origin = slice(g, box, [0], [2], [0]);
  const extent = slice(g, box, [2], [4], [0]);
  const after = g.op('Sub', [g.op('Sub', [size, origin]), extent]);
  const pads = g.op('Concat', [g.ints([0, 0]), origin, g.ints([0, 0]), after], { axis: 0 });
  return g.op('Pad', [crop, pads]);
}

/** Pads a [1,C,h,w] crop at `box` out to the box `outer` (int64 [4]: y0, x0, h, w) that holds it. */
export function placeIn(g: Graph, crop: Value, box: Value, outer: Value): Value {
  const origin = g.op('Sub', [slice(g, box, [0], [2], [0]), slice(g, outer, [0], [2], [0])]);
  const after = g.op('Sub', [g.op('Sub', [slice(g, outer, [2], [4], [0]), origin]), slice(g, box, [2], [4], [0])]);
  return g.op('Pad', [crop, g.op('Concat', [g.ints([0, 0]), origin, g.ints([0, 0]), after], { axis: 0 })]);
}

/** The smallest box (int64 [4]: y0, x0, h, w) that holds every one of `boxes`. */
export function unionBox(g: Graph, boxes: readonly Value[]): Value {
  const starts = boxes.map((b) => slice(g, b, [0], [2], [0]));
  const ends = boxes.map((b, i) => g.op('Add', [starts[i] as Value, slice(g, b, [2], [4], [0])]));
  const start = g.op('Min', starts);
  return g.op('Concat', [start, g.op('Sub', [g.op('Max', ends), start])], { axis: 0 });
}

/**
 * Light matching (src/render/light): the layer's colour times one gain per channel (`gain`, float [3], on
 * sRGB-encoded values), alpha untouched; premultiplied colour stays within [0, alpha]. The gain is the same for every
 * pixel and never depends on the foreground, so a garment keeps its colour whatever lies around it.
 */
export function lightLayer(g: Graph, layer: Value, gain: Value): Value {
  const a = channels(g, layer, 3, 4);
  const lit = g.op('Min', [g.op('Mul', [channels(g, layer, 0, 3), g.op('Reshape', [gain, g.ints([1, 3, 1, 1])])]), a]);
  return g.op('Concat', [lit, a], { axis: 1 });
}

/** Average pool by SHADOW_POOL, partial windows at the edges averaging what they hold. */
export function pool(g: Graph, x: Value): Value {
  return g.op('AveragePool', [x], {
    kernel_shape: [SHADOW_POOL, SHADOW_POOL],
    strides: [SHADOW_POOL, SHADOW_POOL],
    ceil_mode: 1,
    count_include_pad: 0,
  });
}

/** A pooled one-channel map brought back to `shape` (int64 [4]) by bilinear `Resize`. */
function unpool(g: Graph, x: Value, shape: Value): Value {
  return g.op('Resize', [x, '', '', shape], { mode: 'linear', coordinate_transformation_mode: 'half_pixel' });
}

/** Separable blur, zero padding: `kx` float [1,1,1,T], `ky` float [1,1,T,1]. */
function blur2(g: Graph, x: Value, kx: Value, ky: Value, taps: number): Value {
  const r = (taps - 1) / 2;
  return g.op('Conv', [g.op('Conv', [x, kx], { pads: [0, r, 0, r] }), ky], { pads: [r, 0, r, 0] });
}

const clip01 = (g: Graph, x: Value): Value => g.op('Clip', [x, g.constant([0], []), g.constant([1], [])]);

export interface ShadowInputs {
  scene: Value;
  /** [1,1,H,W] the twin's alpha. */
  alpha: Value;
  /** float [1] each: floor line (pixels), height of the band above/below it that casts, strength. */
  floorY: Value;
  band: Value;
  strength: Value;
  /** float [1,1,1,SHADOW_TAPS] and [1,1,SHADOW_TAPS,1]: the blur, normalised. */
  kernelX: Value;
  kernelY: Value;
  /**
   * The cast shadow: the twin's alpha already warped onto the floor at 1/SHADOW_POOL size ([1,1,h,w] at `box`, in
   * pooled cells), its strength (float [1]) and its own blur (the light's softness), shaped like kernelX / kernelY.
   */
  cast?: { crop: Value; box: Value; strength: Value; kernelX: Value; kernelY: Value };
}

/**
 * Soft contact shadow: the alpha in a band around the floor line, pooled to quarter size, with the cast shadow
 * (already at quarter size) added, blurred separably, brought back with bilinear `Resize`, darkens the scene
 * multiplicatively.
 */
export function contactShadow(g: Graph, s: ShadowInputs): Value {
  const shape = g.op('Shape', [s.alpha]);
  const height = slice(g, shape, [2], [3], [0]);
  const rowY = g.op('Reshape', [ramp(g, height, g.scalar(0.5), 1), g.ints([1, 1, -1, 1])]);
  const distance = g.op('Abs', [g.op('Sub', [rowY, s.floorY])]);
  const rowWeight = g.op('Relu', [g.op('Sub', [g.scalar(1), g.op('Div', [distance, s.band])])]);
  const pooled = pool(g, g.op('Mul', [s.alpha, rowWeight]));
  let blurred = blur2(g, g.op('Mul', [pooled, s.strength]), s.kernelX, s.kernelY, SHADOW_TAPS);
  if (s.cast) {
    const cast = g.op('Mul', [placeCrop(g, s.cast.crop, s.cast.box, pooled), s.cast.strength]);
    blurred = g.op('Add', [blurred, blur2(g, cast, s.cast.kernelX, s.cast.kernelY, SHADOW_TAPS)]);
  }
  const density = clip01(g, unpool(g, blurred, shape));
  return g.op('Mul', [s.scene, g.op('Sub', [g.scalar(1), density])]);
}

export interface FigureLightInputs {
  /** [1,1,H,W]: the garments' alpha summed (they are cut out where the front parts are). */
  covered: Value;
  /** [1,1,H,W]: the foreground's alpha. */
  alpha: Value;
  /** [1,1,H,W]: 1 − the front-parts mask (where contact darkening may fall). */
  behind: Value;
  /** [1,1,H,W]: the top garment slot's alpha, and the garments' below it summed (a waist: a top under trousers). */
  upper: Value;
  lower: Value;
  /** Contact darkening: the separable blur (float [1,1,1,CONTACT_TAPS], [1,1,CONTACT_TAPS,1]) and strength [1]. */
  contactX: Value;
  contactY: Value;
  contactStrength: Value;
  /** Shading: the square kernel (float [1,1,S,S], S = 2·SHADE_RADIUS + 1) and strength [1]. */
  shadeKernel: Value;
  shadeStrength: Value;
}

/**
 * What is left of the light on the foreground, per pixel ([1,1,H,W], in [0, 1]); both terms are worked out at
 * 1/SHADOW_POOL size and brought back together by one `Resize`:
 * - contact darkening where garments meet the body (collar, cuffs, hems): the garments' alpha blurred a little, on
 *   the body just outside them (where no garment and no front part is), and the top garment's on the garment below
 *   it just outside its edge (the waist);
 * - directional shading: the foreground's alpha read through the kernel (a blur shifted toward the light minus the
 *   blur), which is positive on the side of the figure turned away from the light, clamped at 0.
 */
export function figureLight(g: Graph, f: FigureLightInputs): Value {
  // Pooled one by one (no full-size copy to stack them), stacked at the pooled size.
  const pooled = g.op('Concat', [pool(g, f.covered), pool(g, f.alpha), pool(g, f.upper)], { axis: 1 });
  const blurred = (c: number): Value =>
    g.op('Mul', [blur2(g, channels(g, pooled, c, c + 1), f.contactX, f.contactY, CONTACT_TAPS), f.contactStrength]);
  const r = SHADE_RADIUS;
  const turned = g.op('Conv', [channels(g, pooled, 1, 2), f.shadeKernel], { pads: [r, r, r, r] });
  const shade = g.op('Mul', [g.op('Relu', [turned]), f.shadeStrength]);
  const shape = g.op('Concat', [g.ints([1, 3]), slice(g, g.op('Shape', [f.alpha]), [2], [4], [0])], { axis: 0 });
  const up = unpool(g, clip01(g, g.op('Concat', [blurred(0), shade, blurred(2)], { axis: 1 })), shape);
  const one = g.scalar(1);
  // The body where no garment and no front part is; the lower garment where the upper one does not lie over it.
  const bare = g.op('Mul', [g.op('Sub', [one, g.op('Min', [f.covered, one])]), f.behind]);
  const lower = g.op('Mul', [g.op('Min', [f.lower, one]), g.op('Sub', [one, f.upper])]);
  const contact = g.op('Add', [
    g.op('Mul', [channels(g, up, 0, 1), bare]),
    g.op('Mul', [channels(g, up, 2, 3), lower]),
  ]);
  return g.op('Mul', [g.op('Sub', [one, contact]), g.op('Sub', [one, channels(g, up, 1, 2)])]);
}

/** The [1,1,h,w] window of a [1,1,H,W] map at `box` (int64 [4]: y0, x0, h, w). */
export function cropAt(g: Graph, x: Value, box: Value): Value {
  const start = slice(g, box, [0], [2], [0]);
  const end = g.op('Add', [start, slice(g, box, [2], [4], [0])]);
  return g.op('Slice', [x, start, end, g.ints([2, 3])]);
}

/** Opaque RGBA from an RGB scene. */
export function opaque(g: Graph, rgb: Value): Value {
  const one = g.op('Add', [g.op('Mul', [channels(g, rgb, 0, 1), g.scalar(0)]), g.scalar(1)]);
  return g.op('Concat', [rgb, one], { axis: 1 });
}
