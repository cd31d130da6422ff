import { readFileSync } from 'node:fs';
import sharp from 'sharp';
import type { Scene } from '../../catalog/scene.schema.ts';
import { StudioError } from '../../errors/index.ts';
import { IMAGE_LIMITS, decodeImage } from '../../imaging/index.ts';
import type { Shot } from '../../shots/index.ts';
import type { Keypoints, VerifiedPack, VerifiedPose } from '../../twins/index.ts';
import type { Workspace } from '../../workspace/index.ts';
import { SHADOW_POOL, SHADOW_TAPS } from '../graphs/parts.ts';
import type { LayerLight } from '../feeds.ts';
import { type LightMatch, lightMatch, sceneMeanLinear } from '../light/index.ts';
import { planSceneLight, type SceneLightPlan } from '../light/sceneLight.ts';
import type { Pixels } from '../tensors.ts';
import type { Point } from '../tps.ts';
import { halfSizeShot } from './upscale.ts';
import { garmentKeypoints, hasRequiredLandmarks } from '../../catalog/garment.schema.ts';
import { articulate, type PartName } from '../fit/articulate.ts';
import { poseSkeleton } from '../fit/skeleton.ts';
import { floorLineY } from '../../contract/placement.ts';
import { poseAffine, type OpaqueRows, type PoseAffine, type Size } from './placement.ts';

export interface PreparedGarment {
  garmentId: string;
  /** Which part of the garment this layer is, when it is fitted part by part (src/render/fit). */
  part?: PartName;
  z: number;
  fit: 'tps' | 'affine';
  /** Straight RGBA, as decoded (the model premultiplies). */
  image: Pixels;
  /** Matching keypoints: where they land in the output, and where they are in the (resized) garment image. */
  dest: Point[];
  src: Point[];
}

/**
 * The twin as the combined model places it: its pose image (straight RGBA; reduced by sharp first when it lands
 * much smaller, since bilinear sampling would alias) and the image's corners with where they land in the output,
 * which fix the affine map.
 */
export interface PreparedTwin {
  image: Pixels;
  dest: Point[];
  src: Point[];
  /**
   * The pose's front parts (the pack's optional `front` mask; one channel, the image's size): drawn again over the
   * garments, so a hand in front of a skirt stays in front. Absent: nothing is in front.
   */
  front?: Pixels;
}

/** An image the frame's size as the twin, placed one to one (the doctor's synthetic shot, benchmarks). */
export function layerAsTwin(image: Pixels): PreparedTwin {
  const corners = [
    { x: 0, y: 0 },
    { x: image.width, y: 0 },
    { x: 0, y: image.height },
    { x: image.width, y: image.height },
  ];
  return { image, dest: corners, src: corners };
}

export interface ShadowPlan {
  floorY: number;
  band: number;
  strength: number;
  sigma: number;
}

/** Everything a render needs, decoded: pixels and numbers only, no workspace. */
export interface PreparedShot {
  shotId: string;
  output: Size;
  /** The scene covering the output: interleaved RGB. */
  scene: Pixels;
  /** The twin, placed by the model (undefined when hidden). */
  twin: PreparedTwin | undefined;
  /** Bottom to top (z ascending, then shot order). */
  garments: PreparedGarment[];
  /** Light matching: the gain on the twin and on the garments (graphs/parts.ts `lightLayer`), and what it does. */
  light: LayerLight & { match: LightMatch; twinRelit: boolean };
  shadow: ShadowPlan;
  /** The scene's light on the twin: cast shadow, shading, contact darkening (absent: none, e.g. synthetic shots). */
  sceneLight?: SceneLightPlan;
  timings: Record<string, number>;
  /** Set on the upscale path: `output` is half of this, and the render ends at this size. */
  upscaleTo?: Size;
}

/**
 * Read synchronously, on purpose: the decodes then start on sharp's threads at once, instead of each waiting for
 * the JS thread (busy placing the twin) to pass a read's completion on.
 */
