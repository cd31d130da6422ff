import { beforeAll, describe, expect, it } from 'vitest';
import { convEncode, viterbiDecode } from '../../src/provenance/watermark/convolutional.ts';
import { contentBox } from '../../src/provenance/watermark/detect.ts';
import {
  detectWatermark,
  embedWatermark,
  formatPayload,
  payloadFromUsageId,
  type RgbaImage,
} from '../../src/provenance/watermark/index.ts';
import { luminance } from '../../src/provenance/watermark/raster.ts';
import {
  cleanRender,
  cropEdge,
  downscale,
  jpegRoundTrip,
  letterbox,
  psnr,
  syntheticPhoto,
  transparentCutout,
  type Edge,
} from '../helpers/images.ts';

const USAGE_IDS = [
  '019a7c3e-5b21-7d4e-9f10-3c8a2b1d4e5f',
  '019a7c3e-5b22-7aa0-8123-fedcba987654',
  '019a7c3e-5b23-7001-b000-000000000001',
];

// Portrait at full render size and two smaller ones; every edge is cropped on at least one image.
const CASES: { width: number; height: number; seed: number; edges: Edge[] }[] = [
  { width: 1024, height: 1536, seed: 1, edges: ['left', 'top'] },
  { width: 768, height: 1024, seed: 2, edges: ['right'] },
  { width: 640, height: 960, seed: 3, edges: ['bottom'] },
];

function expectPayload(result: ReturnType<typeof detectWatermark>, payload: bigint): void {
  expect(result).toMatchObject({ found: true, payload });
  if (result.found) expect(result.confidence).toBeGreaterThan(7);
}

describe.each(CASES)('watermark on a $width x $height photo-like image', ({ width, height, seed, edges }) => {
  const payload = payloadFromUsageId(USAGE_IDS[seed - 1] ?? '');
  let original: RgbaImage;
  let marked: RgbaImage;

  beforeAll(async () => {
    original = await syntheticPhoto(width, height, seed);
    marked = embedWatermark(original, payload);
  });

  it('keeps PSNR at or above 40 dB, size and channels, and is deterministic', () => {
    expect(psnr(original, marked)).toBeGreaterThanOrEqual(40);
    expect(psnr(original, marked)).toBeLessThan(60); // something was embedded
    expect([marked.width, marked.height, marked.channels]).toEqual([width, height, 3]);
    expect(Buffer.from(embedWatermark(original, payload).data).equals(Buffer.from(marked.data))).toBe(true);
  });

  it('recovers the exact payload after JPEG re-compression at quality 75', async () => {
    expectPayload(detectWatermark(await jpegRoundTrip(marked, 75)), payload);
  });

  it('recovers the exact payload after a downscale to 50 %', async () => {
    expectPayload(detectWatermark(await downscale(marked, 0.5)), payload);
  });

  it.each(edges)('recovers the exact payload after a 10 %% crop from the %s edge', async (edge) => {
    const cropped = await cropEdge(marked, edge, 0.1);
    expect(cropped.width * cropped.height).toBeLessThan(width * height);
    expectPayload(detectWatermark(cropped), payload);
  });

  it('finds nothing in the unmarked original', () => {
    expect(detectWatermark(original)).toMatchObject({ found: false });
  });
});

describe('watermark keys and alpha', () => {
  it('survives JPEG q75 on a clean studio render with smooth backdrop, at PSNR >= 40 dB', async () => {
    const image = await cleanRender(768, 1152, 5);
    const marked = embedWatermark(image, 0x0000ffff0000n);
    expect(psnr(image, marked)).toBeGreaterThanOrEqual(40);
    expectPayload(detectWatermark(await jpegRoundTrip(marked, 75)), 0x0000ffff0000n);
  });

  it('does not detect with a different key, and does with the right one', async () => {
    const image = await syntheticPhoto(512, 768, 11);
    const marked = embedWatermark(image, 0xabcdef012345n, { key: 'org-acme' });
    const wrong = detectWatermark(marked, { key: 'org-other' });
    expect(wrong.found).toBe(false);
    expect(detectWatermark(marked).found).toBe(false); // default key
    expectPayload(detectWatermark(marked, { key: 'org-acme' }), 0xabcdef012345n);
  });

  it('keeps the alpha channel of a transparent-background RGBA image byte-identical', async () => {
    const cutout = await transparentCutout(512, 768);
    expect(cutout.channels).toBe(4);
    const marked = embedWatermark(cutout, 7n);
    expect(marked.channels).toBe(4);
    const alpha = (img: RgbaImage) =>
      Buffer.from(Array.from({ length: img.width * img.height }, (_, i) => img.data[i * 4 + 3] ?? 0));
    expect(alpha(marked).equals(alpha(cutout))).toBe(true);
    expect(alpha(cutout).includes(0)).toBe(true);
    expectPayload(detectWatermark(marked), 7n);
  });
});

