import { type Dim, type DType, type Graph, type Value, createGraph } from '../../onnx/index.ts';
import {
  CONTACT_TAPS,
  SHADE_RADIUS,
  SHADOW_TAPS,
  channels,
  contactShadow,
  cropAt,
  figureLight,
  fromBytes,
  lightLayer,
  opaque,
  over,
  placeCrop,
  placeIn,
  premultiply,
  toBytes,
  tpsWarp,
  unionBox,
} from './parts.ts';

export const OPSET = 17;
export const PRODUCER = 'twin-studio';
/**
 * How many garment layers the combined model takes in one pass: every layer of a demo shot (a garment fitted part by
 * part is 2–4 layers) fits in one, so the twin's front parts lie over all of them (sleeves aside). A shot's layers fill the top
 * slots (the last slot is the top layer); the slots below are passed as a 1×1 transparent layer.
 */
export const GARMENT_SLOTS = 8;
/** Layers of the single-stage composite model (twin + two garments). */
export const COMPOSITE_LAYERS = 3;

export interface TensorSpec {
  name: string;
  dtype: DType;
  dims: Dim[];
}

/** The stage a shipped model serves; `pose` is ingest's keypoint model (src/ingest/pose), not a render stage. */
export type RenderStage = 'warp' | 'composite' | 'harmonize' | 'shadow' | 'render' | 'upscale' | 'pose';

export interface ModelSpec {
  id: string;
  stage: RenderStage;
  doc: string;
  inputs: TensorSpec[];
  outputs: TensorSpec[];
  /** Wires the graph from its declared inputs (in order) and returns the outputs (in order). */
  wire(g: Graph, inputs: Value[]): Value[];
}

const rgba = (h: Dim, w: Dim): Dim[] => [1, 4, h, w];

/** `bytes`: the garment as sharp decodes it, straight RGBA uint8 (HWC); else premultiplied planar float. */
function tpsSpecs(prefix: string, k: string, bytes = false, image = 'garment'): TensorSpec[] {
  return [
    bytes
      ? { name: `${prefix}${image}`, dtype: 'uint8', dims: [1, `${k}H`, `${k}W`, 4] }
      : { name: `${prefix}${image}`, dtype: 'float32', dims: rgba(`${k}H`, `${k}W`) },
    { name: `${prefix}tps_ctrl`, dtype: 'float32', dims: [k, 2] },
    { name: `${prefix}tps_coef`, dtype: 'float32', dims: [`${k}+3`, 2] },
    { name: `${prefix}tps_norm`, dtype: 'float32', dims: [3] },
    { name: `${prefix}box`, dtype: 'int64', dims: [4] },
  ];
}

const shadowSpecs: TensorSpec[] = [
  { name: 'shadow_floor_y', dtype: 'float32', dims: [1] },
  { name: 'shadow_band', dtype: 'float32', dims: [1] },
  { name: 'shadow_strength', dtype: 'float32', dims: [1] },
  { name: 'shadow_kernel_x', dtype: 'float32', dims: [1, 1, 1, SHADOW_TAPS] },
  { name: 'shadow_kernel_y', dtype: 'float32', dims: [1, 1, SHADOW_TAPS, 1] },
];

/**
 * The combined model's scene light (src/render/light/sceneLight.ts): the twin's front-parts mask (uint8, its image's
 * size), the cast shadow's affine spline onto the floor at 1/SHADOW_POOL size (box in pooled cells) and its strength,
 * the contact darkening's blur and strength, the directional shading kernel and strength.
 */
