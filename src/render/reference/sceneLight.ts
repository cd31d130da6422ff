import { SHADE_RADIUS } from '../graphs/parts.ts';
import type { Planar } from '../tensors.ts';
import { planar, resizeLinear } from './sampling.ts';
import { blur, pool } from './shadow.ts';

/** graphs/parts.ts `darken`: colour × (1 − density), alpha kept. */
export function darkenReference(layer: Planar, density: Planar): Planar {
  const n = layer.width * layer.height;
  const out = planar(layer.width, layer.height, 4, Float32Array.from(layer.data));
  for (let c = 0; c < 3; c++)
    for (let i = 0; i < n; i++)
      out.data[c * n + i] = (layer.data[c * n + i] as number) * (1 - (density.data[i] as number));
  return out;
}

function scaleClip(up: Planar, strength: number): Planar {
  for (let i = 0; i < up.data.length; i++) up.data[i] = Math.min(Math.max((up.data[i] as number) * strength, 0), 1);
  return up;
}

/** graphs/parts.ts `contactDensity`. */
export function contactDensityReference(alpha: Planar, kernel: Float32Array, strength: number): Planar {
  const blurred = blur(blur(pool(alpha), kernel, true), kernel, false);
  return scaleClip(resizeLinear(blurred, alpha.width, alpha.height, 'half_pixel'), strength);
}

/** graphs/parts.ts `shadeDensity`: the pooled alpha correlated with the square kernel (zero padding), clamped at 0. */
export function shadeDensityReference(alpha: Planar, kernel: Float32Array, strength: number): Planar {
  const pooled = pool(alpha);
  const { width: w, height: h } = pooled;
  const r = SHADE_RADIUS;
  const side = 2 * r + 1;
  const turned = planar(w, h, 1);
  for (let y = 0; y < h; y++)
    for (let x = 0; x < w; x++) {
      let sum = 0;
      for (let ky = 0; ky < side; ky++) {
        const yy = y + ky - r;
        if (yy < 0 || yy >= h) continue;
        for (let kx = 0; kx < side; kx++) {
          const xx = x + kx - r;
          if (xx >= 0 && xx < w) sum += (kernel[ky * side + kx] as number) * (pooled.data[yy * w + xx] as number);
        }
      }
      turned.data[y * w + x] = Math.max(0, sum);
    }
  return scaleClip(resizeLinear(turned, alpha.width, alpha.height, 'half_pixel'), strength);
}

/** Channels [from, to) of a planar image. */
export function channelsOf(img: Planar, from: number, to: number): Planar {
  const n = img.width * img.height;
  return planar(img.width, img.height, to - from, img.data.slice(from * n, to * n));
}

/** Planar images stacked along channels (the same size). */
export function stackChannels(a: Planar, b: Planar): Planar {
  const data = new Float32Array(a.data.length + b.data.length);
  data.set(a.data);
  data.set(b.data, a.data.length);
  return planar(a.width, a.height, a.channels + b.channels, data);
}

/** The model's scene-light inputs as the reference takes them: the front mask as floats in [0, 1]. */
export function sceneLightReference<T extends { front: { data: Uint8Array; width: number; height: number } }>(
  s: T,
): Omit<T, 'front'> & { front: Planar } {
  const { data, width, height } = s.front;
  return {
    ...s,
    front: planar(
      width,
      height,
      1,
      Float32Array.from(data, (v) => v / 255),
    ),
  };
}
