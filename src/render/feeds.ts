import * as ort from 'onnxruntime-node';
import { BugError, expectedFor, StudioError } from '../errors/index.ts';
import { GARMENT_SLOTS } from './graphs/catalog.ts';
import { NO_SCENE_LIGHT, type SceneLightInput, sceneLightInput } from './light/sceneLight.ts';
import type { Pixels, Planar } from './tensors.ts';
import type { TpsTensors } from './warpInputs.ts';

export interface ShadowInput {
  floorY: number;
  band: number;
  strength: number;
  kernelX: Float32Array;
  kernelY: Float32Array;
}

export interface LayerLight {
  twin: readonly [number, number, number];
  garments: readonly [number, number, number];
}

/** The combined model's light inputs when nothing is relit. */
export const UNLIT: LayerLight = { twin: [1, 1, 1], garments: [1, 1, 1] };

/** A garment layer of a pass: its pixels and spline, and whether the twin's front parts cut it (default: they do). */
export interface CombinedGarment {
  image: Pixels;
  tps: TpsTensors;
  /** False for a sleeve: it covers the arm inside it, so a hand's front part shows below its cuff, not through it. */
  cutsFront?: boolean;
}

export interface CombinedFeedInput {
  /** Interleaved RGB uint8. */
  scene: Pixels;
  /** The twin: its pose image (straight RGBA uint8 as decoded) and the affine spline that places it; EMPTY_LAYER when not drawn. */
  twin: { image: Pixels; tps: TpsTensors };
  /**
   * Bottom to top, each straight RGBA uint8 as decoded; at most GARMENT_SLOTS. They fill the top slots (the top layer
   * in the last one, as the model's contact darkening expects); the slots below get a transparent pixel.
   */
  garments: readonly CombinedGarment[];
  /** Light matching (src/render/light): the gain per channel on the twin and on the garments. */
  light: LayerLight;
  shadow: ShadowInput;
  /** The scene's light on the twin (cast shadow, shading, contact darkening, front parts); absent: none. */
  sceneLight?: SceneLightInput;
}

const f32 = (data: Float32Array, dims: readonly number[]): ort.Tensor => new ort.Tensor('float32', data, dims);
const image = (p: Planar): ort.Tensor => f32(p.data, [1, p.channels, p.height, p.width]);
const bytes = (p: Pixels): ort.Tensor => new ort.Tensor('uint8', p.data, [1, p.height, p.width, p.channels]);

/** A 1×1 transparent layer that warps to nothing: how an empty garment slot, or a twin not drawn, is passed. */
export const EMPTY_LAYER = {
  image: { data: new Uint8Array(4), width: 1, height: 1, channels: 4 },
  tps: {
    ctrl: new Float32Array(2),
    coef: Float32Array.from([0, 0, 0, 0, 0, 0, 0, 0]),
    norm: Float32Array.from([0, 0, 1]),
    box: BigInt64Array.from([0n, 0n, 1n, 1n]),
    count: 1,
  },
} satisfies { image: Pixels; tps: TpsTensors };

/** The garment and its spline: premultiplied planar float (the warp models) or straight RGBA uint8 (the combined ones). */
export function tpsFeeds(
  prefix: string,
  garment: Planar | Pixels,
  t: TpsTensors,
  name = 'garment',
): Record<string, ort.Tensor> {
  return {
    [`${prefix}${name}`]: garment.data instanceof Float32Array ? image(garment as Planar) : bytes(garment as Pixels),
    [`${prefix}tps_ctrl`]: f32(t.ctrl, [t.count, 2]),
    [`${prefix}tps_coef`]: f32(t.coef, [t.count + 3, 2]),
    [`${prefix}tps_norm`]: f32(t.norm, [3]),
    [`${prefix}box`]: new ort.Tensor('int64', t.box, [4]),
  };
}

export function shadowFeeds(s: ShadowInput): Record<string, ort.Tensor> {
  return {
    shadow_floor_y: f32(Float32Array.of(s.floorY), [1]),
    shadow_band: f32(Float32Array.of(Math.max(s.band, 1e-3)), [1]),
    shadow_strength: f32(Float32Array.of(s.strength), [1]),
    shadow_kernel_x: f32(s.kernelX, [1, 1, 1, s.kernelX.length]),
    shadow_kernel_y: f32(s.kernelY, [1, 1, s.kernelY.length, 1]),
  };
}

