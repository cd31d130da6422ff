// A naive TensorFlow interpreter for the graph ops src/onnx/tfjsGraph.ts converts, written from TF's definitions
// (NHWC, TF's padding and resize rules) in float64, to check the converted ONNX graphs against.
import type { TfGraphModel, TfNode } from '../../src/onnx/tfjsGraph.ts';

export interface RefTensor {
  dtype: 'float32' | 'int32';
  shape: number[];
  data: Float64Array;
}

export const tensor = (dtype: RefTensor['dtype'], shape: number[], values: ArrayLike<number>): RefTensor => ({
  dtype,
  shape,
  data: Float64Array.from(values),
});

const size = (shape: readonly number[]): number => shape.reduce((a, b) => a * b, 1);
const stridesOf = (shape: readonly number[]): number[] => {
  const s = new Array<number>(shape.length).fill(1);
  for (let i = shape.length - 2; i >= 0; i--) s[i] = (s[i + 1] as number) * (shape[i + 1] as number);
  return s;
};
const axisOf = (axis: number, rank: number): number => (axis < 0 ? axis + rank : axis);

function broadcast(a: RefTensor, b: RefTensor, f: (x: number, y: number) => number, dtype = a.dtype): RefTensor {
  const rank = Math.max(a.shape.length, b.shape.length);
  const pa = [...new Array<number>(rank - a.shape.length).fill(1), ...a.shape];
  const pb = [...new Array<number>(rank - b.shape.length).fill(1), ...b.shape];
  const shape = pa.map((d, i) => Math.max(d, pb[i] as number));
  const sa = stridesOf(pa);
  const sb = stridesOf(pb);
  const so = stridesOf(shape);
  const out = new Float64Array(size(shape));
  for (let i = 0; i < out.length; i++) {
    let ia = 0;
    let ib = 0;
    for (let d = 0; d < rank; d++) {
      const c = Math.floor(i / (so[d] as number)) % (shape[d] as number);
      if ((pa[d] as number) > 1) ia += c * (sa[d] as number);
      if ((pb[d] as number) > 1) ib += c * (sb[d] as number);
    }
    out[i] = f(a.data[ia] as number, b.data[ib] as number);
  }
  return { dtype, shape, data: out };
}

const round32 = (t: RefTensor): RefTensor =>
  t.dtype === 'int32' ? { ...t, data: t.data.map((v) => Math.trunc(v) | 0) } : t;

function concat(parts: RefTensor[], axisIn: number): RefTensor {
  const first = parts[0] as RefTensor;
  const axis = axisOf(axisIn, first.shape.length);
  const outer = size(first.shape.slice(0, axis));
  const shape = [...first.shape];
  shape[axis] = parts.reduce((n, p) => n + (p.shape[axis] as number), 0);
  const out = new Float64Array(size(shape));
  let at = 0;
  for (let o = 0; o < outer; o++)
    for (const p of parts) {
      const chunk = size(p.shape.slice(axis));
      out.set(p.data.subarray(o * chunk, (o + 1) * chunk), at);
      at += chunk;
    }
  return { dtype: first.dtype, shape, data: out };
}

function conv(
  x: RefTensor,
  filter: RefTensor,
  strides: number[],
  dilations: number[],
  padding: string,
  depthwise: boolean,
): RefTensor {
  const [n, h, w, c] = x.shape as [number, number, number, number];
  const [fh, fw, cin, last] = filter.shape as [number, number, number, number];
  const sy = strides[1] ?? 1;
  const sx = strides[2] ?? 1;
  const dy = dilations[1] ?? 1;
  const dx = dilations[2] ?? 1;
  const kh = (fh - 1) * dy + 1;
  const kw = (fw - 1) * dx + 1;
  const cout = depthwise ? cin * last : last;
  const oh = padding === 'SAME' ? Math.ceil(h / sy) : Math.floor((h - kh) / sy) + 1;
  const ow = padding === 'SAME' ? Math.ceil(w / sx) : Math.floor((w - kw) / sx) + 1;
  const padTop = padding === 'SAME' ? Math.floor(Math.max((oh - 1) * sy + kh - h, 0) / 2) : 0;
  const padLeft = padding === 'SAME' ? Math.floor(Math.max((ow - 1) * sx + kw - w, 0) / 2) : 0;
  const out = new Float64Array(n * oh * ow * cout);
  for (let b = 0; b < n; b++)
    for (let oy = 0; oy < oh; oy++)
      for (let ox = 0; ox < ow; ox++)
        for (let ky = 0; ky < fh; ky++) {
          const iy = oy * sy + ky * dy - padTop;
          if (iy < 0 || iy >= h) continue;
          for (let kx = 0; kx < fw; kx++) {
            const ix = ox * sx + kx * dx - padLeft;
            if (ix < 0 || ix >= w) continue;
            const xin = ((b * h + iy) * w + ix) * c;
            const fin = (ky * fw + kx) * cin;
            const o = ((b * oh + oy) * ow + ox) * cout;
            for (let i = 0; i < cin; i++) {
              const v = x.data[xin + i] as number;
              for (let m = 0; m < last; m++) {
                const f = filter.data[(fin + i) * last + m] as number;
                const oc = depthwise ? i * last + m : m;
                out[o + oc] = (out[o + oc] as number) + v * f;
              }
            }
          }
        }
  return { dtype: 'float32', shape: [n, oh, ow, cout], data: out };
}

