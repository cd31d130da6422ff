import { readFile } from 'node:fs/promises';
import { describe, expect, it } from 'vitest';
import { generateKernelModule, kernelPath, WASM_KERNELS } from '../../tools/build/wasmKernels.ts';
import { addMark, addMarkReference } from '../../src/provenance/watermark/fullResolution.ts';
import { amplitudeMap, amplitudeMapReference } from '../../src/provenance/watermark/embed.ts';
import { luminanceBinned, workSize } from '../../src/provenance/watermark/raster.ts';
import { WORK_SHORT_SIDE } from '../../src/provenance/watermark/params.ts';
import { embedWatermark } from '../../src/provenance/watermark/index.ts';
import { layOut, pixelKernel, withResidentImage } from '../../src/provenance/kernel/kernel.ts';
import { createLabelRenderer } from '../../src/provenance/label.ts';

/** Deterministic pseudo-random numbers (xorshift32). */
function randoms(seed: number): () => number {
  let s = seed >>> 0 || 1;
  return () => {
    s ^= s << 13;
    s >>>= 0;
    s ^= s >>> 17;
    s ^= s << 5;
    s >>>= 0;
    return s / 2 ** 32;
  };
}

/** Pixels with saturated patches (0 and 255 in every channel), where the add must clamp. */
function pixels(width: number, height: number, channels: number, seed: number): Uint8Array {
  const next = randoms(seed);
  const out = new Uint8Array(width * height * channels);
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      const patch = ((x >> 5) + (y >> 5)) % 4;
      for (let c = 0; c < channels; c++)
        out[(y * width + x) * channels + c] =
          c === 3 ? 200 : patch === 0 ? 0 : patch === 1 ? 255 : Math.floor(next() * 256);
    }
  }
  return out;
}

/** A work-scale mark like the embedder's: ± a few grey levels, some cells large enough to cap the gain. */
function workMark(width: number, height: number, seed: number, scale: number) {
  const work = workSize(width, height, WORK_SHORT_SIDE);
  const next = randoms(seed);
  const mark = new Float32Array(work.width * work.height).map(() => (next() * 2 - 1) * scale);
  return { mark, work };
}

