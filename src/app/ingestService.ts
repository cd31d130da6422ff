import { randomUUID } from 'node:crypto';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import sharp from 'sharp';
import type { IngestService } from '../api/index.ts';
import { GARMENT_LANDMARKS, REQUIRED_LANDMARKS, type GarmentLandmarks } from '../catalog/garmentLandmarks.ts';
import { GARMENT_CATEGORIES, type Garment, type GarmentCategory } from '../catalog/garment.schema.ts';
import { StudioError } from '../errors/index.ts';
import { decodeImage } from '../imaging/index.ts';
import { paintStrokes, type BrushStrokeWire, type IngestPointView, type IngestSessionView } from '../contract/index.ts';
import type { PoseEstimator, RgbaImage } from '../ingest/poseEstimator.ts';
import { COCO17, type Point } from '../twins/keypoints.schema.ts';
import type { Workspace } from '../workspace/index.ts';
import { buildPack, readPackDraft } from './packBuilder.ts';

export interface Crop {
  x: number;
  y: number;
  width: number;
  height: number;
}

/** A photo cut out: straight-alpha RGBA of the crop that holds the subject (RGB kept under transparent pixels). */
export interface IngestCutout {
  rgba: Uint8Array;
  width: number;
  height: number;
  crop: Crop;
  alphaCoverage: number;
}

/**
 * What the Ingest view needs from the ingest core; the composition root fills it (src/app/runtime.ts). The cut-out
 * and landmark suggestion are src/ingest/cutout and src/ingest/landmarks; the body keypoints the pose estimator.
 */
export interface IngestCore {
  cutOut(bytes: Buffer, what: string): Promise<IngestCutout>;
  estimatePose(image: RgbaImage): ReturnType<PoseEstimator['estimate']>;
  suggestLandmarks(image: RgbaImage, category: GarmentCategory): Promise<GarmentLandmarks>;
}

interface Session {
  kind: 'pose' | 'garment';
  category?: GarmentCategory;
  name: string;
  cutout: IngestCutout;
}

/** Sessions kept in memory (each holds a full-size cut-out, up to ~100 MB from a 24-megapixel photo); oldest go first. */
const SESSIONS_MAX = 3;
/** The preview's longer side in pixels: the studio draws and brushes it; saves paint the full size. */
const PREVIEW_SIDE = 1600;

function alphaOf(c: IngestCutout): Uint8Array {
  const alpha = new Uint8Array(c.width * c.height);
  for (let i = 0; i < alpha.length; i++) alpha[i] = c.rgba[i * 4 + 3] as number;
  return alpha;
}

/** The cut-out with the brush strokes painted into its alpha. */
function edited(c: IngestCutout, strokes: readonly BrushStrokeWire[]): Uint8Array {
  if (strokes.length === 0) return c.rgba;
  const alpha = alphaOf(c);
  paintStrokes(alpha, c.width, c.height, strokes);
  const out = Uint8Array.from(c.rgba);
  for (let i = 0; i < alpha.length; i++) out[i * 4 + 3] = alpha[i] as number;
  return out;
}

const png = (rgba: Uint8Array, width: number, height: number): Promise<Buffer> =>
  sharp(rgba, { raw: { width, height, channels: 4 } })
    .png({ compressionLevel: 6 })
    .toBuffer();

async function preview(c: IngestCutout): Promise<{ image: string; alpha: string; scale: number }> {
  const scale = Math.min(1, PREVIEW_SIDE / Math.max(c.width, c.height));
  const size = (n: number) => Math.max(1, Math.round(n * scale));
  const resized = () => {
    const image = sharp(c.rgba, { raw: { width: c.width, height: c.height, channels: 4 } });
    return scale < 1 ? image.resize(size(c.width), size(c.height)) : image;
  };
  // Colour and alpha travel apart: a browser canvas keeps colour premultiplied, which would lose the colour under
  // transparent pixels that the brush's "add" brings back.
  const [rgb, alpha] = await Promise.all([
    resized().removeAlpha().png({ compressionLevel: 2 }).toBuffer(),
    resized().extractChannel(3).png({ compressionLevel: 2 }).toBuffer(),
  ]);
  const url = (b: Buffer) => `data:image/png;base64,${b.toString('base64')}`;
  return { image: url(rgb), alpha: url(alpha), scale };
}

