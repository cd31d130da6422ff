import sharp, { type Metadata } from 'sharp';
import { StudioError } from '../errors/index.ts';

/** Limits on every image the studio reads, so a hostile or broken file is refused before it is decoded. */
export const IMAGE_LIMITS = {
  maxBytes: 64 * 1024 * 1024,
  maxSide: 8192,
  maxPixels: 8192 * 8192,
} as const;

export interface ImageInfo {
  width: number;
  height: number;
  channels: number;
  hasAlpha: boolean;
  format: string;
}

/** Reads an image's header (and decodes it fully, to catch truncation) and checks it against the limits. */
export async function probeImage(data: Buffer, what: string, details: Record<string, unknown> = {}): Promise<ImageInfo> {
  if (data.byteLength > IMAGE_LIMITS.maxBytes) {
    throw new StudioError('IMAGE_TOO_LARGE', `${what} is ${data.byteLength} bytes; at most ${IMAGE_LIMITS.maxBytes} are accepted`, { ...details, bytes: data.byteLength });
  }
  let meta: Metadata;
  try {
    meta = await sharp(data, { limitInputPixels: IMAGE_LIMITS.maxPixels }).metadata();
  } catch (cause) {
    throw new StudioError('IMAGE_CORRUPT', `${what} is not a readable image: ${(cause as Error).message}`, details, { cause });
  }
  const { width, height, format } = meta;
  if (!width || !height || !format) throw new StudioError('IMAGE_CORRUPT', `${what} has no readable size`, details);
  if (width > IMAGE_LIMITS.maxSide || height > IMAGE_LIMITS.maxSide || width * height > IMAGE_LIMITS.maxPixels) {
    throw new StudioError('IMAGE_TOO_LARGE', `${what} is ${width}×${height}; at most ${IMAGE_LIMITS.maxSide} px a side are accepted`, { ...details, width, height });
  }
  try {
    // A header can be intact while the pixel data is truncated: decode once to be sure.
    await sharp(data, { limitInputPixels: IMAGE_LIMITS.maxPixels, failOn: 'truncated' }).raw().toBuffer();
  } catch (cause) {
    throw new StudioError('IMAGE_CORRUPT', `${what} could not be decoded: ${(cause as Error).message}`, { ...details, width, height }, { cause });
  }
  return { width, height, channels: meta.channels ?? 0, hasAlpha: Boolean(meta.hasAlpha), format };
}