describe('the pixel kernel (kernel.wat)', () => {
  it('is committed exactly as npm run wasm:build generates it', async () => {
    for (const kernel of WASM_KERNELS)
      expect(await readFile(kernelPath(kernel.generated), 'utf8'), kernel.generated).toBe(
        await generateKernelModule(kernel),
      );
  });

  // 1001 wide: rows end in a 1-pixel tail after the SIMD groups.
  it.each([
    { width: 1001, height: 1200, channels: 4, scale: 3 },
    { width: 1024, height: 1536, channels: 4, scale: 9 },
    { width: 643, height: 402, channels: 3, scale: 3 },
    { width: 300, height: 200, channels: 4, scale: 2 },
  ])(
    'adds the mark to $width×$height×$channels pixels exactly as the TypeScript reference (scale $scale)',
    ({ width, height, channels, scale }) => {
      const { mark, work } = workMark(width, height, width, scale);
      const kernel = pixels(width, height, channels, height);
      const reference = Uint8Array.from(kernel);
      const before = Uint8Array.from(kernel);
      if (channels === 4) withResidentImage(kernel, (pixels) => addMark(pixels, channels, width, height, mark, work));
      else addMark(kernel, channels, width, height, mark, work);
      addMarkReference(reference, channels, width, height, mark, work);
      expect(Buffer.from(kernel).equals(Buffer.from(reference))).toBe(true);
      // The mark changed pixels, and clamped rather than wrapped in the saturated patches.
      let changed = 0;
      let wrapped = 0;
      let alphaTouched = 0;
      for (let i = 0; i < kernel.length; i++) {
        if (kernel[i] !== before[i]) changed++;
        if (channels === 4 && i % 4 === 3) alphaTouched += kernel[i] === 200 ? 0 : 1;
        else if ((before[i] === 0 && kernel[i]! > 64) || (before[i] === 255 && kernel[i]! < 192)) wrapped++;
      }
      expect({ wrapped, alphaTouched }).toEqual({ wrapped: 0, alphaTouched: 0 });
      expect(changed).toBeGreaterThan(kernel.length / 4);
    },
  );

  // 1001 wide: a 1-column tail after the SIMD groups. Alpha must not count.
  it.each([
    { width: 1001, height: 1200 },
    { width: 1024, height: 1536 },
    { width: 643, height: 402 },
  ])(
    'bins the luma of $width×$height RGBA pixels exactly as the TypeScript sums of the same RGB pixels',
    ({ width, height }) => {
      const rgba = pixels(width, height, 4, width + height);
      for (let i = 3; i < rgba.length; i += 4) rgba[i] = i % 7 === 3 ? 0 : 255;
      const rgb = new Uint8Array(width * height * 3);
      for (let p = 0; p < width * height; p++) rgb.set(rgba.subarray(p * 4, p * 4 + 3), p * 3);
      const work = workSize(width, height, WORK_SHORT_SIDE);
      const kernel = withResidentImage(rgba, (pixels) =>
        luminanceBinned({ data: pixels, width, height, channels: 4 }, work.width, work.height),
      );
      const reference = luminanceBinned({ data: rgb, width, height, channels: 3 }, work.width, work.height);
      expect(Buffer.from(kernel.data.buffer).equals(Buffer.from(reference.data.buffer))).toBe(true);
      expect(new Set(kernel.data).size).toBeGreaterThan(100);
    },
  );

  // 257 wide: the column minimum ends in a 1-float tail after its SIMD groups; 7×5 and 1×9: windows clipped on
  // every side. Textured and flat regions both, so the mask's floor and its cap are reached.
  it.each([
    { width: 256, height: 384 },
    { width: 257, height: 131 },
    { width: 7, height: 5 },
    { width: 1, height: 9 },
  ])('computes the same amplitude map as the reference on a $width×$height work plane', ({ width, height }) => {
    const next = randoms(width * height);
    const plane = {
      data: new Float32Array(width * height).map((_, i) => (i % width < width / 2 ? 128 : next() * 255)),
      width,
      height,
    };
    const got = amplitudeMap(plane);
    const reference = amplitudeMapReference(plane);
    expect(Buffer.from(got.buffer).equals(Buffer.from(reference.buffer))).toBe(true);
    if (width >= 8) expect(new Set(got).size).toBeGreaterThan(2);
  });

  // 1001 × 1203: rows and the plate end in a tail after the SIMD groups. Translucent pixels take the general blend.
  it.each([
    { width: 1024, height: 1536, translucent: false, corner: 'top-left', proofMark: true },
    { width: 1001, height: 1203, translucent: true, corner: 'bottom-right', proofMark: true },
    { width: 640, height: 480, translucent: false, corner: 'top-right', proofMark: false },
  ] as const)(
    'draws the label ($corner, proof mark $proofMark) on a resident $width×$height image exactly as in TypeScript (translucent pixels: $translucent)',
    async ({ width, height, translucent, corner, proofMark }) => {
      const base = pixels(width, height, 4, width);
      for (let i = 3; i < base.length; i += 4) base[i] = translucent && i % 20 === 3 ? (i * 7) & 255 : 255;
      const label = await createLabelRenderer().prepare(width, height, {
        displayName: 'Ava Synthetic',
        code: '4567-89AB-CDEF',
      });
      const payload = 0x0123456789abn;
      const plain = Uint8Array.from(base);
      label.draw(plain, { corner, proofMark });
      embedWatermark({ data: plain, width, height, channels: 4 }, payload, { inPlace: true });
      const resident = Uint8Array.from(base);
      withResidentImage(resident, (view) => {
        expect(view.buffer).toBe(pixelKernel().memory.buffer);
        label.draw(view, { corner, proofMark });
        embedWatermark({ data: view, width, height, channels: 4 }, payload, { inPlace: true });
      });
      expect(Buffer.from(resident).equals(Buffer.from(plain))).toBe(true);
      expect(Buffer.from(resident).equals(Buffer.from(base))).toBe(false);
    },
  );

  it('keeps a resident image whole: no nesting, and no pass may grow the memory under it', () => {
    const image = new Uint8Array(64 * 64 * 4).fill(7);
    expect(() => withResidentImage(image, () => withResidentImage(image, () => 0))).toThrow(
      expect.objectContaining({ code: 'BUG' }),
    );
    expect(() =>
      withResidentImage(image, () => layOut(pixelKernel(), [pixelKernel().memory.buffer.byteLength])),
    ).toThrow(expect.objectContaining({ code: 'BUG' }));
    // Outside a resident image the same request simply grows the memory.
    const before = pixelKernel().memory.buffer.byteLength;
    layOut(pixelKernel(), [before + 1]);
    expect(pixelKernel().memory.buffer.byteLength).toBeGreaterThan(before);
    expect(withResidentImage(image, (view) => (view.fill(9), 'done'))).toBe('done');
    expect(image.every((v) => v === 9)).toBe(true);
  });
});