/** Points the studio must show for a session: every name, unplaced ones at a default spot marked `missing`. */
function sessionPoints(
  names: readonly string[],
  found: Record<string, { x: number; y: number; visibility?: 'visible' | 'occluded'; confidence?: number }>,
  c: IngestCutout,
): Record<string, IngestPointView> {
  const points: Record<string, IngestPointView> = {};
  names.forEach((name, i) => {
    const p = found[name];
    points[name] = p
      ? { x: p.x, y: p.y, visibility: p.visibility ?? 'visible', confidence: p.confidence ?? 1 }
      : // Unplaced points wait in a column at the left edge, in order, for the user to drag them in.
        {
          x: c.width * 0.04,
          y: c.height * (0.05 + (0.9 * i) / Math.max(1, names.length)),
          visibility: 'missing',
          confidence: 0,
        };
  });
  return points;
}

function checkPoints(
  points: Record<string, Point>,
  allowed: readonly string[],
  required: readonly string[],
  what: string,
): void {
  const unknown = Object.keys(points).filter((n) => !allowed.includes(n));
  const missing = required.filter((n) => !points[n]);
  if (unknown.length > 0 || missing.length > 0) {
    const said = [
      missing.length > 0 ? `missing ${missing.join(', ')}` : '',
      unknown.length > 0 ? `unknown ${unknown.join(', ')}` : '',
    ].filter(Boolean);
    throw new StudioError('INVALID_INPUT', `Expected ${what}; got ${said.join('; ')}`, {
      fields: ['points'],
      missing,
      unknown,
    });
  }
}

/** Adds or replaces the pose's entry in the folder's twin.json draft, when there is one (the pack builder signs it). */
function notePoseInDraft(packDir: string, poseId: string): void {
  const file = path.join(packDir, 'twin.json');
  if (!existsSync(file)) return;
  const draft = JSON.parse(readFileSync(file, 'utf8')) as { poses?: { poseId: string }[] };
  const entry = { poseId, name: poseId, image: `poses/${poseId}.png`, keypoints: `poses/${poseId}.json` };
  draft.poses = [...(draft.poses ?? []).filter((p) => p.poseId !== poseId), entry];
  writeFileSync(file, `${JSON.stringify(draft, null, 2)}\n`);
}

