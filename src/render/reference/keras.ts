import type { KerasModel } from '../learned/tfjsLayers.ts';
import { weightOf } from '../learned/tfjsLayers.ts';

/**
 * The Keras layers the upscaler uses, run directly in NHWC on the TF.js weights (HWIO kernels), in
 * float64: an independent check of the NCHW ONNX conversion. Tiny inputs only.
 */
interface Nhwc {
  h: number;
  w: number;
  c: number;
  data: Float64Array;
}

function conv(
  x: Nhwc,
  kernel: { shape: number[]; data: Float32Array },
  bias: Float32Array | undefined,
  same: boolean,
): Nhwc {
  const [kh, kw, cin, cout] = kernel.shape as [number, number, number, number];
  const py = same ? (kh - 1) / 2 : 0;
  const px = same ? (kw - 1) / 2 : 0;
  const out: Nhwc = { h: x.h, w: x.w, c: cout, data: new Float64Array(x.h * x.w * cout) };
  for (let y = 0; y < x.h; y++)
    for (let xx = 0; xx < x.w; xx++)
      for (let o = 0; o < cout; o++) {
        let s = bias ? (bias[o] as number) : 0;
        for (let ky = 0; ky < kh; ky++) {
          const iy = y + ky - py;
          if (iy < 0 || iy >= x.h) continue;
          for (let kx = 0; kx < kw; kx++) {
            const ix = xx + kx - px;
            if (ix < 0 || ix >= x.w) continue;
            for (let i = 0; i < cin; i++)
              s +=
                (x.data[(iy * x.w + ix) * cin + i] as number) *
                (kernel.data[((ky * kw + kx) * cin + i) * cout + o] as number);
          }
        }
        out.data[(y * x.w + xx) * cout + o] = s;
      }
  return out;
}

/** Runs the model on RGB in [0, 1] given planar [3,H,W]; returns planar [3, sH, sW] in [0, 1]. */
export function kerasReference(
  model: KerasModel,
  rgb: Float32Array,
  width: number,
  height: number,
): { data: Float32Array; width: number; height: number } {
  const input: Nhwc = { h: height, w: width, c: 3, data: new Float64Array(width * height * 3) };
  for (let i = 0; i < width * height; i++)
    for (let c = 0; c < 3; c++) input.data[i * 3 + c] = (rgb[c * width * height + i] as number) * 255;
  const values = new Map<string, Nhwc>([[model.inputName, input]]);
  const relu = (x: Nhwc): Nhwc => ({ ...x, data: x.data.map((v) => Math.max(v, 0)) });
  for (const layer of model.layers) {
    if (layer.className === 'InputLayer') continue;
    const ins = layer.inputs.map((n) => values.get(n) as Nhwc);
    const x = ins[0] as Nhwc;
    const c = layer.config;
    let out: Nhwc;
    if (layer.className === 'Conv2D') {
      out = conv(
        x,
        weightOf(model, `${layer.name}/kernel`),
        c.use_bias ? weightOf(model, `${layer.name}/bias`).data : undefined,
        c.padding === 'same',
      );
      if (c.activation === 'relu') out = relu(out);
    } else if (layer.className === 'Activation') out = relu(x);
    else if (layer.className === 'Add')
      out = { ...x, data: x.data.map((v, i) => ins.reduce((s, t, k) => (k === 0 ? s : s + (t.data[i] as number)), v)) };
    else if (layer.className === 'Concatenate') {
      const cTotal = ins.reduce((s, t) => s + t.c, 0);
      out = { h: x.h, w: x.w, c: cTotal, data: new Float64Array(x.h * x.w * cTotal) };
      for (let p = 0; p < x.h * x.w; p++) {
        let at = 0;
        for (const t of ins) for (let k = 0; k < t.c; k++) out.data[p * cTotal + at++] = t.data[p * t.c + k] as number;
      }
    } else if (layer.className === 'UpSampling2D') {
      const [sy, sx] = c.size as [number, number];
      out = { h: x.h * sy, w: x.w * sx, c: x.c, data: new Float64Array(x.h * sy * x.w * sx * x.c) };
      for (let y = 0; y < out.h; y++)
        for (let xx = 0; xx < out.w; xx++)
          for (let k = 0; k < x.c; k++)
            out.data[(y * out.w + xx) * x.c + k] = x.data[
              (Math.floor(y / sy) * x.w + Math.floor(xx / sx)) * x.c + k
            ] as number;
    } else throw new Error(`reference: ${layer.className} not handled`);
    values.set(layer.name, out);
  }
  const y = values.get(model.outputName) as Nhwc;
  const data = new Float32Array(y.h * y.w * 3);
  for (let p = 0; p < y.h * y.w; p++)
    for (let c = 0; c < 3; c++) data[c * y.h * y.w + p] = Math.min(Math.max((y.data[p * 3 + c] as number) / 255, 0), 1);
  return { data, width: y.w, height: y.h };
}