describe('watermark in a letterbox (an export fitted whole into a square frame)', () => {
  it('finds the content between the bars and recovers the payload after the fit and JPEG q90', async () => {
    const payload = payloadFromUsageId(USAGE_IDS[1] ?? '');
    const marked = embedWatermark(await syntheticPhoto(512, 768, 7), payload);
    const framed = await jpegRoundTrip(await letterbox(marked, 1200, 1200, '#ffffff'), 90);
    const box = contentBox(luminance(framed));
    // The content is 800×1200 at x = 200; lanczos ringing may blur its first column into the bar.
    expect(box).toMatchObject({ top: 0, height: 1200 });
    expect(Math.abs((box?.left ?? 0) - 200)).toBeLessThanOrEqual(2);
    expect(Math.abs((box?.width ?? 0) - 800)).toBeLessThanOrEqual(4);
    expectPayload(detectWatermark(framed), payload);
  });

  it('still finds nothing in an unmarked letterboxed image, and no content box without bars', async () => {
    const original = await syntheticPhoto(512, 768, 7);
    expect(detectWatermark(await letterbox(original, 1200, 1200, '#ffffff'))).toMatchObject({ found: false });
    expect(contentBox(luminance(original))).toBeUndefined();
  });
});

describe('payloads', () => {
  it('takes the random tail of a UUIDv7, not its timestamp', () => {
    expect(payloadFromUsageId('019a7c3e-5b21-7d4e-9f10-3c8a2b1d4e5f')).toBe(0x3c8a2b1d4e5fn);
    // Two ids minted in the same millisecond share the timestamp but not the payload.
    expect(payloadFromUsageId(USAGE_IDS[0] ?? '')).not.toBe(payloadFromUsageId(USAGE_IDS[1] ?? ''));
    expect(() => payloadFromUsageId('not-a-uuid')).toThrow(expect.objectContaining({ code: 'INVALID_USAGE_ID' }));
  });

  it('formats 12 hex digits in three groups', () => {
    expect(formatPayload(0xa1b2c3d4e5f6n)).toBe('A1B2-C3D4-E5F6');
    expect(formatPayload(0x2an)).toBe('0000-0000-002A');
    expect(() => formatPayload(1n << 48n)).toThrow(expect.objectContaining({ code: 'WATERMARK_PAYLOAD_RANGE' }));
  });

  it('refuses payloads outside 48 bits and malformed images', () => {
    const image: RgbaImage = { data: new Uint8Array(300 * 300 * 3), width: 300, height: 300, channels: 3 };
    expect(() => embedWatermark(image, 1n << 48n)).toThrow(
      expect.objectContaining({ code: 'WATERMARK_PAYLOAD_RANGE' }),
    );
    expect(() => embedWatermark(image, -1n)).toThrow(expect.objectContaining({ code: 'WATERMARK_PAYLOAD_RANGE' }));
    expect(() => detectWatermark({ ...image, width: 299 })).toThrow(
      expect.objectContaining({ code: 'WATERMARK_BAD_IMAGE' }),
    );
  });

  it('decodes the convolutional code through flipped and weakened soft bits', () => {
    const bits = Array.from({ length: 64 }, (_, i) => (i * 7 + (i >> 2)) & 1);
    const coded = convEncode(bits);
    const soft = Float64Array.from(coded, (b, i) => (b ? -1 : 1) * (i % 11 === 0 ? -0.8 : i % 5 === 0 ? 0.1 : 1));
    expect(viterbiDecode(soft, 64)).toEqual(bits);
  });
});
