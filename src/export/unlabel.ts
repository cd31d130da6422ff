import {
  LABEL_CORNERS,
  type LabelCorner,
  type LabelCoverage,
  type LabelRenderer,
  type RgbaImage,
} from '../provenance/index.ts';

/** Below this share of the original left visible (glyph cores), a pixel is rebuilt from its neighbours. */
const MIN_VISIBLE = 0.25;
/** A plate pixel that would come out brighter than white by this much means there was no plate there. */
const CLIP_TOLERANCE = 24;
const MAX_CLIPPED_SHARE = 0.02;

export interface UnlabelRequest {
  /** The disclosure sentence the stored badge shows (the XMP description). */
  wording: string;
  code: string;
  /** Tried in order (the XMP's labelCorner first, then the others); the first whose plate the pixels agree with is removed. */
  corners?: readonly LabelCorner[];
  /** Whether the stored label has the proof mark under its badge (the XMP's proofMark; working renders do). */
  proofMark?: boolean;
  /** Restore `image.data` itself instead of a copy (the caller's decoded pixels, not used otherwise). */
  inPlace?: boolean;
}

/**
 * Takes the stored output's visible label (badge and tiled proof mark) back out, so an export can be labelled
 * afresh at its own size without a second badge showing beside, under or through the new one. The label
 * is a deterministic "over" blend, so its coverage (the label drawn onto black and onto white) gives, per pixel
 * and channel, the affine map the blend applied (L = Lb + k·I); inverting it restores the pixels wherever k is
 * not tiny. Glyph cores (k ≈ 0) are filled from their neighbours. Never used on a file that leaves the studio as
 * is: the export stamps a new label on the result before anything is written.
 */
export async function removeLabel(
  labels: LabelRenderer,
  image: RgbaImage,
  request: UnlabelRequest,
): Promise<{ image: RgbaImage; corner: LabelCorner | null }> {
  const { width, height } = image;
  const first = request.corners ?? [];
  for (const corner of [...first, ...LABEL_CORNERS.filter((c) => !first.includes(c))]) {
    const cover = await labels.coverage(
      width,
      height,
      { displayName: '', wording: request.wording, code: request.code, corner },
      { proofMark: request.proofMark !== false },
    );
    if (clippedShare(image, cover) > MAX_CLIPPED_SHARE) continue;
    return { image: invert(image, cover, request.inPlace === true), corner };
  }
  return { image, corner: null };
}

type Box = { left: number; top: number; width: number; height: number };

/** Share of plate pixels that inversion would push well past white: the plate is not where we look. */
function clippedShare(image: RgbaImage, cover: LabelCoverage): number {
  const { indices, onBlack, onWhite } = cover;
  const plate = cover.layout.plate;
  // The plate's pixels are the coverage's last plate.width × plate.height entries, row by row.
  const first = indices.length - plate.width * plate.height;
  let counted = 0;
  let clipped = 0;
  for (let y = 0; y < plate.height; y += 2) {
    for (let x = 0; x < plate.width; x += 2) {
      const n = first + y * plate.width + x;
      const lb = onBlack[n * 3] as number;
      const k = ((onWhite[n * 3] as number) - lb) / 255;
      if (k < MIN_VISIBLE || k > 0.9) continue;
      counted++;
      if ((image.data[(indices[n] as number) * 4] as number) - lb > k * (255 + CLIP_TOLERANCE)) clipped++;
    }
  }
  return counted === 0 ? 1 : clipped / counted;
}

function invert(image: RgbaImage, cover: LabelCoverage, inPlace: boolean): RgbaImage {
  const { width, height } = image;
  const { indices, onBlack, onWhite } = cover;
  const out = inPlace ? image.data : Buffer.from(image.data);
  const unknown = new Uint8Array(width * height);
  for (let n = 0; n < indices.length; n++) {
    const i = indices[n] as number;
    const p = i * 4;
    for (let c = 0; c < 3; c++) {
      const lb = onBlack[n * 3 + c] as number;
      const k = ((onWhite[n * 3 + c] as number) - lb) / 255;
      if (k === 1) continue;
      if (k < MIN_VISIBLE) {
        unknown[i] = 1;
        break;
      }
      const v = ((image.data[p + c] as number) - lb) / k;
      out[p + c] = v < 0 ? 0 : v > 255 ? 255 : Math.round(v);
    }
  }
  fillFromNeighbours(out, unknown, width, height, cover.layout.plate);
  settlePlate(out, width, height, cover);
  return { data: out, width, height };
}