const sceneLightSpecs: TensorSpec[] = [
  { name: 'twin_front', dtype: 'uint8', dims: [1, 'KTH', 'KTW', 1] },
  { name: 'cast_tps_ctrl', dtype: 'float32', dims: ['KC', 2] },
  { name: 'cast_tps_coef', dtype: 'float32', dims: ['KC+3', 2] },
  { name: 'cast_tps_norm', dtype: 'float32', dims: [3] },
  { name: 'cast_box', dtype: 'int64', dims: [4] },
  { name: 'cast_strength', dtype: 'float32', dims: [1] },
  { name: 'cast_kernel_x', dtype: 'float32', dims: [1, 1, 1, SHADOW_TAPS] },
  { name: 'cast_kernel_y', dtype: 'float32', dims: [1, 1, SHADOW_TAPS, 1] },
  { name: 'contact_kernel_x', dtype: 'float32', dims: [1, 1, 1, CONTACT_TAPS] },
  { name: 'contact_kernel_y', dtype: 'float32', dims: [1, 1, CONTACT_TAPS, 1] },
  { name: 'contact_strength', dtype: 'float32', dims: [1] },
  { name: 'shade_kernel', dtype: 'float32', dims: [1, 1, 2 * SHADE_RADIUS + 1, 2 * SHADE_RADIUS + 1] },
  { name: 'shade_strength', dtype: 'float32', dims: [1] },
  // Per garment slot: 1 where the twin's front parts cut it (a skirt, a torso), 0 where it lies over them (a sleeve,
  // which covers the forearm inside it).
  { name: 'front_cuts', dtype: 'float32', dims: [GARMENT_SLOTS] },
];

function warpSpec(coarse: boolean): ModelSpec {
  return {
    id: coarse ? 'warp-tps' : 'warp-tps-exact',
    stage: 'warp',
    doc: `Thin-plate-spline warp of a garment into a destination box (${coarse ? 'grid every 8 px, bilinear Resize' : 'exact grid'}, GridSample bilinear, zeros).`,
    inputs: tpsSpecs('', 'K'),
    outputs: [{ name: 'warped', dtype: 'float32', dims: rgba('h', 'w') }],
    wire: (g, [garment, ctrl, coef, norm, box]) => [
      tpsWarp(g, { garment: garment!, ctrl: ctrl!, coef: coef!, norm: norm!, box: box! }, coarse),
    ],
  };
}

const compositeSpec: ModelSpec = {
  id: 'composite-over',
  stage: 'composite',
  doc: `Premultiplied "over" of ${COMPOSITE_LAYERS} layers, layer0 lowest, onto the background.`,
  inputs: [
    { name: 'background', dtype: 'float32', dims: rgba('H', 'W') },
    ...Array.from({ length: COMPOSITE_LAYERS }, (_, i): TensorSpec => ({
      name: `layer${i}`,
      dtype: 'float32',
      dims: rgba('H', 'W'),
    })),
  ],
  outputs: [{ name: 'composite', dtype: 'float32', dims: rgba('H', 'W') }],
  wire: (g, [background, ...layers]) => [layers.reduce((acc, layer) => over(g, layer, acc), background!)],
};

const harmonizeSpec: ModelSpec = {
  id: 'harmonize',
  stage: 'harmonize',
  doc: "Light matching: the foreground's colour times one bounded gain per channel (level and colour temperature); alpha untouched.",
  inputs: [
    { name: 'foreground', dtype: 'float32', dims: rgba('H', 'W') },
    { name: 'light', dtype: 'float32', dims: [3] },
  ],
  outputs: [{ name: 'harmonized', dtype: 'float32', dims: rgba('H', 'W') }],
  wire: (g, [fg, light]) => [lightLayer(g, fg!, light!)],
};

const shadowSpec: ModelSpec = {
  id: 'contact-shadow',
  stage: 'shadow',
  doc: "Soft contact shadow from the twin's alpha near the floor line, darkening the scene.",
  inputs: [
    { name: 'scene', dtype: 'float32', dims: [1, 3, 'H', 'W'] },
    { name: 'alpha', dtype: 'float32', dims: [1, 1, 'H', 'W'] },
    ...shadowSpecs,
  ],
  outputs: [{ name: 'shaded', dtype: 'float32', dims: [1, 3, 'H', 'W'] }],
  wire: (g, [scene, alpha, floorY, band, strength, kernelX, kernelY]) => [
    contactShadow(g, {
      scene: scene!,
      alpha: alpha!,
      floorY: floorY!,
      band: band!,
      strength: strength!,
      kernelX: kernelX!,
      kernelY: kernelY!,
    }),
  ],
};

/** The id of the tile variant of a combined model (see combinedSpec's `tile`). */
export const tileModelId = (combinedId: string): string => `${combinedId}-tile`;

/**
 * The combined model. Every step is pointwise or local (the light is an input, the same for the whole frame), so a
 * crop of the frame renders exactly like the same pixels of the whole (src/render/pipeline/tiled.ts); the `tile`
 * variant is the same graph under the id the out-of-memory path asks for.
 */
