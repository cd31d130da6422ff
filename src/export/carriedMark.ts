import type { RgbaImage } from '../provenance/index.ts';
import type { ExportPreset } from './preset.schema.ts';
import { lumaOf } from '../imaging/luma.ts';

/**
 * When an export need not embed the watermark again. Every stored output carries its render's mark, and an
 * export carries the same payload (the render's usage id), so re-embedding only pays off where the fit would
 * leave the old mark unreadable. These bounds are the conditions docs/watermark.md measures the detector
 * against; outside any of them the export embeds the mark afresh at its own size.
 */
export const CARRIED_MARK_LIMITS = {
  /** JPEG/WebP quality at or above the measured re-compression attack (quality 75). */
  minQuality: 75,
  /** Content scale at or above the measured downscale (50 %). */
  minScale: 0.5,
  /** Share of each axis a cover fit may crop (the measured crop is 10 % from one edge). */
  maxCrop: 0.1,
  /**
   * Where a contain fit adds bars, the detector finds the content by trimming flat bars (detect.ts contentBox):
   * that needs the image's own edges to stand off the background by this much luma on at least `edgeShare`
   * of their pixels (the detector takes a line with 60 % of its pixels near the background for a bar).
   */
  edgeContrast: 12,
  edgeShare: 0.6,
} as const;

const luma = (data: Uint8Array, p: number): number =>
  lumaOf(data[p] as number, data[p + 1] as number, data[p + 2] as number);

function hexLuma(colour: string): number {
  const n = Number.parseInt(colour.slice(1, 7), 16);
  return lumaOf((n >> 16) & 255, (n >> 8) & 255, n & 255);
}

/** Share of pixels along the given edges whose luma differs from the background's by at least edgeContrast. */
function edgeContrastShare(image: RgbaImage, edges: 'columns' | 'rows', background: number): number {
  const { width, height, data } = image;
  const positions: number[] = [];
  if (edges === 'columns') for (let y = 0; y < height; y++) positions.push(y * width, y * width + width - 1);
  else for (let x = 0; x < width; x++) positions.push(x, (height - 1) * width + x);
  const standing = positions.filter(
    (i) => Math.abs(luma(data, i * 4) - background) >= CARRIED_MARK_LIMITS.edgeContrast,
  ).length;
  return standing / positions.length;
}

/** Whether the stored pixels' mark stays readable through this preset's fit, so the export need not embed it. */
export function markSurvivesFit(image: RgbaImage, preset: ExportPreset): boolean {
  const limits = CARRIED_MARK_LIMITS;
  if (preset.format !== 'png' && preset.quality < limits.minQuality) return false;
  const sx = preset.width / image.width;
  const sy = preset.height / image.height;
  if (preset.fit === 'cover') {
    const scale = Math.max(sx, sy);
    return (
      scale >= limits.minScale &&
      1 - preset.width / (image.width * scale) <= limits.maxCrop &&
      1 - preset.height / (image.height * scale) <= limits.maxCrop
    );
  }
  const scale = Math.min(sx, sy);
  if (scale < limits.minScale) return false;
  const background = hexLuma(preset.background);
  const barsLeftRight = preset.width - image.width * scale >= 1;
  const barsTopBottom = preset.height - image.height * scale >= 1;
  if (barsLeftRight && edgeContrastShare(image, 'columns', background) < limits.edgeShare) return false;
  if (barsTopBottom && edgeContrastShare(image, 'rows', background) < limits.edgeShare) return false;
  return true;
}
