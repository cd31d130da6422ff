import { SHADOW_POOL } from '../graphs/parts.ts';
import type { Planar } from '../tensors.ts';
import { planar, resizeLinear } from './sampling.ts';

export interface ShadowParams {
  floorY: number;
  band: number;
  strength: number;
  kernelX: Float32Array;
  kernelY: Float32Array;
  /** The cast shadow, already placed at pooled size ([1,h,w] of the pooled frame), its strength and blur. */
  cast?: { placed: Planar; strength: number; kernel: Float32Array };
}

/** Average pool, window = stride = SHADOW_POOL, partial windows at the edges average what they hold. */
export function pool(img: Planar): Planar {
  const w = Math.ceil(img.width / SHADOW_POOL);
  const h = Math.ceil(img.height / SHADOW_POOL);
  const out = planar(w, h, 1);
  for (let y = 0; y < h; y++)
    for (let x = 0; x < w; x++) {
      let sum = 0;
      let count = 0;
      for (let yy = y * SHADOW_POOL; yy < Math.min((y + 1) * SHADOW_POOL, img.height); yy++)
        for (let xx = x * SHADOW_POOL; xx < Math.min((x + 1) * SHADOW_POOL, img.width); xx++) {
          sum += img.data[yy * img.width + xx] as number;
          count++;
        }
      out.data[y * w + x] = sum / count;
    }
  return out;
}

/** 1-D correlation along x or y with zero padding, kernel centred. */
export function blur(img: Planar, kernel: Float32Array, alongX: boolean): Planar {
  const r = (kernel.length - 1) / 2;
  const out = planar(img.width, img.height, 1);
  for (let y = 0; y < img.height; y++)
    for (let x = 0; x < img.width; x++) {
      let sum = 0;
      for (let t = 0; t < kernel.length; t++) {
        const xx = alongX ? x + t - r : x;
        const yy = alongX ? y : y + t - r;
        if (xx >= 0 && yy >= 0 && xx < img.width && yy < img.height)
          sum += (kernel[t] as number) * (img.data[yy * img.width + xx] as number);
      }
      out.data[y * img.width + x] = sum;
    }
  return out;
}

/** The shadow density in [0, 1] per pixel, [1,H,W]. */
export function shadowDensityReference(alpha: Planar, p: ShadowParams): Planar {
  const caster = planar(alpha.width, alpha.height, 1);
  for (let y = 0; y < alpha.height; y++) {
    const weight = Math.max(1 - Math.abs(y + 0.5 - p.floorY) / p.band, 0);
    for (let x = 0; x < alpha.width; x++)
      caster.data[y * alpha.width + x] = (alpha.data[y * alpha.width + x] as number) * weight;
  }
  const pooled = pool(caster);
  for (let i = 0; i < pooled.data.length; i++) pooled.data[i] = (pooled.data[i] as number) * p.strength;
  const blurred = blur(blur(pooled, p.kernelX, true), p.kernelY, false);
  if (p.cast) {
    const cast = planar(
      pooled.width,
      pooled.height,
      1,
      p.cast.placed.data.map((v) => v * (p.cast?.strength ?? 0)),
    );
    const castBlurred = blur(blur(cast, p.cast.kernel, true), p.cast.kernel, false);
    for (let i = 0; i < blurred.data.length; i++)
      blurred.data[i] = (blurred.data[i] as number) + (castBlurred.data[i] as number);
  }
  const up = resizeLinear(blurred, alpha.width, alpha.height, 'half_pixel');
  for (let i = 0; i < up.data.length; i++) up.data[i] = Math.min(Math.max(up.data[i] as number, 0), 1);
  return up;
}

/** The scene darkened by the contact shadow. */
export function shadowReference(scene: Planar, alpha: Planar, p: ShadowParams): Planar {
  const density = shadowDensityReference(alpha, p);
  const n = scene.width * scene.height;
  const out = planar(scene.width, scene.height, 3);
  for (let c = 0; c < 3; c++)
    for (let i = 0; i < n; i++)
      out.data[c * n + i] = (scene.data[c * n + i] as number) * (1 - (density.data[i] as number));
  return out;
}
