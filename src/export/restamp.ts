import sharp from 'sharp';
import { StudioError } from '../errors/index.ts';
import {
  decodeMask,
  isLabelCorner,
  readXmp,
  reframeMask,
  type ForegroundMask,
  type LabelCorner,
  type LabelRenderer,
  type RgbaImage,
  type StampResult,
  type Stamper,
  type UsageFacts,
} from '../provenance/index.ts';
import type { ExportPreset } from './preset.schema.ts';
import { markSurvivesFit } from './carriedMark.ts';
import { removeLabel } from './unlabel.ts';

export interface StoredProvenance {
  usage: UsageFacts;
  /** The disclosure sentence the render's badge shows; the export's badge shows the same. */
  disclosure: string;
  /** Where the stored badge is and whether the proof mark is under it (so it comes out), and the foreground mask. */
  label: { corner?: LabelCorner; proofMark: boolean; foreground?: ForegroundMask };
}

/**
 * What the stored output says about itself (XMP), which the export stamp repeats: same usage id and code,
 * same wording, same licensor and models. A file whose XMP names another usage id is not this output.
 */
export async function storedProvenance(
  bytes: Buffer,
  outputId: string,
  fallback: { displayName: string; licensor: string; consentId: string; twinId: string; licenceId: string },
): Promise<StoredProvenance> {
  const xmp = await readXmp(bytes);
  if (!xmp?.usageId || !xmp.usageCode || !xmp.description) {
    throw new StudioError(
      'OUTPUT_PROVENANCE_MISSING',
      `Expected the stored output ${outputId} to carry XMP with its usage id, code and disclosure; it has none`,
      { outputId },
    );
  }
  if (xmp.usageId !== outputId) {
    throw new StudioError(
      'OUTPUT_PROVENANCE_MISMATCH',
      `Expected the stored output's XMP to name usage ${outputId}, but it names ${xmp.usageId}`,
      { outputId, xmpUsageId: xmp.usageId },
    );
  }
  const foreground = decodeMask(xmp.foreground);
  return {
    disclosure: xmp.description,
    // A file stamped before the XMP said so carries the proof mark (every render did).
    label: {
      ...(isLabelCorner(xmp.labelCorner) ? { corner: xmp.labelCorner } : {}),
      proofMark: xmp.proofMark !== false,
      ...(foreground ? { foreground } : {}),
    },
    usage: {
      usageId: outputId,
      code: xmp.usageCode,
      twinId: xmp.twinId ?? fallback.twinId,
      displayName: fallback.displayName,
      licenceId: xmp.licenceId ?? fallback.licenceId,
      consentId: xmp.consentId ?? fallback.consentId,
      licensor: xmp.licensor ?? fallback.licensor,
      modelIds: xmp.models,
    },
  };
}

/** Resizes pixels to the preset's frame in sRGB, as raw RGBA for the stamper. */
export async function fitToPreset(image: RgbaImage, preset: ExportPreset): Promise<RgbaImage> {
  const { data, info } = await sharp(image.data, { raw: { width: image.width, height: image.height, channels: 4 } })
    .resize(preset.width, preset.height, {
      fit: preset.fit,
      position: 'centre',
      background: preset.background,
      kernel: 'lanczos3',
    })
    .flatten({ background: preset.background })
    .toColourspace('srgb')
    .ensureAlpha()
    .raw()
    .toBuffer({ resolveWithObject: true });
  return { data, width: info.width, height: info.height };
}

/** The part of the stored frame an export frame shows, in fractions of the stored frame (beyond [0, 1]: bars). */
export function presetView(
  image: { width: number; height: number },
  preset: ExportPreset,
): { left: number; top: number; width: number; height: number } {
  const sx = preset.width / image.width;
  const sy = preset.height / image.height;
  const scale = preset.fit === 'cover' ? Math.max(sx, sy) : Math.min(sx, sy);
  const width = preset.width / (scale * image.width);
  const height = preset.height / (scale * image.height);
  return { left: (1 - width) / 2, top: (1 - height) / 2, width, height };
}

/**
 * The export stamp: the whole provenance again on the resized pixels. An export is of an approved output: its
 * label is the badge alone (no proof mark), in the first corner of the preset's preference that the figure leaves
 * clear (the render's foreground mask, carried in the XMP, refit to the preset's frame). The watermark and XMP carry the
 * RENDER's usage id, not the export record's: the render record is the billed use every export record
 * points to (ref), so one id leads from any copy to the whole history; and the stored pixels already carry
 * the render's mark, which survives the resize — embedding a different payload on top would leave two
 * marks fighting in the same band, and detection could return either or neither. The same payload
 * re-embedded only reinforces it, so it is re-embedded only where the fit would leave the carried mark
 * unreadable (carriedMark.ts). The export record's id is in the manifest and labels.csv.
 */
export async function restamp(
  deps: { stamper: Stamper; labels: LabelRenderer },
  bytes: Buffer,
  preset: ExportPreset,
  provenance: StoredProvenance,
): Promise<
  StampResult & { unlabelled: boolean; prepareMs: { decodeMs: number; unlabelMs: number; resizeMs: number } }
> {
  const t0 = performance.now();
  const { data, info } = await sharp(bytes)
    .toColourspace('srgb')
    .ensureAlpha()
    .raw()
    .toBuffer({ resolveWithObject: true });
  const t1 = performance.now();
  // The stored badge comes out first so the export shows exactly one, sized for its own frame.
  const stored = provenance.label;
  const clean = await removeLabel(
    deps.labels,
    { data, width: info.width, height: info.height },
    {
      wording: provenance.disclosure,
      code: provenance.usage.code,
      inPlace: true,
      proofMark: stored.proofMark,
      ...(stored.corner ? { corners: [stored.corner] } : {}),
    },
  );
  const t2 = performance.now();
  const rgba = await fitToPreset(clean.image, preset);
  const t3 = performance.now();
  const stamped = await deps.stamper.stamp({
    rgba,
    format: preset.format,
    quality: preset.quality,
    usage: provenance.usage,
    labelWording: provenance.disclosure,
    proofMark: false,
    ...(preset.labelCorners ? { cornerPreference: preset.labelCorners } : {}),
    ...(stored.foreground ? { foreground: reframeMask(stored.foreground, presetView(clean.image, preset)) } : {}),
    inPlace: true,
    watermark: markSurvivesFit(clean.image, preset) ? 'carried' : 'embed',
    iccProfile: preset.colourProfile,
  });
  return {
    ...stamped,
    unlabelled: clean.corner !== null,
    prepareMs: { decodeMs: t1 - t0, unlabelMs: t2 - t1, resizeMs: t3 - t2 },
  };
}
