import type { ErrorCode } from '../errors/codes.ts';
import { z } from 'zod';
import type { OutputView } from './render.wire.ts';

/*
 * Review and export as the UI sees them. The core re-validates everything (annotations with its own
 * schema); these schemas only keep malformed input away from the handlers.
 */

export const OUTPUT_STATES = ['generated', 'approved', 'rejected'] as const;
export type OutputState = (typeof OUTPUT_STATES)[number];

/** Colour labels in Lightroom's order (keys 6–9 set the first four); purple has no key there either. */
export const COLOUR_LABELS = ['red', 'yellow', 'green', 'blue', 'purple'] as const;
export type ColourLabel = (typeof COLOUR_LABELS)[number];

/** What one batch decision did: the outputs as they are now, and those left alone with why. */
export interface ReviewBatchView {
  outputs: OutputView[];
  failed: { outputId: string; code: ErrorCode; message: string }[];
}

/** Normalised image coordinates (0..1 of width/height), so notes survive any display size. */
const unit = z.number().finite().min(0).max(1);
const note = z.string().trim().min(1).max(2000);
/** A pin and a rectangle as they cross the API; the core adds its own checks (a rectangle inside the image). */
export const pinWireSchema = z.object({ kind: z.literal('pin'), x: unit, y: unit, note }).strict();
export const rectWireSchema = z
  .object({
    kind: z.literal('rect'),
    x: unit,
    y: unit,
    width: unit.positive(),
    height: unit.positive(),
    note: note.optional(),
  })
  .strict();
export const annotationWireSchema = z.discriminatedUnion('kind', [pinWireSchema, rectWireSchema]);
export type AnnotationWire = z.input<typeof annotationWireSchema>;

export type AnnotationView = (
  | { kind: 'pin'; x: number; y: number; note: string }
  | { kind: 'rect'; x: number; y: number; width: number; height: number; note?: string }
) & { annotationId: string; outputId: string; by: string; at: string };

export interface ExportPresetView {
  name: string;
  description: string;
  width: number;
  height: number;
  fit: 'cover' | 'contain';
  background: string;
  format: 'jpeg' | 'png' | 'webp';
  quality: number;
  naming: string;
  /** One line a person reads: "2000×3000 cover JPEG q90 sRGB". */
  summary: string;
  /** What a frame larger than the source does: `warn` (export, after a warning) or `refuse`. */
  upscale?: 'warn' | 'refuse';
}

export interface HeldBackView {
  outputId: string;
  shotId: string;
  code: ErrorCode;
  message: string;
  /** What to do about it, e.g. "The registry revoked this licence on 1 Oct 2026 (…) — contact Northlight Models." */
  advice: string;
}

export interface ExportedImageView {
  file: string;
  /** The output (= render usage id) the file was made from. */
  outputId: string;
  shotId: string;
  sku: string;
  sha256: string;
  approvedBy: string;
}

/** What an export run did: every image of the batch, what was held back and why, where the batch is. */
export interface ExportReportView {
  runId: string;
  preset: string;
  dir: string;
  zip: string | null;
  images: ExportedImageView[];
  exported: string[];
  skipped: string[];
  heldBack: HeldBackView[];
  withdrawn: string[];
  warnings: { outputId: string; file: string; message: string }[];
  totalMs: number;
  /** Browser mode: where the batch's zip downloads from (`/exports/<name>.zip` on the studio server); else null. */
  download?: string | null;
  /** The files the frame enlarged beyond their source, with the factor. */
  upscaled?: { outputId: string; file: string; factor: number }[];
}

export interface ExportProgressView {
  runId: string;
  preset: string;
  out: string;
  status: 'start' | 'exported' | 'skipped' | 'held' | 'done' | 'cancelled' | 'failed';
  /** Images handled so far, of total. */
  index: number;
  total: number;
  outputId?: string;
  file?: string;
  code?: ErrorCode;
  message?: string;
}
