import sharp from 'sharp';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { StudioError } from '../../src/errors/index.ts';
import { IMAGE_LIMITS, decodeImage, probeImage, readImageHeader } from '../../src/imaging/index.ts';
import { pngClaiming } from '../helpers/hostileImages.ts';

async function refusal(promise: Promise<unknown>): Promise<StudioError> {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(StudioError);
  return error as StudioError;
}

describe('image limits', () => {
  const unhandled: unknown[] = [];
  const onUnhandled = (reason: unknown) => void unhandled.push(reason);
  beforeEach(() => {
    unhandled.length = 0;
    process.on('unhandledRejection', onUnhandled);
  });
  afterEach(() => void process.off('unhandledRejection', onUnhandled));

  it('refuses an empty file as IMAGE_CORRUPT and leaves no promise unhandled', async () => {
    for (const read of [decodeImage, probeImage, readImageHeader]) {
      const error = await refusal(read(Buffer.alloc(0), 'garment.png', { file: 'garment.png' }));
      expect(error).toMatchObject({ code: 'IMAGE_CORRUPT', details: { file: 'garment.png', bytes: 0 } });
      expect(error.message).toMatch(/empty \(0 bytes\)/);
    }
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(unhandled).toEqual([]);
  });

  it('reports the pixel limit as IMAGE_TOO_LARGE with the size the header claims', async () => {
    const claim = pngClaiming(15_000, 15_000);
    for (const read of [decodeImage, probeImage, readImageHeader]) {
      const error = await refusal(read(claim, 'scene.png'));
      const details = { width: 15_000, height: 15_000, maxSide: IMAGE_LIMITS.maxSide };
      expect(error).toMatchObject({ code: 'IMAGE_TOO_LARGE', details });
      expect(error.message).toContain('15000×15000');
    }
  });

  it('reads a good image and refuses a truncated one', async () => {
    const png = await sharp({ create: { width: 40, height: 30, channels: 4, background: '#c86432' } })
      .png()
      .toBuffer();
    const info = { width: 40, height: 30, hasAlpha: true, format: 'png' };
    await expect(probeImage(png, 'ok.png')).resolves.toMatchObject(info);
    const error = await refusal(decodeImage(png.subarray(0, png.byteLength - 20), 'cut.png'));
    expect(error.code).toBe('IMAGE_CORRUPT');
  });
});