function readInput(file: string, what: string, details: Record<string, unknown>): Buffer {
  try {
    return readFileSync(file);
  } catch (cause) {
    throw new StudioError(
      'IMAGE_MISSING',
      `Expected ${what} at ${file}: ${(cause as Error).message}`,
      { ...details, file },
      { cause },
    );
  }
}

function spread(points: readonly Point[]): number {
  const cx = points.reduce((s, p) => s + p.x, 0) / points.length;
  const cy = points.reduce((s, p) => s + p.y, 0) / points.length;
  return Math.sqrt(points.reduce((s, p) => s + (p.x - cx) ** 2 + (p.y - cy) ** 2, 0) / points.length);
}

/** Garment keypoints paired by name with the pose's keypoints placed in the output. */
export function pairKeypoints(
  garment: Keypoints,
  pose: Keypoints,
  toOutput: (p: Point) => Point,
): { names: string[]; dest: Point[]; src: Point[] } {
  const names = Object.keys(garment).filter((k) => pose[k as keyof Keypoints] !== undefined) as (keyof Keypoints)[];
  return {
    names,
    dest: names.map((k) => toOutput(pose[k] as Point)),
    src: names.map((k) => garment[k] as Point),
  };
}

/** The contact shadow: under the soles when the twin shows them, else on the scene's floor line. */
export function planShadow(opaque: OpaqueRows, scene: Scene, output: Size, strength: number): ShadowPlan {
  // The canvas draws the same line (src/contract/placement.ts).
  const floorLine = floorLineY(scene, output);
  const soles = opaque.soles;
  const crown = opaque.crown ?? 0;
  const figure = soles === undefined ? output.height / 2 : Math.max(1, soles - crown);
  const band = Math.max(3, 0.04 * figure);
  const sigmaMax = ((SHADOW_TAPS - 1) / 2 / 2.5) * SHADOW_POOL;
  const soft = scene.light.softness;
  return {
    // A twin placed above or below the floor line still stands on the ground: its shadow belongs at its feet.
    floorY: soles === undefined ? floorLine : soles - band * 0.25,
    band,
    strength: Math.min(1, strength) * 2.2,
    sigma: Math.min(sigmaMax, band * (0.8 + 1.2 * soft)),
  };
}

interface Bounds {
  left: number;
  top: number;
  right: number;
  bottom: number;
}

/** The smallest rectangle [left, right] × [top, bottom] holding every pixel whose alpha is above `threshold`. */
function alphaBounds(image: Pixels, threshold: number): Bounds | undefined {
  const { data, width, height } = image;
  const b = { left: width, top: height, right: -1, bottom: -1 };
  for (let y = 0; y < height; y++) {
    let first = -1;
    let last = -1;
    for (let x = 0, p = 4 * y * width + 3; x < width; x++, p += 4) {
      if ((data[p] as number) > threshold) {
        if (first < 0) first = x;
        last = x;
      }
    }
    if (first < 0) continue;
    b.top = Math.min(b.top, y);
    b.bottom = y;
    b.left = Math.min(b.left, first);
    b.right = Math.max(b.right, last);
  }
  return b.bottom < 0 ? undefined : b;
}

/**
 * The output rows the twin's opaque part (alpha above ½) spans: the opaque rows and columns of its image, their
 * corners carried through the affine; undefined when none is opaque or it lands outside the frame.
 */
export function opaqueRowsOf(image: Pixels, toOutput: (p: Point) => Point, output: Size): OpaqueRows {
  const b = alphaBounds(image, 127);
  if (!b) return { crown: undefined, soles: undefined };
  const ys = [
    { x: b.left, y: b.top },
    { x: b.right + 1, y: b.top },
    { x: b.left, y: b.bottom + 1 },
    { x: b.right + 1, y: b.bottom + 1 },
  ].map((p) => toOutput(p).y);
  const crown = Math.max(0, Math.floor(Math.min(...ys)));
  const soles = Math.min(output.height - 1, Math.ceil(Math.max(...ys)) - 1);
  return soles < 0 || crown >= output.height ? { crown: undefined, soles: undefined } : { crown, soles };
}

