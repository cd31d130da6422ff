import { SHADE_RADIUS } from '../graphs/parts.ts';
import type { Planar } from '../tensors.ts';
import { planar, resizeLinear } from './sampling.ts';
import { blur, pool } from './shadow.ts';

/** graphs/parts.ts `darken`: colour × keep, alpha kept. */
export function darkenReference(layer: Planar, keep: Planar): Planar {
  const n = layer.width * layer.height;
  const out = planar(layer.width, layer.height, 4, Float32Array.from(layer.data));
  for (let c = 0; c < 3; c++)
    for (let i = 0; i < n; i++) out.data[c * n + i] = (layer.data[c * n + i] as number) * (keep.data[i] as number);
  return out;
}

const clip01 = (v: number): number => Math.min(Math.max(v, 0), 1);

/** The pooled alpha correlated with the square kernel (zero padding). */
function correlate(pooled: Planar, kernel: Float32Array): Planar {
  const { width: w, height: h } = pooled;
  const r = SHADE_RADIUS;
  const side = 2 * r + 1;
  const out = planar(w, h, 1);
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
      out.data[y * w + x] = sum;
    }
  return out;
}

/** graphs/parts.ts `figureLight`: the light kept per pixel after contact darkening and directional shading. */
export function figureLightReference(
  x: { covered: Planar; alpha: Planar; behind: Planar; upper: Planar; lower: Planar },
  s: { contactKernel: Float32Array; contactStrength: number; shadeKernel: Float32Array; shadeStrength: number },
): Planar {
  const { width, height } = x.alpha;
  const blurred = (m: Planar): Planar => {
    const b = blur(blur(pool(m), s.contactKernel, true), s.contactKernel, false);
    for (let i = 0; i < b.data.length; i++) b.data[i] = clip01((b.data[i] as number) * s.contactStrength);
    return resizeLinear(b, width, height, 'half_pixel');
  };
  const turned = correlate(pool(x.alpha), s.shadeKernel);
  for (let i = 0; i < turned.data.length; i++)
    turned.data[i] = clip01(Math.max(0, turned.data[i] as number) * s.shadeStrength);
  const c = blurred(x.covered);
  const cu = blurred(x.upper);
  const shade = resizeLinear(turned, width, height, 'half_pixel');
  const keep = planar(width, height, 1);
  for (let i = 0; i < keep.data.length; i++) {
    const bare = (1 - Math.min(x.covered.data[i] as number, 1)) * (x.behind.data[i] as number);
    const lower = Math.min(x.lower.data[i] as number, 1) * (1 - (x.upper.data[i] as number));
    const contact = (c.data[i] as number) * bare + (cu.data[i] as number) * lower;
    keep.data[i] = (1 - contact) * (1 - (shade.data[i] as number));
  }
  return keep;
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
