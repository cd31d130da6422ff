import type * as ort from 'onnxruntime-node';
import { StudioError } from '../../errors/index.ts';
import { type CombinedFeedInput, type CombinedGarment, EMPTY_LAYER, combinedFeeds } from '../feeds.ts';
import { GARMENT_SLOTS, tileModelId } from '../graphs/catalog.ts';
import {
  defaultProviders,
  type LoadedSession,
  type ProviderAttempt,
  type ProviderName,
  type SessionCache,
  providerFailureReason,
} from '../models.ts';
import { gaussianTaps } from '../shadowKernel.ts';
import { SHADOW_POOL } from '../graphs/parts.ts';
import { type Pixels, rgbOf } from '../tensors.ts';
import { NO_SCENE_LIGHT, OFF_IMAGE_TPS, sceneLightInput } from '../light/sceneLight.ts';
import { fitTps } from '../tps.ts';
import { landingBox, type Size, type TpsTensors, tpsTensors, warpBox } from '../warpInputs.ts';
import { type CoverageGrid, foregroundCoverage } from './foreground.ts';
import type { PreparedShot } from './prepareShot.ts';
import type { PartName } from '../fit/articulate.ts';
import { createProviderFallback, type ProviderFallback } from './fallback.ts';
import { largeFrameTile, renderTiles, tileSizes } from './tiled.ts';
import { UPSCALE_MODEL_ID, upscaleRgb } from './upscale.ts';

export type RenderModelId = 'render-combined' | 'render-combined-exact';

export interface StageEvent {
  stage: string;
  /** 0-based index of this stage and how many there are: progress = (index + 1) / total once it ends. */
  index: number;
  total: number;
  ms?: number;
  /** On a composite stage's end: it ran in tiles of this side (px), after running out of device memory or as a large frame. */
  tile?: number;
  /** Why, in words ("out of memory at full frame on webgpu; rendered in 512-px tiles"). */
  note?: string;
}

export interface RenderOptions {
  signal?: AbortSignal;
  onStage?: (event: StageEvent) => void;
  /** Provider order to try; the session cache's own order when absent. */
  providers?: readonly ProviderName[];
  model?: RenderModelId;
  /**
   * Upscale path: `inputs` were prepared at half size (prepareShot's `upscale`); the composite is enlarged 2× by
   * the learned upscale model to `inputs.upscaleTo` in its own stage.
   */
  upscale?: boolean;
}

export interface RenderResult {
  rgba: Uint8Array;
  width: number;
  height: number;
  timings: Record<string, number>;
  provider: ProviderName;
  attempts: ProviderAttempt[];
  /**
   * The tile side (px) a composite pass ran at, after the device ran out of memory or because the frame is large
   * (tiled.ts largeFrameTile), the smallest if several; null: whole frame.
   */
  tile: number | null;
  /** The models that made the pixels, as the manifest names them (for provenance). */
  models: { id: string; sha256: string }[];
  /** Where the twin, its garments and their contact shadow may lie over the frame (the AI badge keeps off it). */
  foreground?: CoverageGrid;
}

/** TPS keeps the garment's drape; 'affine' smooths the spline until only its affine part is left. */
const REGULARIZATION = { tps: 1e-3, affine: 1e3 } as const;

/**
 * The composite lies over the opaque scene, so its alpha is 1 and its colour is straight already:
 * a clamped array rounds and clamps in one store (half to even — the same every run).
 */
export function opaqueToRgba(planar: Float32Array, n: number): Uint8Array {
  const out = new Uint8ClampedArray(4 * n);
  for (let i = 0, p = 0; i < n; i++, p += 4) {
    out[p] = (planar[i] as number) * 255;
    out[p + 1] = (planar[n + i] as number) * 255;
    out[p + 2] = (planar[2 * n + i] as number) * 255;
    out[p + 3] = 255;
  }
  return new Uint8Array(out.buffer);
}

/** A composite stage's tile side and why, once the fallback rendered it in tiles. */
function tileDetail(fallback: ProviderFallback): Pick<StageEvent, 'tile' | 'note'> {
  const tile = fallback.tile();
  return tile === undefined ? {} : { tile, note: fallback.note() as string };
}

function checkAborted(signal: AbortSignal | undefined, stage: string): void {
  if (signal?.aborted) {
    throw new StudioError('RENDER_CANCELLED', `The render was cancelled before stage ${stage}`, {
      stage,
      reason: String(signal.reason ?? ''),
    });
  }
}

/**
 * The twin's model input: its pose image and the affine spline from output pixels to the image (exactly affine:
 * the four corner pairs agree with one affine map, so the spline's bending part is zero). A twin hidden, or placed
 * wholly outside the frame, is the empty layer.
 */
export function twinInput(twin: PreparedShot['twin'], output: Size): { image: Pixels; tps: TpsTensors } {
  if (!twin) return EMPTY_LAYER;
  const size = { width: twin.image.width, height: twin.image.height };
  const box = landingBox(twin.dest, twin.src, size, output);
  if (!box) return EMPTY_LAYER;
  return {
    image: twin.image,
    tps: tpsTensors(fitTps(twin.dest, twin.src, { regularization: REGULARIZATION.affine }), size, box),
  };
}