/**
 * The twin's image cut to the pixels that show (any alpha) plus a one-pixel clear border, and its corners in the
 * uncut image: the model samples the same values (bilinear, clear outside) over a box no larger than the figure.
 */
function cropToFigure(image: Pixels): { image: Pixels; left: number; top: number } | undefined {
  const b = alphaBounds(image, 0);
  if (!b) return undefined;
  const left = Math.max(0, b.left - 1);
  const top = Math.max(0, b.top - 1);
  const width = Math.min(image.width, b.right + 2) - left;
  const height = Math.min(image.height, b.bottom + 2) - top;
  return { image: cropRect(image, { left, top, width, height }), left, top };
}

/** The pixels of `rect` (inside the image); the image itself when the rectangle is all of it. */
function cropRect(image: Pixels, rect: { left: number; top: number; width: number; height: number }): Pixels {
  const { left, top, width, height } = rect;
  const c = image.channels;
  if (width === image.width && height === image.height) return image;
  const data = new Uint8Array(c * width * height);
  for (let y = 0; y < height; y++)
    data.set(
      image.data.subarray(c * ((top + y) * image.width + left), c * ((top + y) * image.width + left + width)),
      c * y * width,
    );
  return { data, width, height, channels: c };
}

/** The pose's front-parts mask as one channel (its alpha), at the size the pose image was decoded at. */
async function decodeFront(pack: VerifiedPack, pose: VerifiedPose, size: Size): Promise<Pixels | undefined> {
  if (pose.front === undefined) return undefined;
  const img = sharp(pack.files.read(pose.front), { limitInputPixels: IMAGE_LIMITS.maxPixels });
  const raw = await (size.width === pose.width ? img : img.resize(size.width, size.height, { fit: 'fill' }))
    .ensureAlpha()
    .extractChannel(3)
    .raw()
    .toBuffer();
  return { data: new Uint8Array(raw.buffer, raw.byteOffset, raw.byteLength), ...size, channels: 1 };
}

/**
 * The scene resized to cover the output, centre-cropped. Decoded once: resized to the covering size ('outside',
 * which reads every row, so a truncated file is caught) and then cropped here — rows only, the usual case, cost
 * nothing.
 */
async function prepareScene(ws: Workspace, sceneId: string, output: Size): Promise<{ item: Scene; scene: Pixels }> {
  const { item, imagePath } = ws.catalog.scene(sceneId);
  const data = readInput(imagePath, `scene ${item.sceneId}`, {});
  const decoded = await decodeImage(data, `Scene image ${imagePath}`, { sceneId: item.sceneId }, (img) =>
    img.resize(output.width, output.height, { fit: 'outside' }).removeAlpha(),
  );
  return {
    item,
    scene: cropCentre({ data: decoded.pixels, width: decoded.width, height: decoded.height, channels: 3 }, output),
  };
}

function cropCentre(image: Pixels, size: Size): Pixels {
  const { width, height, channels } = image;
  if (width === size.width && height === size.height) return image;
  const left = Math.floor((width - size.width) / 2);
  const top = Math.floor((height - size.height) / 2);
  const stride = channels * width;
  if (width === size.width)
    return {
      data: image.data.subarray(top * stride, (top + size.height) * stride),
      width,
      height: size.height,
      channels,
    };
  const data = new Uint8Array(channels * size.width * size.height);
  for (let y = 0; y < size.height; y++) {
    const from = (top + y) * stride + channels * left;
    data.set(image.data.subarray(from, from + channels * size.width), y * channels * size.width);
  }
  return { data, width: size.width, height: size.height, channels };
}

