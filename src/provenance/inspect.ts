import sharp from 'sharp';
import { StudioError } from '../errors/index.ts';
import { createC2paVerifier, type C2paVerification, type C2paVerifier } from './c2paVerify.ts';
import type { LabelRenderer, RenderedText } from './label.ts';
import { decodeMask, maskCoverage } from './foreground.ts';
import { isLabelCorner, LABEL_CORNERS, type Box, type LabelCorner } from './labelLayout.ts';
import type { RgbaImage, StampFormat, Watermarker } from './types.ts';
import { parseXmp, type XmpFields } from './xmp.ts';
import { lumaOf } from '../imaging/luma.ts';

/**
 * What the label check measures: it rebuilds the badge the XMP's disclosure text and usage code would
 * produce at this image size, then compares pixels. Glyph pixels of that exact text must be light and
 * the rest of the plate dark (the 60 % plate), in the corner the XMP names first, then in the others. It needs
 * the XMP to know the text; without it the answer is `null` (unknown), not false. It does not read the text
 * (no OCR) and does not check the tiled mark (the XMP says whether the file carries it: `proofMark`).
 */
export interface LabelCheck {
  present: boolean | null;
  corner?: LabelCorner;
  /** The XMP's word: the tiled proof mark is under the badge (working renders, proofs) or not (approved exports). */
  proofMark?: boolean;
  /**
   * Share of the badge's plate over cells of the foreground mask the XMP carries: 0 when the badge keeps clear of
   * the figure and garments; above 0 when no corner was clear and it took the least covered one.
   */
  foregroundOverlap?: number;
  /** Share of the expected glyph pixels that are light (luma ≥ 170). */
  glyphAgreement?: number;
  /** Share of the expected plate background that is dark (luma ≤ 125). */
  plateAgreement?: number;
  reason?: string;
}

export interface WatermarkCheck {
  found: boolean;
  payload?: string;
  confidence?: number;
  /** The payload the XMP says the mark carries matches what was detected. */
  matchesXmp?: boolean;
}

export interface Inspection {
  format: StampFormat | string;
  width: number;
  height: number;
  xmp?: XmpFields;
  c2pa: C2paVerification;
  watermark: WatermarkCheck;
  label: LabelCheck;
  labelPresent: boolean | null;
}

const AGREEMENT_MIN = 0.85;

function luma(data: Buffer, i: number): number {
  return lumaOf(data[i] as number, data[i + 1] as number, data[i + 2] as number);
}

function compareBadge(
  image: RgbaImage,
  plate: Box,
  blocks: { box: Box; mask: RenderedText }[],
  radius: number,
): { glyph: number; plate: number } {
  const glyphMask = new Uint8Array(plate.width * plate.height);
  for (const { box, mask } of blocks) {
    for (let y = 0; y < mask.height; y++) {
      for (let x = 0; x < mask.width; x++) {
        const a = mask.data[(y * mask.width + x) * 4 + 3] as number;
        const px = box.left - plate.left + x;
        const py = box.top - plate.top + y;
        if (px >= 0 && py >= 0 && px < plate.width && py < plate.height) glyphMask[py * plate.width + px] = a;
      }
    }
  }
  let glyphTotal = 0;
  let glyphLight = 0;
  let plateTotal = 0;
  let plateDark = 0;
  for (let y = radius; y < plate.height - radius; y++) {
    for (let x = radius; x < plate.width - radius; x++) {
      const a = glyphMask[y * plate.width + x] as number;
      const l = luma(image.data, ((plate.top + y) * image.width + plate.left + x) * 4);
      if (a >= 230) {
        glyphTotal++;
        if (l >= 170) glyphLight++;
      } else if (a === 0 && isFarFromGlyph(glyphMask, plate.width, plate.height, x, y)) {
        plateTotal++;
        if (l <= 125) plateDark++;
      }
    }
  }
  return { glyph: glyphTotal ? glyphLight / glyphTotal : 0, plate: plateTotal ? plateDark / plateTotal : 0 };
}

/** JPEG ringing spreads light glyph edges a couple of pixels: only judge plate pixels clear of glyphs. */
function isFarFromGlyph(mask: Uint8Array, width: number, height: number, x: number, y: number): boolean {
  for (let dy = -2; dy <= 2; dy++) {
    for (let dx = -2; dx <= 2; dx++) {
      const nx = x + dx;
      const ny = y + dy;
      if (nx >= 0 && ny >= 0 && nx < width && ny < height && (mask[ny * width + nx] as number) > 0) return false;
    }
  }
  return true;
}

