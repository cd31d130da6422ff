import type { Planar } from '../tensors.ts';

/**
 * Plain-TS versions of the ONNX sampling ops, in float64, written from the ONNX operator spec:
 * GridSample (bilinear, zeros padding, align_corners = 0) and Resize (linear) with the two
 * coordinate transforms the graphs use.
 */

export function planar(
  width: number,
  height: number,
  channels: number,
  data = new Float32Array(width * height * channels),
): Planar {
  return { data, width, height, channels };
}

/** Bilinear read at continuous pixel-index coordinates (x, y); taps outside the image read 0. */
export function bilinearZeros(img: Planar, c: number, x: number, y: number): number {
  const x0 = Math.floor(x);
  const y0 = Math.floor(y);
  const fx = x - x0;
  const fy = y - y0;
  const base = c * img.width * img.height;
  const at = (xi: number, yi: number): number =>
    xi < 0 || yi < 0 || xi >= img.width || yi >= img.height ? 0 : (img.data[base + yi * img.width + xi] as number);
  return (
    at(x0, y0) * (1 - fx) * (1 - fy) +
    at(x0 + 1, y0) * fx * (1 - fy) +
    at(x0, y0 + 1) * (1 - fx) * fy +
    at(x0 + 1, y0 + 1) * fx * fy
  );
}

/** GridSample at normalised (gx, gy) in [−1, 1], align_corners = 0. */
export function gridSampleAt(img: Planar, c: number, gx: number, gy: number): number {
  return bilinearZeros(img, c, ((gx + 1) * img.width - 1) / 2, ((gy + 1) * img.height - 1) / 2);
}

export type CoordinateMode = 'align_corners' | 'half_pixel';

function sourceCoord(out: number, outSize: number, inSize: number, mode: CoordinateMode): number {
  if (mode === 'align_corners') return outSize === 1 ? 0 : (out * (inSize - 1)) / (outSize - 1);
  const x = (out + 0.5) * (inSize / outSize) - 0.5;
  return Math.min(Math.max(x, 0), inSize - 1);
}

/** Resize, mode linear, of every channel to outW × outH (edge taps clamp to the border). */
export function resizeLinear(img: Planar, outW: number, outH: number, mode: CoordinateMode): Planar {
  const out = planar(outW, outH, img.channels);
  for (let c = 0; c < img.channels; c++) {
    const base = c * img.width * img.height;
    for (let y = 0; y < outH; y++) {
      const sy = sourceCoord(y, outH, img.height, mode);
      const y0 = Math.floor(sy);
      const y1 = Math.min(y0 + 1, img.height - 1);
      const fy = sy - y0;
      for (let x = 0; x < outW; x++) {
        const sx = sourceCoord(x, outW, img.width, mode);
        const x0 = Math.floor(sx);
        const x1 = Math.min(x0 + 1, img.width - 1);
        const fx = sx - x0;
        const at = (xi: number, yi: number): number => img.data[base + yi * img.width + xi] as number;
        out.data[c * outW * outH + y * outW + x] =
          (at(x0, y0) * (1 - fx) + at(x1, y0) * fx) * (1 - fy) + (at(x0, y1) * (1 - fx) + at(x1, y1) * fx) * fy;
      }
    }
  }
  return out;
}
