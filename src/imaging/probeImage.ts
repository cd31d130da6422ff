import sharp, { type Metadata, type Sharp } from 'sharp';
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

/**
 * The header checks: size in bytes, a readable header, sides and pixels within the limits. Decodes nothing:
 * sharp's own pixel limit is off here so that an image over it is reported as IMAGE_TOO_LARGE with its size.
 * `maxBytes` may be raised by a caller that already holds the bytes and only needs the decode bounded.
 */
export async function readImageHeader(
  data: Buffer,
  what: string,
  details: Record<string, unknown> = {},
  options: { maxBytes?: number } = {},
): Promise<ImageInfo> {
  checkBytes(data, what, details, options.maxBytes);
  if (data.byteLength === 0) {
    const message = `Expected an image in ${what}, but it is empty (0 bytes)`;
    throw new StudioError('IMAGE_CORRUPT', message, { ...details, bytes: 0 });
  }
  let meta: Metadata;
  try {
    meta = await sharp(data, { limitInputPixels: false }).metadata();
  } catch (cause) {
    throw new StudioError('IMAGE_CORRUPT', `${what} is not a readable image: ${(cause as Error).message}`, details, {
      cause,
    });
  }
  const { width, height, format } = meta;
  if (!width || !height || !format) throw new StudioError('IMAGE_CORRUPT', `${what} has no readable size`, details);
  if (width > IMAGE_LIMITS.maxSide || height > IMAGE_LIMITS.maxSide || width * height > IMAGE_LIMITS.maxPixels) {
    const { maxSide, maxPixels } = IMAGE_LIMITS;
    const message = `${what} is ${width}×${height} px; at most ${maxSide} px a side (${maxPixels} pixels) are accepted`;
    throw new StudioError('IMAGE_TOO_LARGE', message, { ...details, width, height, maxSide, maxPixels });
  }
  return { width, height, channels: meta.channels ?? 0, hasAlpha: Boolean(meta.hasAlpha), format };
}

type Details = Record<string, unknown>;

function checkBytes(data: Buffer, what: string, details: Details, maxBytes: number = IMAGE_LIMITS.maxBytes): void {
  if (data.byteLength > maxBytes) {
    const message = `${what} is ${data.byteLength} bytes; at most ${maxBytes} are accepted`;
    const limit = { bytes: data.byteLength, maxBytes };
    throw new StudioError('IMAGE_TOO_LARGE', message, { ...details, ...limit });
  }
}

export interface DecodedImage {
  info: ImageInfo;
  /** Interleaved raw pixels as `shape` left them. */
  pixels: Buffer;
  width: number;
  height: number;
  channels: number;
}

/**
 * Checks an image against the limits and decodes it once — through `shape` (a resize, ensureAlpha…) — with a
 * truncated file as an error: the pixels a caller needs, read exactly once. The header is read while the
 * decode runs (sharp refuses more than the pixel limit before decoding); its verdict comes first.
 * `shape` must read every input row: a resize does, a crop does not (libvips leaves the rows below a crop unread,
 * so a truncated tail would pass).
 */
export async function decodeImage(
  data: Buffer,
  what: string,
  details: Record<string, unknown> = {},
  shape: (image: Sharp) => Sharp = (image) => image,
): Promise<DecodedImage> {
  const header = readImageHeader(data, what, details);
  // sharp throws synchronously for some inputs (an empty buffer): that must become a rejection here, or the
  // header's promise above would be left without a handler.
  const decoded = Promise.resolve().then(() => {
    const input = sharp(data, { limitInputPixels: IMAGE_LIMITS.maxPixels, failOn: 'truncated' });
    return shape(input).raw().toBuffer({ resolveWithObject: true });
  });
  decoded.catch(() => {}); // reported below, after the header's verdict
  const info = await header;
  try {
    const { data: pixels, info: out } = await decoded;
    return { info, pixels, width: out.width, height: out.height, channels: out.channels };
  } catch (cause) {
    throw new StudioError(
      'IMAGE_CORRUPT',
      `${what} could not be decoded: ${(cause as Error).message}`,
      { ...details, width: info.width, height: info.height },
      { cause },
    );
  }
}

/** SHA-256 (hex) of byte contents that decoded within the limits; bounded, oldest forgotten first. */
const decodedFine = new Map<string, ImageInfo>();
const DECODED_FINE_MAX = 1024;

/**
 * Reads an image's header (and decodes it fully, to catch truncation) and checks it against the limits.
 * With `sha256` — the hash of `data`, already checked by the caller — content that decoded fine before is
 * not decoded again: the same bytes decode the same way.
 */
export async function probeImage(
  data: Buffer,
  what: string,
  details: Record<string, unknown> = {},
  options: { sha256?: string } = {},
): Promise<ImageInfo> {
  const known = options.sha256 === undefined ? undefined : decodedFine.get(options.sha256);
  if (known && data.byteLength <= IMAGE_LIMITS.maxBytes) return known;
  const { info } = await decodeImage(data, what, details);
  if (options.sha256 !== undefined) {
    if (decodedFine.size >= DECODED_FINE_MAX) decodedFine.delete(decodedFine.keys().next().value as string);
    decodedFine.set(options.sha256, info);
  }
  return info;
}
