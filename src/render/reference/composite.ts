import type { Planar } from '../tensors.ts';
import { planar } from './sampling.ts';

/** Premultiplied "over": top + bottom · (1 − alpha(top)), per channel (bottom may be RGB or RGBA). */
export function overReference(top: Planar, bottom: Planar): Planar {
  const n = top.width * top.height;
  const out = planar(top.width, top.height, bottom.channels);
  for (let i = 0; i < n; i++) {
    const keep = 1 - (top.data[3 * n + i] as number);
    for (let c = 0; c < bottom.channels; c++)
      out.data[c * n + i] = (top.data[c * n + i] as number) + (bottom.data[c * n + i] as number) * keep;
  }
  return out;
}

/** Layers over the background in order (layers[0] lowest). */
export function compositeReference(background: Planar, layers: readonly Planar[]): Planar {
  return layers.reduce((acc, layer) => overReference(layer, acc), background);
}

/** Opaque RGBA from RGB. */
export function opaqueReference(rgb: Planar): Planar {
  const n = rgb.width * rgb.height;
  const out = planar(rgb.width, rgb.height, 4);
  out.data.set(rgb.data.subarray(0, 3 * n));
  out.data.fill(1, 3 * n);
  return out;
}