/** A garment's model input: its image and the spline (TPS, or smoothed to affine) from output pixels into it. */
export function garmentInput(g: PreparedShot['garments'][number], output: Size): CombinedGarment {
  const size = { width: g.image.width, height: g.image.height };
  const fit = fitTps(g.dest, g.src, { regularization: REGULARIZATION[g.fit] });
  const cutsFront = !(g.part && SLEEVES.includes(g.part));
  return { image: g.image, tps: tpsTensors(fit, size, warpBox(g.dest, g.src, size, output)), cutsFront };
}

/** A garment's parts that cover the arm inside them: the twin's front parts (a hand) are not drawn through them. */
const SLEEVES: readonly PartName[] = ['sleeves', 'left_sleeve', 'right_sleeve'];

/**
 * The twin's layer with only its front parts left (alpha × the front mask): what a later pass draws again;
 * undefined where the mask marks nothing (or the twin is not drawn).
 */
export function frontPartsLayer(
  twin: { image: Pixels; tps: TpsTensors },
  front: Pixels,
): { image: Pixels; tps: TpsTensors } | undefined {
  const { image } = twin;
  if (twin === EMPTY_LAYER || front.width !== image.width || front.height !== image.height) return undefined;
  if (!front.data.some((v) => v > 0)) return undefined;
  const data = Uint8Array.from(image.data);
  for (let i = 0; i < front.data.length; i++)
    data[4 * i + 3] = Math.round(((data[4 * i + 3] as number) * (front.data[i] as number)) / 255);
  return { image: { ...image, data }, tps: twin.tps };
}

/** Garments in passes of at most GARMENT_SLOTS, bottom pass first; a shot with none still makes one pass. */
function passesOf<T>(items: readonly T[]): T[][] {
  const passes: T[][] = [];
  for (let i = 0; i < items.length; i += GARMENT_SLOTS) passes.push(items.slice(i, i + GARMENT_SLOTS));
  return passes.length > 0 ? passes : [[]];
}

/**
 * Renders a prepared shot with the combined model. Garments beyond GARMENT_SLOTS go in further passes over
 * the previous result (no second shadow; the twin's front parts drawn again, so they stay in front of every layer).
 */
