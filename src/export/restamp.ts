import sharp from 'sharp';
import { StudioError } from '../errors/index.ts';
import { readXmp, type LabelRenderer, type RgbaImage, type StampResult, type Stamper, type UsageFacts } from '../provenance/index.ts';
import type { ExportPreset } from './preset.schema.ts';
import { markSurvivesFit } from './carriedMark.ts';
import { removeLabel } from './unlabel.ts';

export interface StoredProvenance {
  usage: UsageFacts;
  /** The disclosure sentence the render's badge shows; the export's badge shows the same. */
  disclosure: string;
}

/**
 * What the stored output says about itself (XMP), which the export stamp repeats: same usage id and code,
 * same wording, same licensor and models. A file whose XMP names another usage id is not this output.
 */
export async function storedProvenance(bytes: Buffer, outputId: string, fallback: { displayName: string; licensor: string; consentId: string; twinId: string; licenceId: string }): Promise<StoredProvenance> {
  const xmp = await readXmp(bytes);
  if (!xmp?.usageId || !xmp.usageCode || !xmp.description) {
    throw new StudioError('OUTPUT_PROVENANCE_MISSING', `Expected the stored output ${outputId} to carry XMP with its usage id, code and disclosure; it has none`, { outputId });
  }
  if (xmp.usageId !== outputId) {
    throw new StudioError('OUTPUT_PROVENANCE_MISMATCH', `Expected the stored output's XMP to name usage ${outputId}, but it names ${xmp.usageId}`, { outputId, xmpUsageId: xmp.usageId });
  }
  return {
    disclosure: xmp.description,
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
    .resize(preset.width, preset.height, { fit: preset.fit, position: 'centre', background: preset.background, kernel: 'lanczos3' })
    .flatten({ background: preset.background })
    .toColourspace('srgb')
    .ensureAlpha()
    .raw()
    .toBuffer({ resolveWithObject: true });
  return { data, width: info.width, height: info.height };
}

/**
 * The export stamp: the whole provenance again on the resized pixels. The watermark and XMP carry the
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
): Promise<StampResult & { unlabelled: boolean; prepareMs: { decodeMs: number; unlabelMs: number; resizeMs: number } }> {
  const t0 = performance.now();
  const { data, info } = await sharp(bytes).toColourspace('srgb').ensureAlpha().raw().toBuffer({ resolveWithObject: true });
  const t1 = performance.now();
  // The stored badge comes out first so the export shows exactly one, sized for its own frame.
  const clean = await removeLabel(deps.labels, { data, width: info.width, height: info.height }, { wording: provenance.disclosure, code: provenance.usage.code, inPlace: true });
  const t2 = performance.now();
  const rgba = await fitToPreset(clean.image, preset);
  const t3 = performance.now();
  const stamped = await deps.stamper.stamp({
    rgba,
    format: preset.format,
    quality: preset.quality,
    usage: provenance.usage,
    labelWording: provenance.disclosure,
    inPlace: true,
    watermark: markSurvivesFit(clean.image, preset) ? 'carried' : 'embed',
  });
  return { ...stamped, unlabelled: clean.corner !== null, prepareMs: { decodeMs: t1 - t0, unlabelMs: t2 - t1, resizeMs: t3 - t2 } };
}
