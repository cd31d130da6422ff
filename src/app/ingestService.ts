import { randomUUID } from 'node:crypto';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import sharp from 'sharp';
import type { IngestService } from '../api/index.ts';
import { GARMENT_LANDMARKS, REQUIRED_LANDMARKS, type GarmentLandmarks } from '../catalog/garmentLandmarks.ts';
import { GARMENT_CATEGORIES, type Garment, type GarmentCategory } from '../catalog/garment.schema.ts';
import { StudioError } from '../errors/index.ts';
import {
  maskAsRgba,
  maskWithin,
  paintStrokes,
  suggestFrontParts,
  type BrushStrokeWire,
  type IngestPointView,
  type IngestSessionView,
} from '../contract/index.ts';
import type { PoseEstimator, RgbaImage } from '../ingest/poseEstimator.ts';
import { COCO17, type Point } from '../twins/keypoints.schema.ts';
import { poseFiles } from '../twins/pack.schema.ts';
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
  /** The points as the estimator or the landmark finder placed them (a saved point left there keeps its confidence). */
  suggested: Record<string, IngestPointView>;
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

/**
 * The pose's front-parts mask (the pack's `poses/<id>.front.png`): the front brush's strokes painted at full size onto
 * the mask suggested from the saved points (`suggestFrontParts`, as the Ingest view previews it), kept to the
 * cut-out's own pixels, as white with that alpha. Undefined when it marks nothing.
 */
function frontMask(
  cutout: Uint8Array,
  width: number,
  height: number,
  points: Record<string, { x: number; y: number; visibility: 'visible' | 'occluded' }>,
  strokes: readonly BrushStrokeWire[],
) {
  const suggested = suggestFrontParts(cutout, width, height, points);
  if (!suggested && strokes.length === 0) return undefined;
  const mask = maskWithin(cutout, width, height, strokes, 1, suggested);
  if (!mask.some((a) => a > 0)) return undefined;
  return maskAsRgba(mask);
}

/** Adds or replaces the pose's entry in the folder's twin.json draft, when there is one (the pack builder signs it). */
function notePoseInDraft(packDir: string, poseId: string, front: boolean): void {
  const file = path.join(packDir, 'twin.json');
  if (!existsSync(file)) return;
  const draft = JSON.parse(readFileSync(file, 'utf8')) as { poses?: { poseId: string }[] };
  const entry = { poseId, name: poseId, ...poseFiles(poseId, front) };
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
        suggested: points,
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

    async savePose({ sessionId, packDir, poseId, points, strokes, frontStrokes = [] }) {
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
      const cutout = edited(c, strokes);
      writeFileSync(image, await png(cutout, c.width, c.height));
      // Each point says what was seen of it: hidden in the view → occluded; the estimator's confidence while the point
      // stays where it was placed, 1 once a person moved it.
      const savedPoints = Object.fromEntries(
        Object.entries(points).map(([n, p]) => {
          const est = s.suggested[n];
          const kept = est !== undefined && est.visibility !== 'missing' && Math.hypot(est.x - p.x, est.y - p.y) < 0.5;
          const visibility = p.visibility ?? (est?.visibility === 'occluded' && kept ? 'occluded' : 'visible');
          return [n, { x: p.x, y: p.y, visibility, confidence: kept ? est.confidence : 1 }];
        }),
      );
      // The front-parts mask goes with the pose; saved again without one, an earlier mask is removed with it.
      const frontFile = path.join(dir, `${poseId}.front.png`);
      const mask = frontMask(cutout, c.width, c.height, savedPoints, frontStrokes);
      if (mask) writeFileSync(frontFile, await png(mask, c.width, c.height));
      else rmSync(frontFile, { force: true });
      const body = { poseId, width: c.width, height: c.height, keypoints: savedPoints };
      writeFileSync(keypoints, `${JSON.stringify(body, null, 2)}\n`);
      notePoseInDraft(packDir, poseId, mask !== undefined);
      return { poseId, packDir, image, keypoints, front: mask ? frontFile : null };
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
