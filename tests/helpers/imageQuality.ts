import { resizeLinear } from '../../src/render/reference/sampling.ts';
import { rgbToPlanar } from '../../src/render/tensors.ts';

/** An RGBA image as the render pipeline returns it. */
export interface RgbaImage {
  rgba: Uint8Array;
  width: number;
  height: number;
}

function sameSize(a: RgbaImage, b: RgbaImage): void {
  if (a.width !== b.width || a.height !== b.height)
    throw new Error(`image sizes differ: ${a.width}×${a.height} vs ${b.width}×${b.height}`);
}

/** Peak signal-to-noise ratio over the RGB channels, in dB (8-bit peak). */
export function psnr(a: RgbaImage, b: RgbaImage): number {
  sameSize(a, b);
  let sum = 0;
  for (let p = 0; p < a.rgba.length; p += 4)
    for (let c = 0; c < 3; c++) sum += ((a.rgba[p + c] as number) - (b.rgba[p + c] as number)) ** 2;
  const mse = sum / (3 * a.width * a.height);
  return mse === 0 ? Infinity : 10 * Math.log10((255 * 255) / mse);
}

function luma(img: RgbaImage): Float64Array {
  const out = new Float64Array(img.width * img.height);
  for (let i = 0, p = 0; i < out.length; i++, p += 4)
    out[i] =
      0.299 * (img.rgba[p] as number) + 0.587 * (img.rgba[p + 1] as number) + 0.114 * (img.rgba[p + 2] as number);
  return out;
}

/** Mean SSIM of the luma over 8×8 windows at a stride of 4 (uniform weights, the usual K1/K2 constants). */
export function ssim(a: RgbaImage, b: RgbaImage): number {
  sameSize(a, b);
  const x = luma(a);
  const y = luma(b);
  const c1 = (0.01 * 255) ** 2;
  const c2 = (0.03 * 255) ** 2;
  const win = 8;
  let total = 0;
  let count = 0;
  for (let wy = 0; wy + win <= a.height; wy += 4)
    for (let wx = 0; wx + win <= a.width; wx += 4) {
      let sx = 0,
        sy = 0,
        sxx = 0,
        syy = 0,
        sxy = 0;
      for (let j = 0; j < win; j++)
        for (let i = 0; i < win; i++) {
          const k = (wy + j) * a.width + wx + i;
          const u = x[k] as number;
          const v = y[k] as number;
          sx += u;
          sy += v;
          sxx += u * u;
          syy += v * v;
          sxy += u * v;
        }
      const n = win * win;
      const mx = sx / n;
      const my = sy / n;
      const vx = sxx / n - mx * mx;
      const vy = syy / n - my * my;
      const cov = sxy / n - mx * my;
      total += ((2 * mx * my + c1) * (2 * cov + c2)) / ((mx * mx + my * my + c1) * (vx + vy + c2));
      count++;
    }
  return total / count;
}

/** A plain bilinear (half-pixel) enlargement to width×height: the baseline a learned upscaler should beat. */
export function bilinearResize(img: RgbaImage, width: number, height: number): RgbaImage {
  const planar = rgbToPlanar(img.rgba, img.width, img.height, 4);
  const big = resizeLinear(planar, width, height, 'half_pixel');
  const n = width * height;
  const out = new Uint8ClampedArray(4 * n);
  for (let i = 0; i < n; i++) {
    out[4 * i] = (big.data[i] as number) * 255;
    out[4 * i + 1] = (big.data[n + i] as number) * 255;
    out[4 * i + 2] = (big.data[2 * n + i] as number) * 255;
    out[4 * i + 3] = 255;
  }
  return { rgba: new Uint8Array(out.buffer), width, height };
}