/** How much of a plate pixel's restored value is kept; the rest is its neighbourhood's mean (settlePlate). */
const PLATE_KEEP = 0.3;

/**
 * Under the plate the inversion divides by k ≈ 0.4, so whatever was added after the label (the invisible
 * watermark's ±few levels in blocks of about shortSide / 256 px, the encoder's rounding) comes back ~2.5× as
 * strong: a textured rectangle where the stored badge was, which the export's smaller badge need not cover.
 * The badge sits where the figure is not (scene background), so each such pixel keeps PLATE_KEEP of its value
 * and takes the rest from the mean of its neighbourhood (a block wide), which brings the texture back to the
 * level around it.
 */
function settlePlate(data: Buffer, width: number, height: number, cover: LabelCoverage): void {
  const plate = cover.layout.plate;
  const first = cover.indices.length - plate.width * plate.height;
  const radius = Math.max(2, Math.ceil(Math.min(width, height) / 256));
  const w = plate.width;
  const h = plate.height;
  for (let c = 0; c < 3; c++) {
    // Summed-area table of this channel over the plate box.
    const sat = new Float64Array((w + 1) * (h + 1));
    for (let y = 0; y < h; y++) {
      let row = 0;
      for (let x = 0; x < w; x++) {
        row += data[((plate.top + y) * width + plate.left + x) * 4 + c] as number;
        sat[(y + 1) * (w + 1) + x + 1] = (sat[y * (w + 1) + x + 1] as number) + row;
      }
    }
    for (let y = 0; y < h; y++) {
      for (let x = 0; x < w; x++) {
        const n = first + y * w + x;
        const k = ((cover.onWhite[n * 3 + c] as number) - (cover.onBlack[n * 3 + c] as number)) / 255;
        if (k >= 0.9) continue;
        const [x0, x1, y0, y1] = [
          Math.max(0, x - radius),
          Math.min(w, x + radius + 1),
          Math.max(0, y - radius),
          Math.min(h, y + radius + 1),
        ];
        const sum =
          (sat[y1 * (w + 1) + x1] as number) -
          (sat[y0 * (w + 1) + x1] as number) -
          (sat[y1 * (w + 1) + x0] as number) +
          (sat[y0 * (w + 1) + x0] as number);
        const p = ((plate.top + y) * width + plate.left + x) * 4 + c;
        data[p] = Math.round(PLATE_KEEP * (data[p] as number) + (1 - PLATE_KEEP) * (sum / ((x1 - x0) * (y1 - y0))));
      }
    }
  }
}

/** The mean of a pixel's known 8-neighbours into `data` at i; false when it has none yet. */
function fillOne(data: Buffer, unknown: Uint8Array, width: number, height: number, i: number): boolean {
  const x = i % width;
  const y = (i - x) / width;
  let n = 0;
  let r = 0;
  let g = 0;
  let b = 0;
  for (let ny = Math.max(0, y - 1); ny <= Math.min(height - 1, y + 1); ny++) {
    for (let nx = Math.max(0, x - 1); nx <= Math.min(width - 1, x + 1); nx++) {
      const j = ny * width + nx;
      if (unknown[j]) continue; // the pixel itself is unknown, so it never counts
      n++;
      r += data[j * 4] as number;
      g += data[j * 4 + 1] as number;
      b += data[j * 4 + 2] as number;
    }
  }
  if (n === 0) return false;
  data[i * 4] = Math.round(r / n);
  data[i * 4 + 1] = Math.round(g / n);
  data[i * 4 + 2] = Math.round(b / n);
  return true;
}

/**
 * Onion-peel fill: each pass gives the unknown pixels with known 8-neighbours their mean (pixels filled in a pass
 * count as known from the next pass on), until none is left. Only the unknown pixels are visited.
 */
function fillFromNeighbours(data: Buffer, unknown: Uint8Array, width: number, height: number, box: Box): void {
  let left: number[] = [];
  for (let y = Math.max(0, box.top); y < Math.min(height, box.top + box.height); y++) {
    for (let x = Math.max(0, box.left); x < Math.min(width, box.left + box.width); x++)
      if (unknown[y * width + x]) left.push(y * width + x);
  }
  for (let pass = 0; pass < 64 && left.length > 0; pass++) {
    const filled = left.filter((i) => fillOne(data, unknown, width, height, i));
    if (filled.length === 0) return;
    for (const i of filled) unknown[i] = 0;
    left = left.filter((i) => unknown[i]);
  }
}