function combinedSpec(coarse: boolean, tile = false): ModelSpec {
  const garments = Array.from({ length: GARMENT_SLOTS }, (_, i) => tpsSpecs(`g${i}_`, `K${i}`, true));
  const id = coarse ? 'render-combined' : 'render-combined-exact';
  return {
    id: tile ? tileModelId(id) : id,
    stage: 'render',
    doc:
      `${tile ? `One tile of ${id}. ` : ''}Scene (uint8 RGB, HWC) + twin (the pose image, uint8 straight RGBA, HWC, placed by an ` +
      `affine spline) + ${GARMENT_SLOTS} TPS-warped garments (uint8 straight RGBA, HWC; g0 under g1), light-matched (one gain ` +
      'per channel for the twin, one for the garments), the twin darkened where garments meet it, its front parts ' +
      "showing through every garment layer but a sleeve (front_cuts), the foreground shaded on the side turned from the scene's light, contact and cast " +
      'shadow, composited; out as planar float and as uint8 RGBA (HWC).',
    inputs: [
      { name: 'scene', dtype: 'uint8', dims: [1, 'H', 'W', 3] },
      ...tpsSpecs('twin_', 'KT', true, 'image'),
      ...garments.flat(),
      { name: 'twin_light', dtype: 'float32', dims: [3] },
      { name: 'garment_light', dtype: 'float32', dims: [3] },
      ...shadowSpecs,
      ...sceneLightSpecs,
    ],
    outputs: [
      { name: 'composite', dtype: 'float32', dims: rgba('H', 'W') },
      { name: 'rgba', dtype: 'uint8', dims: [1, 'H', 'W', 4] },
    ],
    wire: (g, values) => {
      const scene = fromBytes(g, values[0] as Value);
      // The inputs after the garments, by name (the order of the spec's input list).
      const named = [...['twin_light', 'garment_light'], ...shadowSpecs, ...sceneLightSpecs].map((t) =>
        typeof t === 'string' ? t : t.name,
      );
      const input = (name: string): Value => values[6 + 5 * GARMENT_SLOTS + named.indexOf(name)] as Value;
      const [twinLight, garmentLight, floorY, band, shadowStrength, kernelX, kernelY] = named
        .slice(0, 7)
        .map((n) => input(n)) as Value[] as [Value, Value, Value, Value, Value, Value, Value];
      const front = input('twin_front');
      const frontCuts = input('front_cuts');
      const [castCtrl, castCoef, castNorm, castBox] = ['tps_ctrl', 'tps_coef', 'tps_norm', 'box'].map((n) =>
        input(`cast_${n}`),
      ) as [Value, Value, Value, Value];
      const [castStrength, castX, castY] = [input('cast_strength'), input('cast_kernel_x'), input('cast_kernel_y')];
      const [contactX, contactY, contactStrength] = [
        input('contact_kernel_x'),
        input('contact_kernel_y'),
        input('contact_strength'),
      ];
      const [shadeKernel, shadeStrength] = [input('shade_kernel'), input('shade_strength')];
      const warpInto = (image: Value, at: number): [Value, Value] => {
        const [ctrl, coef, norm, box] = values.slice(at + 1, at + 5) as [Value, Value, Value, Value];
        return [tpsWarp(g, { garment: image, ctrl, coef, norm, box }, coarse), box];
      };
      // The twin is placed here, like a garment: the pose image through an affine spline into its box, on a clear
      // frame, its front-parts mask riding along as a fifth channel.
      const twinImage = premultiply(g, fromBytes(g, values[1] as Value));
      const withFront = g.op('Concat', [twinImage, fromBytes(g, front)], { axis: 1 });
      const [twinWarped, twinBox] = warpInto(withFront, 1);
      const twin = channels(g, twinWarped, 0, 4);
      const person = placeCrop(g, twin, twinBox, scene);
      // The front parts lie over the garments (see `thinned` below); a sleeve covers the arm inside it.
      const frontMask = placeCrop(g, channels(g, twinWarped, 4, 5), twinBox, scene);
      const behind = g.op('Sub', [g.scalar(1), frontMask]);
      // The garment layers are stacked inside the box that holds them all (an empty slot is a 1×1 box inside it, so it
      // costs a pass over that box, not over the frame), then laid over the twin once.
      const union = unionBox(
        g,
        Array.from({ length: GARMENT_SLOTS }, (_, i) => values[6 + 5 * i + 4] as Value),
      );
      // Light is matched on each layer's crop: the gain is per layer, and "over" is linear in colour.
      const garments = Array.from({ length: GARMENT_SLOTS }, (_, i) => {
        const [crop, box] = warpInto(premultiply(g, fromBytes(g, values[6 + 5 * i] as Value)), 6 + 5 * i);
        return placeIn(g, lightLayer(g, crop, garmentLight), box, union);
      });
      const alphaOf = (layer: Value): Value => channels(g, layer, 3, 4);
      // The twin's front parts show through the garments where its mask is and no sleeve lies (a slot front_cuts
      // marks 0): the stack thins there once, as a whole (cutting each layer would compound a soft edge, m^n).
      const sleeveClear = garments
        .map((layer, i) => {
          const sleeve = g.op('Sub', [g.scalar(1), g.op('Slice', [frontCuts, g.ints([i]), g.ints([i + 1])])]);
          return g.op('Sub', [g.scalar(1), g.op('Mul', [alphaOf(layer), sleeve])]);
        })
        .reduce((a, b) => g.op('Mul', [a, b]));
      const thinned = g.op('Sub', [g.scalar(1), g.op('Mul', [cropAt(g, frontMask, union), sleeveClear])]);
      const litTwin = placeCrop(g, lightLayer(g, twin, twinLight), twinBox, scene);
      const clothes = g.op('Mul', [garments.reduce((below, layer) => over(g, layer, below)), thinned]);
      const fg = over(g, placeCrop(g, clothes, union, scene), litTwin);
      const fgAlpha = alphaOf(fg);
      const alphas = garments.map((layer) => g.op('Mul', [alphaOf(layer), thinned]));
      const sum = (maps: Value[]): Value => maps.reduce((total, a) => g.op('Add', [total, a]));
      // The garments' alpha summed, the top slot's, and the slots' below it summed, brought to the frame in one pad.
      const maps = placeCrop(
        g,
        g.op('Concat', [sum(alphas), alphas[alphas.length - 1] as Value, sum(alphas.slice(0, -1))], { axis: 1 }),
        union,
        scene,
      );
      const covered = channels(g, maps, 0, 1);
      const keep = figureLight(g, {
        covered,
        upper: channels(g, maps, 1, 2),
        lower: channels(g, maps, 2, 3),
        alpha: fgAlpha,
        behind,
        contactX,
        contactY,
        contactStrength,
        shadeKernel,
        shadeStrength,
      });
      // The cast shadow: the twin's alpha through its own spline onto the floor, at the shadow's pooled size.
      const cast = tpsWarp(
        g,
        { garment: alphaOf(twinImage), ctrl: castCtrl, coef: castCoef, norm: castNorm, box: castBox },
        false,
      );
      const shaded = contactShadow(g, {
        scene,
        alpha: alphaOf(person),
        floorY,
        band,
        strength: shadowStrength,
        kernelX,
        kernelY,
        cast: { crop: cast, box: castBox, strength: castStrength, kernelX: castX, kernelY: castY },
      });
      // The foreground's colour times the light it keeps, over the shaded scene: "over" with the scene opaque.
      const behindFg = g.op('Mul', [shaded, g.op('Sub', [g.scalar(1), fgAlpha])]);
      const composite = opaque(g, g.op('Add', [g.op('Mul', [channels(g, fg, 0, 3), keep]), behindFg]));
      return [composite, toBytes(g, composite)];
    },
  };
}

export const MODEL_SPECS: readonly ModelSpec[] = [
  warpSpec(true),
  warpSpec(false),
  compositeSpec,
  harmonizeSpec,
  shadowSpec,
  combinedSpec(true),
  combinedSpec(false),
  combinedSpec(true, true),
  combinedSpec(false, true),
];

/** The ONNX bytes of one spec; the same spec always gives the same bytes. */
export function buildModel(spec: ModelSpec): Uint8Array {
  const g = createGraph(spec.id);
  const inputs = spec.inputs.map((t) => g.input(t.name, t.dtype, t.dims));
  const outputs = spec.wire(g, inputs);
  spec.outputs.forEach((t, i) => g.output(outputs[i] as Value, t.name, t.dtype, t.dims));
  return g.toModel({ opset: OPSET, producer: PRODUCER, producerVersion: '1', doc: spec.doc });
}