async function checkLabel(labels: LabelRenderer, image: RgbaImage, xmp: XmpFields | undefined): Promise<LabelCheck> {
  if (!xmp?.description || !xmp.usageCode)
    return { present: null, reason: 'no XMP disclosure text and usage code to rebuild the expected badge from' };
  let best: LabelCheck = { present: false, reason: 'badge pixels do not match the expected plate and text' };
  const named = isLabelCorner(xmp.labelCorner) ? [xmp.labelCorner] : [];
  const mask = decodeMask(xmp.foreground);
  const facts = (plate: Box): Pick<LabelCheck, 'proofMark' | 'foregroundOverlap'> => ({
    ...(xmp.proofMark !== undefined ? { proofMark: xmp.proofMark } : {}),
    ...(mask
      ? {
          foregroundOverlap: round(
            maskCoverage(mask, {
              left: plate.left / image.width,
              top: plate.top / image.height,
              width: plate.width / image.width,
              height: plate.height / image.height,
            }),
          ),
        }
      : {}),
  });
  for (const corner of [...named, ...LABEL_CORNERS.filter((c) => !named.includes(c))]) {
    let expected;
    try {
      expected = await labels.expectedBadge(image.width, image.height, {
        displayName: '',
        wording: xmp.description,
        code: xmp.usageCode,
        corner,
      });
    } catch (error) {
      if (error instanceof StudioError)
        return { present: false, reason: `expected badge cannot be rebuilt: ${error.message}` };
      throw error;
    }
    const { layout, textBlock, codeBlock } = expected;
    const radius = Math.ceil(expected.capHeightPx * 0.45);
    const score = compareBadge(
      image,
      layout.plate,
      [
        { box: layout.text, mask: textBlock },
        { box: layout.code, mask: codeBlock },
      ],
      radius,
    );
    const present = score.glyph >= AGREEMENT_MIN && score.plate >= AGREEMENT_MIN;
    const candidate: LabelCheck = {
      present,
      corner,
      glyphAgreement: round(score.glyph),
      plateAgreement: round(score.plate),
      ...(present ? facts(layout.plate) : {}),
    };
    if (present) return candidate;
    if (
      (candidate.glyphAgreement ?? 0) + (candidate.plateAgreement ?? 0) >
      (best.glyphAgreement ?? 0) + (best.plateAgreement ?? 0)
    )
      best = { ...candidate, reason: best.reason };
  }
  return best;
}

function round(value: number): number {
  return Math.round(value * 1000) / 1000;
}

/** Reads back everything a stamped file says about itself. The ledger lookup is the caller's. */
export async function inspectFile(
  bytes: Buffer,
  deps: { watermarker: Watermarker; labels: LabelRenderer; c2pa?: C2paVerifier; trustAnchorsPem?: string },
): Promise<Inspection> {
  let meta;
  try {
    meta = await sharp(bytes).metadata();
  } catch (cause) {
    throw new StudioError(
      'IMAGE_CORRUPT',
      `Expected an image file to inspect: ${(cause as Error).message}`,
      {},
      { cause },
    );
  }
  const format: string | undefined = meta.format;
  const xmp = meta.xmp ? parseXmp(meta.xmp.toString('utf8')) : undefined;
  const c2pa: C2paVerification =
    format === 'jpeg' || format === 'png' || format === 'webp'
      ? await (deps.c2pa ?? createC2paVerifier()).verify(
          bytes,
          format,
          deps.trustAnchorsPem ? { trustAnchorsPem: deps.trustAnchorsPem } : {},
        )
      : {
          present: false,
          valid: false,
          trusted: false,
          untrustedSigner: false,
          validationErrors: [],
          reason: `no C2PA reader for ${format}`,
        };

  const { data, info } = await sharp(bytes).ensureAlpha().raw().toBuffer({ resolveWithObject: true });
  const image: RgbaImage = { data, width: info.width, height: info.height };

  const detection = await deps.watermarker.detect({ ...image, channels: 4 });
  const watermark: WatermarkCheck = detection.found
    ? {
        found: true,
        payload: deps.watermarker.formatPayload(detection.payload),
        confidence: detection.confidence,
        ...(xmp?.watermarkPayload
          ? { matchesXmp: xmp.watermarkPayload === deps.watermarker.formatPayload(detection.payload) }
          : {}),
      }
    : { found: false, ...(detection.confidence !== undefined ? { confidence: detection.confidence } : {}) };

  const label = await checkLabel(deps.labels, image, xmp);
  return {
    format: format ?? 'unknown',
    width: info.width,
    height: info.height,
    ...(xmp ? { xmp } : {}),
    c2pa,
    watermark,
    label,
    labelPresent: label.present,
  };
}