export function createIngestService(deps: { ws: Workspace; core: IngestCore }): IngestService {
  const { ws, core } = deps;
  const sessions = new Map<string, Session>();

  function session(sessionId: string, kind: 'pose' | 'garment'): Session {
    const s = sessions.get(sessionId);
    if (!s)
      throw new StudioError('NOT_FOUND', `No open ingest session ${sessionId}: open the photo again`, { sessionId });
    if (s.kind !== kind)
      throw new StudioError('INVALID_INPUT', `Expected a ${kind} session; ${sessionId} holds a ${s.kind}`, {
        sessionId,
        fields: ['sessionId'],
      });
    return s;
  }

  return {
    async open({ path: file, kind, category }) {
      if (kind === 'garment' && !(GARMENT_CATEGORIES as readonly string[]).includes(category ?? '')) {
        throw new StudioError('INVALID_INPUT', `Expected a garment category (${GARMENT_CATEGORIES.join(', ')})`, {
          fields: ['category'],
        });
      }
      const name = path.basename(file);
      let bytes: Buffer;
      try {
        bytes = readFileSync(file);
      } catch (cause) {
        throw new StudioError(
          'FILE_NOT_FOUND',
          `Expected a photo at ${file}; it could not be read`,
          { path: file },
          {
            cause,
          },
        );
      }
      const cutout = await core.cutOut(bytes, `The photo ${name}`);
      const image: RgbaImage = { data: cutout.rgba, width: cutout.width, height: cutout.height };
      const sessionId = randomUUID();
      let points: Record<string, IngestPointView>;
      if (kind === 'pose') {
        points = sessionPoints(COCO17, await core.estimatePose(image), cutout);
      } else {
        const cat = category as GarmentCategory;
        const landmarks = await core.suggestLandmarks(image, cat);
        points = sessionPoints(REQUIRED_LANDMARKS[cat], landmarks, cutout);
      }
      sessions.set(sessionId, {
        kind,
        name,
        cutout,
        ...(kind === 'garment' ? { category: category as GarmentCategory } : {}),
      });
      while (sessions.size > SESSIONS_MAX) sessions.delete(sessions.keys().next().value as string);
      const view: IngestSessionView = {
        sessionId,
        kind,
        ...(category ? { category } : {}),
        name,
        width: cutout.width,
        height: cutout.height,
        crop: cutout.crop,
        alphaCoverage: cutout.alphaCoverage,
        preview: await preview(cutout),
        points,
      };
      return view;
    },

    async savePose({ sessionId, packDir, poseId, points, strokes }) {
      const s = session(sessionId, 'pose');
      checkPoints(points, COCO17, COCO17, 'all 17 COCO keypoints of the pose');
      const c = s.cutout;
      // twin verify refuses a keypoint outside its image: say so now, while the point can still be dragged back.
      const outside = Object.entries(points).filter(([, p]) => p.x < 0 || p.y < 0 || p.x > c.width || p.y > c.height);
      if (outside.length > 0)
        throw new StudioError(
          'INVALID_INPUT',
          `Expected every keypoint on the ${c.width}×${c.height} cut-out; ${outside.map(([n]) => n).join(', ')} ` +
            'lie outside it: drag them back onto the figure',
          { fields: outside.map(([n]) => `points.${n}`) },
        );
      const dir = path.join(packDir, 'poses');
      mkdirSync(dir, { recursive: true });
      const image = path.join(dir, `${poseId}.png`);
      const keypoints = path.join(dir, `${poseId}.json`);
      writeFileSync(image, await png(edited(c, strokes), c.width, c.height));
      const body = { poseId, width: c.width, height: c.height, keypoints: points };
      writeFileSync(keypoints, `${JSON.stringify(body, null, 2)}\n`);
      notePoseInDraft(packDir, poseId);
      return { poseId, packDir, image, keypoints };
    },

    async saveGarment({ sessionId, garmentId, sku, name, layer, points, strokes }) {
      const s = session(sessionId, 'garment');
      const category = s.category!;
      checkPoints(points, GARMENT_LANDMARKS, REQUIRED_LANDMARKS[category], `the ${category} landmarks`);
      const c = s.cutout;
      // A garment folder like `garment import` takes, imported from a scratch folder under the workspace's tmp/.
      mkdirSync(ws.layout.tmp, { recursive: true });
      const dir = mkdtempSync(path.join(ws.layout.tmp, 'ingest-garment-'));
      try {
        writeFileSync(path.join(dir, 'garment.png'), await png(edited(c, strokes), c.width, c.height));
        const garment: Garment = {
          format: 'garment/2',
          garmentId,
          sku,
          name,
          category,
          layer,
          image: 'garment.png',
          width: c.width,
          height: c.height,
          landmarks: points,
        };
        writeFileSync(path.join(dir, 'garment.json'), `${JSON.stringify(garment, null, 2)}\n`);
        return await ws.catalog.importGarment(dir);
      } finally {
        rmSync(dir, { recursive: true, force: true });
      }
    },

    packDraft: async (packDir) => readPackDraft(packDir),
    signPack: (input) => buildPack(input, ws.trust.store()),
  };
}

// ---------------------------------------------------------------------------------------------------------------
// The stand-in core of this branch. replaced by src/ingest/cutout (cutOutPhoto) and src/ingest/landmarks at merge.
// ---------------------------------------------------------------------------------------------------------------

/** Margin kept around the subject, as a share of its larger side. */
const CROP_MARGIN = 0.03;

/**
 * A plain key: a photo with transparency keeps its alpha; an opaque one is keyed, row by row, against the median
 * colour of the row's outer pixels (a seamless backdrop) with a soft ramp. replaced by src/ingest/cutout at merge.
 */
