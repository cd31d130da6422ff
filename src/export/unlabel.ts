import type { LabelCorner, LabelRenderer, RgbaImage } from '../provenance/index.ts';

/** Below this share of the original left visible (glyph cores), a pixel is rebuilt from its neighbours. */
const MIN_VISIBLE = 0.25;
/** A plate pixel that would come out brighter than white by this much means there was no plate there. */
const CLIP_TOLERANCE = 24;
const MAX_CLIPPED_SHARE = 0.02;

export interface UnlabelRequest {
  /** The disclosure sentence the stored badge shows (the XMP description). */
  wording: string;
  code: string;
  /** Tried in order; the first whose plate the pixels agree with is removed. */
  corners?: LabelCorner[];
}

/**
 * Takes the stored output's visible label (badge and tiled mark) back out, so an export can be labelled
 * afresh at its own size without a second badge showing beside, under or through the new one. The label
 * is a deterministic "over" blend, so rendering it onto black and onto white gives, per pixel and channel,
 * the affine map the blend applied (L = Lb + k·I); inverting it restores the pixels wherever k is not tiny.
 * Glyph cores (k ≈ 0) are filled from their neighbours. Never used on a file that leaves the studio as is:
 * the export stamps a new label on the result before anything is written.
 */
export async function removeLabel(labels: LabelRenderer, image: RgbaImage, request: UnlabelRequest): Promise<{ image: RgbaImage; corner: LabelCorner | null }> {
  const { width, height } = image;
  const black = Buffer.alloc(width * height * 4, 0);
  const white = Buffer.alloc(width * height * 4, 255);
  for (let i = 3; i < black.length; i += 4) black[i] = 255;
  for (const corner of request.corners ?? ['bottom-right', 'bottom-left']) {
    const label = { displayName: '', wording: request.wording, code: request.code, corner };
    const [onBlack, onWhite] = await Promise.all([labels.drawLabel({ data: black, width, height }, label), labels.drawLabel({ data: white, width, height }, label)]);
    const { plate } = onBlack.layout;
    if (clippedShare(image, onBlack.data, onWhite.data, plate) > MAX_CLIPPED_SHARE) continue;
    return { image: invert(image, onBlack.data, onWhite.data, plate), corner };
  }
  return { image, corner: null };
}

type Box = { left: number; top: number; width: number; height: number };

/** Share of plate pixels that inversion would push well past white: the plate is not where we look. */
function clippedShare(image: RgbaImage, lb: Buffer, lw: Buffer, plate: Box): number {
  let counted = 0;
  let clipped = 0;
  for (let y = plate.top; y < plate.top + plate.height; y += 2) {
    for (let x = plate.left; x < plate.left + plate.width; x += 2) {
      const p = (y * image.width + x) * 4;
      const k = ((lw[p] as number) - (lb[p] as number)) / 255;
      if (k < MIN_VISIBLE || k > 0.9) continue;
      counted++;
      if ((image.data[p] as number) - (lb[p] as number) > k * (255 + CLIP_TOLERANCE)) clipped++;
    }
  }
  return counted === 0 ? 1 : clipped / counted;
}

function invert(image: RgbaImage, lb: Buffer, lw: Buffer, plate: Box): RgbaImage {
  const { width, height } = image;
  const out = Buffer.from(image.data);
  const unknown = new Uint8Array(width * height);
  for (let i = 0, p = 0; i < width * height; i++, p += 4) {
    if (lb[p] === 0 && lw[p] === 255 && lb[p + 1] === 0 && lw[p + 1] === 255) continue;
    for (let c = 0; c < 3; c++) {
      const k = ((lw[p + c] as number) - (lb[p + c] as number)) / 255;
      if (k < MIN_VISIBLE) {
        unknown[i] = 1;
        break;
      }
      const v = ((image.data[p + c] as number) - (lb[p + c] as number)) / k;
      out[p + c] = v < 0 ? 0 : v > 255 ? 255 : Math.round(v);
    }
  }
  fillFromNeighbours(out, unknown, width, height, plate);
  return { data: out, width, height };
}

/** Onion-peel fill: each pass gives unknown pixels with known 8-neighbours their mean, until none is left. */
function fillFromNeighbours(data: Buffer, unknown: Uint8Array, width: number, height: number, box: Box): void {
  const x0 = Math.max(0, box.left - 1);
  const x1 = Math.min(width - 1, box.left + box.width);
  const y0 = Math.max(0, box.top - 1);
  const y1 = Math.min(height - 1, box.top + box.height);
  for (let pass = 0; pass < 64; pass++) {
    const filled: number[] = [];
    for (let y = y0; y <= y1; y++) {
      for (let x = x0; x <= x1; x++) {
        const i = y * width + x;
        if (!unknown[i]) continue;
        let n = 0;
        const sum = [0, 0, 0];
        for (let dy = -1; dy <= 1; dy++) {
          for (let dx = -1; dx <= 1; dx++) {
            const nx = x + dx;
            const ny = y + dy;
            if ((dx === 0 && dy === 0) || nx < 0 || ny < 0 || nx >= width || ny >= height) continue;
            const j = ny * width + nx;
            if (unknown[j]) continue;
            n++;
            for (let c = 0; c < 3; c++) sum[c] = (sum[c] as number) + (data[j * 4 + c] as number);
          }
        }
        if (n > 0) {
          for (let c = 0; c < 3; c++) data[i * 4 + c] = Math.round((sum[c] as number) / n);
          filled.push(i);
        }
      }
    }
    if (filled.length === 0) return;
    for (const i of filled) unknown[i] = 0;
  }
}
