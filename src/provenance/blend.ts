/**
 * Straight-alpha "over" blending of RGBA layers onto RGBA pixels, in place. Done here rather than in
 * sharp because a full-size overlay through libvips costs ~27 ms at 1024×1536 and the tiled mark touches
 * only a fraction of the pixels: a sparse layer keeps the label inside its time budget.
 */

export interface SparseLayer {
  /** Pixel indices (y * width + x) where the layer has any alpha. */
  indices: Uint32Array;
  /** RGBA of those pixels, 4 bytes each, in the same order. */
  rgba: Uint8Array;
}

export interface RgbaBlock {
  data: Uint8Array;
  width: number;
  height: number;
}

function over(dst: Uint8Array, d: number, sr: number, sg: number, sb: number, sa: number): void {
  if (sa === 0) return;
  const da = dst[d + 3] as number;
  if (da === 255 || sa === 255) {
    const ia = 255 - sa;
    dst[d] = ((sr * sa + (dst[d] as number) * ia + 127) / 255) | 0;
    dst[d + 1] = ((sg * sa + (dst[d + 1] as number) * ia + 127) / 255) | 0;
    dst[d + 2] = ((sb * sa + (dst[d + 2] as number) * ia + 127) / 255) | 0;
    if (sa === 255) dst[d + 3] = 255;
    return;
  }
  const dw = (da * (255 - sa)) / 255;
  const oa = sa + dw;
  dst[d] = ((sr * sa + (dst[d] as number) * dw) / oa + 0.5) | 0;
  dst[d + 1] = ((sg * sa + (dst[d + 1] as number) * dw) / oa + 0.5) | 0;
  dst[d + 2] = ((sb * sa + (dst[d + 2] as number) * dw) / oa + 0.5) | 0;
  dst[d + 3] = (oa + 0.5) | 0;
}

export function toSparse(layer: RgbaBlock): SparseLayer {
  const count = layer.width * layer.height;
  let used = 0;
  for (let i = 0; i < count; i++) if ((layer.data[i * 4 + 3] as number) > 0) used++;
  const indices = new Uint32Array(used);
  const rgba = new Uint8Array(used * 4);
  let k = 0;
  for (let i = 0; i < count; i++) {
    if ((layer.data[i * 4 + 3] as number) === 0) continue;
    indices[k] = i;
    rgba.set(layer.data.subarray(i * 4, i * 4 + 4), k * 4);
    k++;
  }
  return { indices, rgba };
}

export function blendSparse(dst: Uint8Array, layer: SparseLayer): void {
  const { indices, rgba } = layer;
  for (let k = 0; k < indices.length; k++) {
    const s = k * 4;
    over(dst, (indices[k] as number) * 4, rgba[s] as number, rgba[s + 1] as number, rgba[s + 2] as number, rgba[s + 3] as number);
  }
}

/** Blends a block at (left, top); the caller has checked it lies inside the image. */
export function blendBlock(dst: Uint8Array, dstWidth: number, block: RgbaBlock, left: number, top: number): void {
  for (let y = 0; y < block.height; y++) {
    let s = y * block.width * 4;
    let d = ((top + y) * dstWidth + left) * 4;
    for (let x = 0; x < block.width; x++, s += 4, d += 4) {
      over(dst, d, block.data[s] as number, block.data[s + 1] as number, block.data[s + 2] as number, block.data[s + 3] as number);
    }
  }
}