/** The feeds of `render-combined` / `render-combined-exact`. */
export function combinedFeeds(x: CombinedFeedInput): Record<string, ort.Tensor> {
  if (x.garments.length > GARMENT_SLOTS) {
    throw new StudioError(
      'TOO_MANY_GARMENTS',
      expectedFor(`at most ${GARMENT_SLOTS} garments`, 'a render pass', x.garments.length),
      {
        count: x.garments.length,
      },
    );
  }
  if (x.scene.channels !== 3 || x.twin.image.channels !== 4) {
    throw new BugError(
      `Expected an RGB scene and an RGBA twin image, got ${x.scene.channels} and ${x.twin.image.channels} channels`,
    );
  }
  let feeds: Record<string, ort.Tensor> = {
    scene: bytes(x.scene),
    ...tpsFeeds('twin_', x.twin.image, x.twin.tps, 'image'),
  };
  const empty = GARMENT_SLOTS - x.garments.length;
  const anchor = emptyAt(x.garments);
  const frontCuts = new Float32Array(GARMENT_SLOTS).fill(1);
  for (let i = 0; i < GARMENT_SLOTS; i++) {
    const given = x.garments[i - empty];
    const g = given && given !== EMPTY_LAYER ? given : anchor;
    if (given?.cutsFront === false) frontCuts[i] = 0;
    feeds = { ...feeds, ...tpsFeeds(`g${i}_`, g.image, g.tps) };
  }
  return {
    ...feeds,
    twin_light: f32(Float32Array.from(x.light.twin), [3]),
    garment_light: f32(Float32Array.from(x.light.garments), [3]),
    ...shadowFeeds(x.shadow),
    ...sceneLightFeeds(x.sceneLight ?? noSceneLight(x.twin.image), x.twin.image),
    front_cuts: f32(frontCuts, [GARMENT_SLOTS]),
  };
}

/**
 * The empty layer for a pass's unused slots, its 1×1 box at the corner of a garment's box: the model stacks the
 * layers inside the box that holds them all, which an empty slot then leaves as small as the garments make it.
 */
function emptyAt(garments: CombinedFeedInput['garments']): CombinedFeedInput['garments'][number] {
  const drawn = garments.find((g) => g !== EMPTY_LAYER);
  if (!drawn) return EMPTY_LAYER;
  const box = BigInt64Array.from([drawn.tps.box[0] as bigint, drawn.tps.box[1] as bigint, 1n, 1n]);
  return { image: EMPTY_LAYER.image, tps: { ...EMPTY_LAYER.tps, box } };
}

/** No scene light, for a twin image of this size: a clear front mask, no cast shadow, no shading. */
function noSceneLight(twinImage: Pixels): SceneLightInput {
  const { width, height } = twinImage;
  const front = { data: new Uint8Array(width * height), width, height, channels: 1 as const };
  return { ...sceneLightInput(undefined, NO_SCENE_LIGHT, { width, height }), front };
}

function sceneLightFeeds(s: SceneLightInput, twinImage: Pixels): Record<string, ort.Tensor> {
  if (s.front.width !== twinImage.width || s.front.height !== twinImage.height || s.front.channels !== 1) {
    throw new BugError(
      `Expected a one-channel front mask of ${twinImage.width}×${twinImage.height} like the twin image, got ` +
        `${s.front.channels} channels of ${s.front.width}×${s.front.height}`,
    );
  }
  const t = s.cast;
  const k = s.contactKernel.length;
  const side = Math.round(Math.sqrt(s.shadeKernel.length));
  return {
    twin_front: bytes(s.front),
    cast_tps_ctrl: f32(t.ctrl, [t.count, 2]),
    cast_tps_coef: f32(t.coef, [t.count + 3, 2]),
    cast_tps_norm: f32(t.norm, [3]),
    cast_box: new ort.Tensor('int64', t.box, [4]),
    cast_strength: f32(Float32Array.of(s.castStrength), [1]),
    cast_kernel_x: f32(s.castKernel, [1, 1, 1, s.castKernel.length]),
    cast_kernel_y: f32(s.castKernel, [1, 1, s.castKernel.length, 1]),
    contact_kernel_x: f32(s.contactKernel, [1, 1, 1, k]),
    contact_kernel_y: f32(s.contactKernel, [1, 1, k, 1]),
    contact_strength: f32(Float32Array.of(s.contactStrength), [1]),
    shade_kernel: f32(s.shadeKernel, [1, 1, side, side]),
    shade_strength: f32(Float32Array.of(s.shadeStrength), [1]),
  };
}

/** The feeds of a combined model's tile variant: the same as the whole frame's (nothing in it reads the whole frame). */
export const tileFeeds = combinedFeeds;