function resizeBilinear(x: RefTensor, oh: number, ow: number, alignCorners: boolean, halfPixel: boolean): RefTensor {
  const [n, h, w, c] = x.shape as [number, number, number, number];
  const scale = (inSize: number, outSize: number): number =>
    alignCorners && outSize > 1 ? (inSize - 1) / (outSize - 1) : inSize / outSize;
  const src = (o: number, inSize: number, outSize: number): number =>
    halfPixel ? (o + 0.5) * scale(inSize, outSize) - 0.5 : o * scale(inSize, outSize);
  const out = new Float64Array(n * oh * ow * c);
  for (let b = 0; b < n; b++)
    for (let oy = 0; oy < oh; oy++) {
      const fy = src(oy, h, oh);
      const y0 = Math.max(Math.floor(fy), 0);
      const y1 = Math.min(Math.ceil(fy), h - 1);
      const ly = fy - Math.floor(fy);
      for (let ox = 0; ox < ow; ox++) {
        const fx = src(ox, w, ow);
        const x0 = Math.max(Math.floor(fx), 0);
        const x1 = Math.min(Math.ceil(fx), w - 1);
        const lx = fx - Math.floor(fx);
        for (let ch = 0; ch < c; ch++) {
          const at = (yy: number, xx: number): number => x.data[((b * h + yy) * w + xx) * c + ch] as number;
          const top = at(y0, x0) + (at(y0, x1) - at(y0, x0)) * lx;
          const bottom = at(y1, x0) + (at(y1, x1) - at(y1, x0)) * lx;
          out[((b * oh + oy) * ow + ox) * c + ch] = top + (bottom - top) * ly;
        }
      }
    }
  return { dtype: 'float32', shape: [n, oh, ow, c], data: out };
}

const str = (s: string | undefined): string => (s === undefined ? '' : Buffer.from(s, 'base64').toString('utf8'));