async function prepareTwin(
  pack: VerifiedPack,
  pose: VerifiedPose,
  shot: Shot,
  output: Size,
): Promise<{ twin: PreparedTwin | undefined; opaque: OpaqueRows }> {
  if (shot.twin.hidden) return { twin: undefined, opaque: { crown: undefined, soles: undefined } };
  // verifyPack already put every pose image through probeImage: decode it once, within the same pixel limit.
  const img = sharp(pack.files.read(pose.image), { limitInputPixels: IMAGE_LIMITS.maxPixels });
  // Shrinking by bilinear sampling aliases: let sharp do large reductions first (Lanczos), then place.
  const k = shot.twin.transform.scale;
  const small =
    k < 0.75
      ? { width: Math.max(1, Math.round(pose.width * k)), height: Math.max(1, Math.round(pose.height * k)) }
      : { width: pose.width, height: pose.height };
  const frontP = decodeFront(pack, pose, small);
  frontP.catch(() => {});
  const raw = await (small.width === pose.width ? img : img.resize(small.width, small.height, { fit: 'fill' }))
    .ensureAlpha()
    .raw()
    .toBuffer();
  const image: Pixels = {
    data: new Uint8Array(raw.buffer, raw.byteOffset, raw.byteLength),
    width: small.width,
    height: small.height,
    channels: 4,
  };
  const affine = poseAffine({ ...shot.twin.transform, scale: (k * pose.width) / small.width }, small);
  const figure = cropToFigure(image);
  if (!figure) return { twin: undefined, opaque: { crown: undefined, soles: undefined } };
  const { width, height } = figure.image;
  const frontFull = await frontP;
  const front = frontFull && cropRect(frontFull, { left: figure.left, top: figure.top, width, height });
  // The cut image's own coordinates, carried into the output through the pose's affine.
  const toOutput = (p: Point): Point => affine.toOutput({ x: p.x + figure.left, y: p.y + figure.top });
  const src = [
    { x: 0, y: 0 },
    { x: width, y: 0 },
    { x: 0, y: height },
    { x: width, y: height },
  ];
  return {
    twin: { image: figure.image, dest: src.map(toOutput), src, ...(front ? { front } : {}) },
    opaque: opaqueRowsOf(figure.image, toOutput, output),
  };
}

function fitImpossible(garmentId: string, poseId: string, shared: string[]): StudioError {
  return new StudioError(
    'GARMENT_FIT_IMPOSSIBLE',
    `Expected at least three keypoints shared by garment ${garmentId} and pose ${poseId}, found ${shared.length} (${shared.join(', ') || 'none'})`,
    { garmentId, poseId, shared },
  );
}

/**
 * A garment's layers: its parts, each fitted along the body on its own (src/render/fit), when it carries the
 * landmarks its category needs and the shot asks for a spline fit; else the whole garment in one fit from its body
 * points, `garmentKeypoints` (a `garment/1` file whose keypoints give no landmarks, or an affine fit).
 */
async function prepareGarment(
  ws: Workspace,
  g: Shot['garments'][number],
  pose: VerifiedPose,
  affine: PoseAffine,
): Promise<PreparedGarment[]> {
  const { item, imagePath } = ws.catalog.garment(g.garmentId);
  const keypoints = garmentKeypoints(item);
  const pairs = pairKeypoints(keypoints, pose.keypoints, affine.toOutput);
  const body =
    g.fit === 'tps' && hasRequiredLandmarks(item) ? poseSkeleton(pose.keypoints, affine.toOutput) : undefined;
  if (!body && pairs.names.length < 3) throw fitImpossible(g.garmentId, pose.poseId, pairs.names);
  // A garment far larger than where it lands is reduced first: GridSample is bilinear and would alias.
  const k = pairs.names.length >= 2 ? spread(pairs.dest) / Math.max(spread(pairs.src), 1e-6) : 1;
  const w = k < 0.75 ? Math.max(1, Math.round(item.width * k)) : item.width;
  const h = k < 0.75 ? Math.max(1, Math.round(item.height * k)) : item.height;
  const data = readInput(imagePath, `garment ${g.garmentId}`, {});
  const raw = await decodeImage(data, `Garment image ${imagePath}`, { garmentId: g.garmentId }, (img) =>
    (w === item.width ? img : img.resize(w, h, { fit: 'fill' })).ensureAlpha(),
  );
  const image: Pixels = { data: raw.pixels, width: raw.width, height: raw.height, channels: 4 };
  if (body) {
    const nose = pose.keypoints.nose ? affine.toOutput(pose.keypoints.nose) : undefined;
    const size = { width: item.width, height: item.height };
    const fitted = articulate(
      // The garment's own body points only: the articulated fit places the body from the landmarks itself.
      { category: item.category, landmarks: item.landmarks, keypoints: item.keypoints, size, image },
      body,
      nose,
    );
    if (!fitted) throw fitImpossible(g.garmentId, pose.poseId, pairs.names);
    return fitted.parts.map((p) => ({ garmentId: g.garmentId, z: g.z, fit: g.fit, ...p }));
  }
  const sx = w / item.width;
  const sy = h / item.height;
  return [
    {
      garmentId: g.garmentId,
      z: g.z,
      fit: g.fit,
      image,
      dest: pairs.dest,
      src: pairs.src.map((p) => ({ x: p.x * sx, y: p.y * sy })),
    },
  ];
}

