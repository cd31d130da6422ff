/**
 * Straight-alpha "over" blending of RGBA layers onto RGBA pixels, in place. Done here rather than in
 * sharp because a full-size overlay through libvips costs ~27 ms at 1024×1536 and the tiled mark touches
 * only a fraction of the pixels: a sparse layer keeps the label inside its time budget.
 *
 * Over an opaque pixel (every rendered image is opaque) the blend is out = round((s·a + d·(255 − a)) / 255)
 * per channel, computed exactly in integers: floor(v / 255) = (v · 0x8081) >>> 23 for every v < 65 536.
 *
 * The stamp draws its label in the pixel kernel (kernel/kernel.wat blendSparse and blendBlock), which computes
 * exactly these blends; these functions are its reference and draw labels onto pixels outside the kernel.
 */

export interface SparseLayer {
  /** Pixel indices (y * width + x) where the layer has any alpha. */
  indices: Uint32Array;
  /** Per pixel: R·a + 127, G·a + 127, B·a + 127 (the rounded, premultiplied source). */
  premultiplied: Uint16Array;
  /** Per pixel: the straight RGBA, for blending over pixels that are not opaque. */
  rgba: Uint8Array;
}

export interface RgbaBlock {
  data: Uint8Array;
  width: number;
  height: number;
}

/** floor(v / 255) for 0 ≤ v < 65 536. */
export const div255 = (v: number): number => (v * 0x8081) >>> 23;

/** The general case: the destination pixel is itself partly transparent. */
function overTranslucent(dst: Uint8Array, d: number, sr: number, sg: number, sb: number, sa: number): void {
  const dw = ((dst[d + 3] as number) * (255 - sa)) / 255;
  const oa = sa + dw;
  dst[d] = ((sr * sa + (dst[d] as number) * dw) / oa + 0.5) | 0;
  dst[d + 1] = ((sg * sa + (dst[d + 1] as number) * dw) / oa + 0.5) | 0;
  dst[d + 2] = ((sb * sa + (dst[d + 2] as number) * dw) / oa + 0.5) | 0;
  dst[d + 3] = (oa + 0.5) | 0;
}

function over(dst: Uint8Array, d: number, sr: number, sg: number, sb: number, sa: number): void {
  if (sa === 0) return;
  const da = dst[d + 3] as number;
  if (da !== 255 && sa !== 255) {
    overTranslucent(dst, d, sr, sg, sb, sa);
    return;
  }
  const ia = 255 - sa;
  dst[d] = div255(sr * sa + (dst[d] as number) * ia + 127);
  dst[d + 1] = div255(sg * sa + (dst[d + 1] as number) * ia + 127);
  dst[d + 2] = div255(sb * sa + (dst[d + 2] as number) * ia + 127);
  if (sa === 255) dst[d + 3] = 255;
}

export function toSparse(layer: RgbaBlock): SparseLayer {
  const count = layer.width * layer.height;
  let used = 0;
  for (let i = 0; i < count; i++) if ((layer.data[i * 4 + 3] as number) > 0) used++;
  const indices = new Uint32Array(used);
  const premultiplied = new Uint16Array(used * 3);
  const rgba = new Uint8Array(used * 4);
  let k = 0;
  for (let i = 0; i < count; i++) {
    const a = layer.data[i * 4 + 3] as number;
    if (a === 0) continue;
    indices[k] = i;
    rgba.set(layer.data.subarray(i * 4, i * 4 + 4), k * 4);
    for (let c = 0; c < 3; c++) premultiplied[k * 3 + c] = (layer.data[i * 4 + c] as number) * a + 127;
    k++;
  }
  return { indices, premultiplied, rgba };
}

export function blendSparse(dst: Uint8Array, layer: SparseLayer): void {
  const { indices, premultiplied, rgba } = layer;
  for (let k = 0; k < indices.length; k++) {
    const d = (indices[k] as number) * 4;
    const sa = rgba[k * 4 + 3] as number;
    if ((dst[d + 3] as number) !== 255 && sa !== 255) {
      overTranslucent(dst, d, rgba[k * 4] as number, rgba[k * 4 + 1] as number, rgba[k * 4 + 2] as number, sa);
      continue;
    }
    const ia = 255 - sa;
    const s = k * 3;
    dst[d] = div255((premultiplied[s] as number) + (dst[d] as number) * ia);
    dst[d + 1] = div255((premultiplied[s + 1] as number) + (dst[d + 1] as number) * ia);
    dst[d + 2] = div255((premultiplied[s + 2] as number) + (dst[d + 2] as number) * ia);
    if (sa === 255) dst[d + 3] = 255;
  }
}

/** Blends a block at (left, top); the caller has checked it lies inside the image. */
export function blendBlock(dst: Uint8Array, dstWidth: number, block: RgbaBlock, left: number, top: number): void {
  const src = block.data;
  for (let y = 0; y < block.height; y++) {
    let s = y * block.width * 4;
    let d = ((top + y) * dstWidth + left) * 4;
    for (let x = 0; x < block.width; x++, s += 4, d += 4) {
      const sa = src[s + 3] as number;
      if (sa !== 0) over(dst, d, src[s] as number, src[s + 1] as number, src[s + 2] as number, sa);
    }
  }
}