export async function renderShot(
  inputs: PreparedShot,
  sessions: SessionCache,
  options: RenderOptions = {},
): Promise<RenderResult> {
  const { signal, onStage } = options;
  const modelId = options.model ?? 'render-combined';
  const { output } = inputs;
  const passes = passesOf(inputs.garments);
  const target = inputs.upscaleTo;
  if (Boolean(options.upscale) !== (target !== undefined)) {
    throw new StudioError(
      'RENDER_UPSCALE_MISMATCH',
      `Expected inputs prepared ${options.upscale ? 'for' : 'without'} the upscale path, got inputs ${target ? 'for' : 'without'} it`,
      {
        upscale: Boolean(options.upscale),
        prepared: target ?? null,
      },
    );
  }
  const stages = [
    'session',
    'fit',
    ...passes.map((_, i) => `composite${passes.length > 1 ? `-${i + 1}` : ''}`),
    ...(target ? ['upscale'] : []),
    'pixels',
  ];
  const timings: Record<string, number> = { ...inputs.timings };
  let index = 0;
  async function stage<T>(
    name: string,
    work: () => Promise<T> | T,
    detail?: () => Pick<StageEvent, 'tile' | 'note'>,
  ): Promise<T> {
    checkAborted(signal, name);
    onStage?.({ stage: name, index, total: stages.length });
    const t0 = performance.now();
    const result = await work();
    const ms = performance.now() - t0;
    timings[name] = (timings[name] ?? 0) + ms;
    onStage?.({ stage: name, index, total: stages.length, ms, ...detail?.() });
    index++;
    return result;
  }

  let loaded = await stage('session', () =>
    options.providers ? sessions.get(modelId, options.providers) : sessions.get(modelId),
  );
  const { fitted, twin, sceneLight } = await stage('fit', () => {
    const placed = twinInput(inputs.twin, output);
    const plan = inputs.sceneLight ?? NO_SCENE_LIGHT;
    return {
      fitted: inputs.garments.map((g) => garmentInput(g, output)),
      twin: placed,
      sceneLight: sceneLightInput(placed === EMPTY_LAYER ? undefined : inputs.twin, plan, output),
    };
  });
  // A later pass draws the twin's front parts alone (no cast shadow) under its garments, which are cut where they
  // are, so a hand in front stays in front of every layer; shading and contact darkening belong to every pass.
  const frontParts = frontPartsLayer(twin, sceneLight.front);
  const later = frontParts
    ? { twin: frontParts, sceneLight: { ...sceneLight, cast: OFF_IMAGE_TPS, castStrength: 0 } }
    : { twin: EMPTY_LAYER, sceneLight: sceneLightInput(undefined, inputs.sceneLight ?? NO_SCENE_LIGHT, output) };
  const foreground = foregroundCoverage(inputs, REGULARIZATION);
  const kernel = gaussianTaps(inputs.shadow.sigma / SHADOW_POOL);
  const shadow = { floorY: inputs.shadow.floorY, band: inputs.shadow.band, kernelX: kernel, kernelY: kernel };
  // Out of device memory on a GPU: the same provider renders the pass again in tiles, halving their side down to
  // TILE_FLOOR (tiled.ts gives the whole frame's pixels); when even those do not fit, the next provider in the
  // order (ending with the CPU) takes the job. The result says which happened, never silently (fallback.ts).
  const coarse = modelId === 'render-combined';
  // A large frame starts in tiles on whichever provider runs it (a provider where the tile model does not start
  // renders it whole and falls back from there as any other).
  const fallback = createProviderFallback({
    provider: loaded.provider,
    order: options.providers ?? defaultProviders(),
    sizes: tileSizes(output),
    frame: output,
    largeFrameTile: largeFrameTile(output),
  });
  let tileSession: LoadedSession | undefined;
  // The models that made the pixels: the combined model, or its tile variant for a pass rendered in tiles.
  const made = new Map<string, { id: string; sha256: string }>();

  async function runPass(
    input: CombinedFeedInput,
    name: string,
    fetch: 'rgba' | 'composite',
  ): Promise<Float32Array | Uint8Array> {
    for (;;) {
      const state = fallback.state();
      switch (state.name) {
        case 'fullFrame':
        case 'tiled':
          try {
            if (state.name === 'fullFrame' || !tileSession) {
              const result = await loaded.session.run(combinedFeeds(input), [fetch]);
              return (result[fetch] as ort.Tensor).data as Float32Array | Uint8Array;
            }
            return await renderTiles(tileSession.session, input, {
              tile: state.tile,
              coarse,
              fetch,
              beforeTile: () => checkAborted(signal, name),
            });
          } catch (error) {
            fallback.runFailed(error);
          }
          break;
        case 'startTiles':
          try {
            tileSession ??= await sessions.get(tileModelId(modelId), [loaded.provider]);
            fallback.tilesStarted();
          } catch (cause) {
            fallback.tilesFailed(providerFailureReason(cause));
          }
          break;
        case 'nextProvider': {
          const previous = loaded.attempts.filter((a) => !a.ok);
          const next = await sessions.get(modelId, state.providers);
          loaded = { ...next, attempts: [...previous, state.attempt, ...next.attempts] };
          tileSession = undefined;
          fallback.providerStarted(loaded.provider);
          break;
        }
        case 'failed':
          throw state.error;
      }
    }
  }

  let scene = inputs.scene;
  let composite: Float32Array | Uint8Array | undefined;
  let offset = 0;
  for (const [i, pass] of passes.entries()) {
    const garments = fitted.slice(offset, offset + pass.length);
    offset += pass.length;
    const name = stages[2 + i] as string;
    // The model gives uint8 RGBA (the pixels, and the next pass's scene); the upscale model takes the float composite.
    const fetch = target && i === passes.length - 1 ? 'composite' : 'rgba';
    const input: CombinedFeedInput = {
      scene,
      // The twin (and its shadow) belongs to the first pass; later ones draw its front parts again.
      twin: i === 0 ? twin : later.twin,
      garments,
      light: inputs.light,
      shadow: { ...shadow, strength: i === 0 ? inputs.shadow.strength : 0 },
      sceneLight: i === 0 ? sceneLight : later.sceneLight,
    };
    composite = await stage(
      name,
      async () => {
        const out = await runPass(input, name, fetch);
        const by = fallback.tile() !== undefined && tileSession ? tileSession : loaded;
        made.set(by.model.id, { id: by.model.id, sha256: by.model.sha256 });
        fallback.passDone();
        return out;
      },
      () => tileDetail(fallback),
    );
    if (i < passes.length - 1)
      scene = rgbOf({ data: composite as Uint8Array, width: output.width, height: output.height, channels: 4 });
  }
  const detail = tileDetail(fallback);
  const attempts =
    detail.tile === undefined
      ? loaded.attempts
      : loaded.attempts.map((a) => (a.ok && a.provider === loaded.provider ? { ...a, ...detail } : a));
  const models = [...made.values()];
  let upscaled: Float32Array | undefined;
  if (target) {
    upscaled = await stage('upscale', async () => {
      const up = await (options.providers
        ? sessions.get(UPSCALE_MODEL_ID, options.providers)
        : sessions.get(UPSCALE_MODEL_ID));
      models.push({ id: up.model.id, sha256: up.model.sha256 });
      const rgb = (composite as Float32Array).subarray(0, 3 * output.width * output.height);
      return upscaleRgb(up.session, rgb, output, target);
    });
  }
  const size = target ?? output;
  const rgba = await stage('pixels', () =>
    upscaled ? opaqueToRgba(upscaled, size.width * size.height) : (composite as Uint8Array),
  );
  return {
    rgba,
    width: size.width,
    height: size.height,
    timings,
    provider: loaded.provider,
    attempts,
    tile: fallback.smallestTile() ?? null,
    models,
    foreground,
  };
}
