import { z } from 'zod';
import { GARMENT_CATEGORIES } from './shot.wire.ts';

/** The Ingest view's wire: photos in, a cut-out with body keypoints or garment landmarks out, edits back. */

const pixel = z.number().finite().min(-100_000).max(100_000);
const pointWire = z.object({ x: pixel, y: pixel }).strict();

export const brushStrokeWireSchema = z
  .object({
    mode: z.enum(['add', 'remove']),
    radius: z.number().positive().max(4000),
    softness: z.number().min(0).max(1),
    points: z.array(pointWire).min(1).max(5000),
  })
  .strict();
export type BrushStrokeWire = z.infer<typeof brushStrokeWireSchema>;
export const brushStrokesWireSchema = z.array(brushStrokeWireSchema).max(1000);

/** Points by name (COCO-17 keypoints of a pose, landmarks of a garment), in the cut-out's pixels. */
export const namedPointsWireSchema = z
  .record(
    z.string().regex(/^[a-z][a-z_]{1,31}$/, 'a point name such as left_shoulder'),
    // A pose's point may say it is hidden (occluded) in the photo; garments' landmarks carry no visibility.
    pointWire.extend({ visibility: z.enum(['visible', 'occluded']).optional() }),
  )
  .refine((p) => Object.keys(p).length <= 40, 'at most 40 points');

export const ingestOpenSchema = z
  .object({
    path: z.string().min(1, 'a photo path').max(4096),
    kind: z.enum(['pose', 'garment']),
    category: z.enum(GARMENT_CATEGORIES).optional(),
  })
  .strict();

export const ingestIdSchema = z
  .string()
  .regex(/^[A-Za-z0-9][A-Za-z0-9_.-]{1,63}$/, 'an id of 2–64 letters, digits, _ . -');

export interface IngestPointView {
  x: number;
  y: number;
  /** `missing`: nothing placed it; it waits at a default spot for the user. */
  visibility: 'visible' | 'occluded' | 'missing';
  confidence: number;
}

export interface IngestSessionView {
  sessionId: string;
  kind: 'pose' | 'garment';
  category?: string;
  /** The photo's file name. */
  name: string;
  /** The cut-out's size in pixels (the points and strokes speak these). */
  width: number;
  height: number;
  /** Where the cut-out sits in the photo. */
  crop: { x: number; y: number; width: number; height: number };
  alphaCoverage: number;
  /**
   * The cut-out at `scale` of its size as two PNG data URLs: `image` its colour (opaque, the colour under transparent
   * pixels kept for the brush), `alpha` its alpha as grey.
   */
  preview: { image: string; alpha: string; scale: number };
  points: Record<string, IngestPointView>;
}

export interface SavedPoseView {
  poseId: string;
  packDir: string;
  image: string;
  keypoints: string;
  /** The front-parts mask written with it; null when none was painted. */
  front: string | null;
}

/** The pack builder's starting point: the folder's twin.json fields (without files and signature) and its poses. */
export interface PackDraftView {
  packDir: string;
  draft: Record<string, unknown> | null;
  signed: boolean;
  poses: string[];
}

export interface PackBuiltView {
  twinId: string;
  ownerKeyId: string;
  files: number;
  poses: string[];
  /** Whether this workspace's owner list holds the signing key (else `twin import` here says PACK_OWNER_UNKNOWN). */
  ownerTrusted: boolean;
}