export async function basicCutOut(bytes: Buffer, what: string): Promise<IngestCutout> {
  const decoded = await decodeImage(bytes, what, {}, (img) => img.rotate().ensureAlpha().toColourspace('srgb'));
  const { width, height } = decoded;
  const px = decoded.pixels;
  let opaque = true;
  for (let i = 3; i < px.length; i += 4)
    if ((px[i] as number) < 250) {
      opaque = false;
      break;
    }
  if (opaque) {
    // The backdrop of each row: the median of the outer 3 % on both sides (a seamless backdrop grades top to bottom).
    const edge = Math.max(2, Math.round(width * 0.03));
    const row: number[][] = [[], [], []];
    for (let y = 0; y < height; y++) {
      for (const v of row) v.length = 0;
      for (let x = 0; x < edge; x++)
        for (const xx of [x, width - 1 - x])
          for (let c = 0; c < 3; c++) row[c]!.push(px[(y * width + xx) * 4 + c] as number);
      const bg = row.map((v) => v.sort((a, b) => a - b)[v.length >> 1] as number);
      for (let x = 0; x < width; x++) {
        const i = (y * width + x) * 4;
        const d = Math.hypot(
          (px[i] as number) - bg[0]!,
          (px[i + 1] as number) - bg[1]!,
          (px[i + 2] as number) - bg[2]!,
        );
        px[i + 3] = Math.round(255 * Math.min(1, Math.max(0, (d - 20) / 20)));
      }
    }
  }
  let x0 = width;
  let y0 = height;
  let x1 = -1;
  let y1 = -1;
  for (let y = 0; y < height; y++)
    for (let x = 0; x < width; x++)
      if ((px[(y * width + x) * 4 + 3] as number) > 8) {
        x0 = Math.min(x0, x);
        x1 = Math.max(x1, x);
        y0 = Math.min(y0, y);
        y1 = Math.max(y1, y);
      }
  if (x1 < 0) throw new StudioError('INVALID_INPUT', `${what} shows nothing but its backdrop: nothing to cut out`, {});
  const m = Math.round(Math.max(x1 - x0, y1 - y0) * CROP_MARGIN);
  const crop = { x: Math.max(0, x0 - m), y: Math.max(0, y0 - m), width: 0, height: 0 };
  crop.width = Math.min(width, x1 + m + 1) - crop.x;
  crop.height = Math.min(height, y1 + m + 1) - crop.y;
  const rgba = new Uint8Array(crop.width * crop.height * 4);
  let sum = 0;
  for (let y = 0; y < crop.height; y++) {
    const from = ((crop.y + y) * width + crop.x) * 4;
    rgba.set(px.subarray(from, from + crop.width * 4), y * crop.width * 4);
  }
  for (let i = 3; i < rgba.length; i += 4) sum += rgba[i] as number;
  return { rgba, width: crop.width, height: crop.height, crop, alphaCoverage: sum / 255 / (crop.width * crop.height) };
}

/** Landmarks at fixed shares of the alpha's box. replaced by src/ingest/landmarks at merge. */
export async function basicLandmarks(image: RgbaImage, category: GarmentCategory): Promise<GarmentLandmarks> {
  const { width: w, height: h } = image;
  const at = (fx: number, fy: number): Point => ({ x: w * fx, y: h * fy });
  // The wearer's left is on the image's right.
  const all: GarmentLandmarks = {
    neck_center: at(0.5, 0.08),
    neck_left: at(0.58, 0.05),
    neck_right: at(0.42, 0.05),
    left_shoulder: at(0.72, 0.1),
    right_shoulder: at(0.28, 0.1),
    left_armpit: at(0.7, 0.3),
    right_armpit: at(0.3, 0.3),
    left_cuff_outer: at(0.95, 0.7),
    left_cuff_inner: at(0.85, 0.72),
    right_cuff_outer: at(0.05, 0.7),
    right_cuff_inner: at(0.15, 0.72),
    left_waist: at(0.68, category === 'trousers' || category === 'shorts' || category === 'skirt' ? 0.03 : 0.55),
    right_waist: at(0.32, category === 'trousers' || category === 'shorts' || category === 'skirt' ? 0.03 : 0.55),
    left_hem: at(0.7, 0.97),
    right_hem: at(0.3, 0.97),
    crotch: at(0.5, 0.35),
    left_leg_hem_outer: at(0.75, 0.98),
    left_leg_hem_inner: at(0.55, 0.98),
    right_leg_hem_outer: at(0.25, 0.98),
    right_leg_hem_inner: at(0.45, 0.98),
  };
  return Object.fromEntries(REQUIRED_LANDMARKS[category].map((n) => [n, all[n]!])) as GarmentLandmarks;
}