/** Runs the graph on `inputs` (Placeholder name → tensor) and returns the tensor named `output`. */
export function runTfGraph(model: TfGraphModel, inputs: Record<string, RefTensor>, output: string): RefTensor {
  const byName = new Map(model.nodes.map((n) => [n.name, n]));
  const memo = new Map<string, RefTensor[]>();
  const get = (ref: string): RefTensor => {
    const m = /^(.*):(\d+)$/.exec(ref);
    const name = m ? (m[1] as string) : ref;
    const index = m ? Number(m[2]) : 0;
    let outs = memo.get(name);
    if (!outs) {
      outs = evaluate(byName.get(name) as TfNode);
      memo.set(name, outs);
    }
    return outs[index] as RefTensor;
  };
  function evaluate(n: TfNode): RefTensor[] {
    const ins = n.inputs.filter((i) => !i.startsWith('^')).map((i) => () => get(i));
    const a = (i: number): RefTensor => (ins[i] as () => RefTensor)();
    const ints = (i: number): number[] => Array.from(a(i).data);
    const attrInt = (k: string): number => Number(n.attr[k]?.i ?? 0);
    const ofType = (t: RefTensor): RefTensor => round32(t);
    switch (n.op) {
      case 'Placeholder':
        return [inputs[n.name] as RefTensor];
      case 'Const': {
        const w = model.weights.get(n.name)!;
        return [{ dtype: w.dtype, shape: w.shape, data: Float64Array.from(w.data) }];
      }
      case 'Identity':
        return [a(0)];
      case 'Cast': {
        const to = n.attr.DstT?.type === 'DT_INT32' ? 'int32' : 'float32';
        return [round32({ ...a(0), dtype: to })];
      }
      case 'Unpack': {
        const x = a(0);
        const axis = axisOf(attrInt('axis'), x.shape.length);
        const parts: RefTensor[] = [];
        const outer = size(x.shape.slice(0, axis));
        const inner = size(x.shape.slice(axis + 1));
        const count = x.shape[axis] as number;
        for (let k = 0; k < count; k++) {
          const data = new Float64Array(outer * inner);
          for (let o = 0; o < outer; o++)
            data.set(x.data.subarray((o * count + k) * inner, (o * count + k + 1) * inner), o * inner);
          parts.push({ dtype: x.dtype, shape: x.shape.filter((_, d) => d !== axis), data });
        }
        return parts;
      }
      case 'Pack': {
        const parts = ins.map((_, i) => a(i));
        const rank = (parts[0] as RefTensor).shape.length + 1;
        const axis = axisOf(attrInt('axis'), rank);
        const lifted = parts.map((p) => ({ ...p, shape: [...p.shape.slice(0, axis), 1, ...p.shape.slice(axis)] }));
        return [concat(lifted, axis)];
      }
      case 'ExpandDims': {
        const x = a(0);
        const axis = axisOf(ints(1)[0] as number, x.shape.length + 1);
        return [{ ...x, shape: [...x.shape.slice(0, axis), 1, ...x.shape.slice(axis)] }];
      }
      case 'Squeeze': {
        const x = a(0);
        const axes = (n.attr.squeeze_dims?.list?.i ?? []).map((v) => axisOf(Number(v), x.shape.length));
        return [{ ...x, shape: x.shape.filter((d, i) => (axes.length > 0 ? !axes.includes(i) : d !== 1)) }];
      }
      case 'Reshape': {
        const x = a(0);
        const shape = ints(1);
        const known = shape.filter((d) => d !== -1).reduce((p, d) => p * d, 1);
        return [{ ...x, shape: shape.map((d) => (d === -1 ? x.data.length / known : d)) }];
      }
      case 'ConcatV2':
        return [
          concat(
            ins.slice(0, -1).map((_, i) => a(i)),
            ints(ins.length - 1)[0] as number,
          ),
        ];
      case 'AddV2':
      case 'Add':
        return [ofType(broadcast(a(0), a(1), (x, y) => x + y))];
      case 'Sub':
        return [ofType(broadcast(a(0), a(1), (x, y) => x - y))];
      case 'Mul':
        return [ofType(broadcast(a(0), a(1), (x, y) => x * y))];
      case 'RealDiv':
        return [broadcast(a(0), a(1), (x, y) => x / y)];
      case 'FloorDiv':
        return [broadcast(a(0), a(1), (x, y) => Math.floor(x / y))];
      case 'SquaredDifference':
        return [broadcast(a(0), a(1), (x, y) => (x - y) * (x - y))];
      case 'Sqrt':
        return [{ ...a(0), data: a(0).data.map(Math.sqrt) }];
      case 'Sigmoid':
        return [{ ...a(0), data: a(0).data.map((v) => 1 / (1 + Math.exp(-v))) }];
      case 'Relu':
        return [{ ...a(0), data: a(0).data.map((v) => Math.max(v, 0)) }];
      case 'Relu6':
        return [{ ...a(0), data: a(0).data.map((v) => Math.min(Math.max(v, 0), 6)) }];
      case 'ArgMax': {
        const x = a(0);
        const axis = axisOf(ints(1)[0] as number, x.shape.length);
        const outer = size(x.shape.slice(0, axis));
        const count = x.shape[axis] as number;
        const inner = size(x.shape.slice(axis + 1));
        const data = new Float64Array(outer * inner);
        for (let o = 0; o < outer; o++)
          for (let i = 0; i < inner; i++) {
            let best = 0;
            for (let k = 1; k < count; k++)
              if ((x.data[(o * count + k) * inner + i] as number) > (x.data[(o * count + best) * inner + i] as number))
                best = k;
            data[o * inner + i] = best;
          }
        return [{ dtype: 'int32', shape: x.shape.filter((_, d) => d !== axis), data }];
      }
      case 'GatherNd': {
        const params = a(0);
        const indices = a(1);
        const depth = indices.shape[indices.shape.length - 1] as number;
        const sliceShape = params.shape.slice(depth);
        const slice = size(sliceShape);
        const ps = stridesOf(params.shape);
        const count = indices.data.length / depth;
        const data = new Float64Array(count * slice);
        for (let k = 0; k < count; k++) {
          let at = 0;
          for (let d = 0; d < depth; d++) at += (indices.data[k * depth + d] as number) * (ps[d] as number);
          data.set(params.data.subarray(at, at + slice), k * slice);
        }
        return [{ dtype: params.dtype, shape: [...indices.shape.slice(0, -1), ...sliceShape], data }];
      }
      case 'ResizeBilinear': {
        const [oh, ow] = ints(1) as [number, number];
        return [resizeBilinear(a(0), oh, ow, n.attr.align_corners?.b === true, n.attr.half_pixel_centers?.b === true)];
      }
      case 'Conv2D':
      case '_FusedConv2D':
      case 'DepthwiseConv2dNative':
      case 'FusedDepthwiseConv2dNative': {
        const strides = (n.attr.strides?.list?.i ?? []).map(Number);
        const dilations = (n.attr.dilations?.list?.i ?? []).map(Number);
        let out = conv(a(0), a(1), strides, dilations, str(n.attr.padding?.s), n.op.includes('Depthwise'));
        const fused = (n.attr.fused_ops?.list?.s ?? []).map((s) => str(s));
        for (const f of fused) {
          if (f === 'BiasAdd') out = broadcast(out, a(2), (x, y) => x + y);
          else if (f === 'Relu') out = { ...out, data: out.data.map((v) => Math.max(v, 0)) };
          else if (f === 'Relu6') out = { ...out, data: out.data.map((v) => Math.min(Math.max(v, 0), 6)) };
          else throw new Error(`reference: fused ${f}`);
        }
        return [out];
      }
      default:
        throw new Error(`reference: no ${n.op}`);
    }
  }
  return get(output);
}