/**
 * The light the shot's look asks for: one bounded gain from the scene for the garments; the twin keeps its own colour
 * unless the look relights it and its consent does not forbid skin-tone changes (the gate refuses that look first:
 * this holds even for a caller that skipped the gate).
 */
export function planLight(scene: Pixels, look: Shot['look'], skinToneProtected: boolean): PreparedShot['light'] {
  const match = lightMatch(sceneMeanLinear(scene), look.harmonize);
  const twinRelit = look.relightTwin === true && !skinToneProtected;
  return { match, twinRelit, garments: match.gain, twin: twinRelit ? match.gain : [1, 1, 1] };
}

/** Decodes a shot's inputs (scene, twin, garments: concurrently, so sharp's threads overlap the JS work). */
export async function prepareShot(
  ws: Workspace,
  shot: Shot,
  options: { upscale?: boolean } = {},
): Promise<PreparedShot> {
  if (options.upscale) {
    const half = await prepareShot(ws, halfSizeShot(shot));
    return { ...half, upscaleTo: { width: shot.output.width, height: shot.output.height } };
  }
  const t0 = performance.now();
  const output = { width: shot.output.width, height: shot.output.height };
  const sceneP = prepareScene(ws, shot.scene.sceneId, output);
  sceneP.catch(() => {});
  const pack = await ws.twins.load(shot.twin.twinId);
  const pose = pack.poses.find((p) => p.poseId === shot.twin.poseId);
  if (!pose)
    throw new StudioError(
      'POSE_NOT_FOUND',
      `Twin ${shot.twin.twinId} has no pose ${shot.twin.poseId}; it has ${pack.poses.map((p) => p.poseId).join(', ')}`,
      { twinId: shot.twin.twinId, poseId: shot.twin.poseId },
    );
  const affine = poseAffine(shot.twin.transform, pose);
  const visible = shot.garments
    .map((g, order) => ({ ...g, order }))
    .filter((g) => !g.hidden)
    .sort((a, b) => a.z - b.z || a.order - b.order);
  const [{ item: sceneItem, scene }, { twin, opaque }, garments] = await Promise.all([
    sceneP,
    prepareTwin(pack, pose, shot, output),
    Promise.all(visible.map((g) => prepareGarment(ws, g, pose, affine))).then((layers) => layers.flat()),
  ]);
  const shadow = planShadow(opaque, sceneItem, output, shot.look.shadow);
  const sceneLight =
    opaque.soles === undefined
      ? undefined
      : planSceneLight(sceneItem.light, opaque.soles, opaque.soles - (opaque.crown ?? 0), shot.look.shadow);
  return {
    shotId: shot.shotId,
    output,
    scene,
    twin,
    garments,
    light: planLight(
      scene,
      shot.look,
      (pack.manifest.consent.prohibited.alterations as string[]).includes('skin_tone'),
    ),
    shadow,
    ...(sceneLight ? { sceneLight } : {}),
    timings: { decode: performance.now() - t0 },
  };
}
