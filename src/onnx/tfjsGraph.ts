import { StudioError } from '../errors/index.ts';
import { type Dim, type DType, type Graph, type Value, createGraph } from './builder.ts';
import { type TfjsTensor, type TfjsWeightGroup, decodeTfjsWeights } from './tfjsWeights.ts';

/**
 * TF.js "graph" models (model.json with a GraphDef `modelTopology` + weight shards) to ONNX. Every op keeps
 * TensorFlow's semantics and layout (NHWC); convolutions and resizes, which ONNX only has in NCHW, are wrapped in a
 * pair of Transposes, which onnxruntime's transpose optimiser cancels between neighbours. Only the ops below are
 * converted; anything else is refused by name, so a new model fails at `npm run models:build`, never at run time.
 */

/** One attribute of a GraphDef node as TF.js serialises it. */
export interface TfAttr {
  i?: string | number;
  f?: number;
  b?: boolean;
  s?: string;
  type?: string;
  list?: { i?: (string | number)[]; s?: string[]; f?: number[] };
  shape?: unknown;
  tensor?: unknown;
}

export interface TfNode {
  name: string;
  op: string;
  /** Inputs as GraphDef writes them: `node`, `node:1` (second output), `^node` (control edge, ignored). */
  inputs: string[];
  attr: Record<string, TfAttr>;
}

export interface TfGraphModel {
  nodes: TfNode[];
  /** The Const nodes' values, by node name. */
  weights: Map<string, TfjsTensor>;
}

interface GraphModelJson {
  format?: string;
  modelTopology?: { node?: { name: string; op: string; input?: string[]; attr?: Record<string, TfAttr> }[] };
  weightsManifest?: TfjsWeightGroup[];
}

export const CONVERTED_TF_OPS = [
  'Placeholder',
  'Const',
  'Identity',
  'Cast',
  'Unpack',
  'Pack',
  'ExpandDims',
  'Squeeze',
  'Reshape',
  'ConcatV2',
  'AddV2',
  'Add',
  'Sub',
  'Mul',
  'RealDiv',
  'FloorDiv',
  'SquaredDifference',
  'Sqrt',
  'Sigmoid',
  'Relu',
  'Relu6',
  'ArgMax',
  'GatherNd',
  'ResizeBilinear',
  'Conv2D',
  '_FusedConv2D',
  'DepthwiseConv2dNative',
  'FusedDepthwiseConv2dNative',
] as const;

function refuse(message: string, details: Record<string, unknown> = {}): StudioError {
  return new StudioError('MODEL_CONVERSION_UNSUPPORTED', message, details);
}

/** `readShard(path)` returns the bytes of one shard named in the manifest. */
export function parseTfjsGraphModel(json: unknown, readShard: (path: string) => Uint8Array): TfGraphModel {
  const m = json as GraphModelJson;
  const nodes = m.modelTopology?.node;
  if (m.format !== 'graph-model' || !Array.isArray(nodes) || !m.weightsManifest) {
    throw refuse('Expected a TF.js graph model (format "graph-model", modelTopology.node, weightsManifest), got none');
  }
  return {
    nodes: nodes.map((n) => ({ name: n.name, op: n.op, inputs: n.input ?? [], attr: n.attr ?? {} })),
    weights: decodeTfjsWeights(m.weightsManifest, readShard),
  };
}

/** The distinct ops of a graph with their counts, in order of first use. */
export function tfOpCounts(model: TfGraphModel): Map<string, number> {
  const counts = new Map<string, number>();
  for (const n of model.nodes) counts.set(n.op, (counts.get(n.op) ?? 0) + 1);
  return counts;
}

export interface GraphPort {
  /** The TF node (Placeholder for inputs). */
  tf: string;
  /** The ONNX name. */
  name: string;
  dtype: DType;
  dims: readonly Dim[];
}

export interface TfGraphToOnnxOptions {
  id: string;
  doc: string;
  inputs: readonly GraphPort[];
  outputs: readonly GraphPort[];
}

const ONNX_TYPE: Readonly<Record<string, number>> = {
  DT_FLOAT: 1,
  DT_UINT8: 2,
  DT_INT8: 3,
  DT_INT32: 6,
  DT_INT64: 7,
  DT_BOOL: 9,
  DT_DOUBLE: 11,
};
const ONNX_INT64 = 7;
const ONNX_INT32 = 6;
const ONNX_DOUBLE = 11;

const intOf = (a: TfAttr | undefined, fallback: number): number => (a?.i === undefined ? fallback : Number(a.i));
const intsOf = (a: TfAttr | undefined): number[] => (a?.list?.i ?? []).map(Number);
const stringOf = (a: TfAttr | undefined): string | undefined =>
  a?.s === undefined ? undefined : Buffer.from(a.s, 'base64').toString('utf8');
const stringsOf = (a: TfAttr | undefined): string[] =>
  (a?.list?.s ?? []).map((s) => Buffer.from(s, 'base64').toString('utf8'));

const NHWC_TO_NCHW = [0, 3, 1, 2];
const NCHW_TO_NHWC = [0, 2, 3, 1];

export function tfGraphToOnnx(model: TfGraphModel, options: TfGraphToOnnxOptions): Uint8Array {
  const g = createGraph(options.id);
  const byName = new Map(model.nodes.map((n) => [n.name, n]));
  const converted = new Map<string, Value[]>();
  const inputPorts = new Map(options.inputs.map((p) => [p.tf, p]));

  const split = (ref: string): { node: string; index: number } => {
    const at = ref.lastIndexOf(':');
    return at > 0 && /^\d+$/.test(ref.slice(at + 1))
      ? { node: ref.slice(0, at), index: Number(ref.slice(at + 1)) }
      : { node: ref, index: 0 };
  };
  const dataInputs = (n: TfNode): string[] => n.inputs.filter((i) => !i.startsWith('^'));

  /** The value a Const node holds, for inputs that ONNX wants as attributes or int64 shapes. */
  function constOf(ref: string, consumer: TfNode): TfjsTensor {
    const { node } = split(ref);
    const source = byName.get(node);
    const w = source?.op === 'Const' ? model.weights.get(node) : undefined;
    if (!w)
      throw refuse(`Node ${consumer.name} (${consumer.op}) needs ${ref} to be a constant, and it is not`, {
        node: consumer.name,
      });
    return w;
  }
  const constInts = (ref: string, consumer: TfNode): number[] => Array.from(constOf(ref, consumer).data);

  function value(ref: string): Value {
    const { node, index } = split(ref);
    const outs = converted.get(node) ?? convert(node);
    const v = outs[index];
    if (!v) throw refuse(`Node ${node} has no output ${index}`, { node });
    return v;
  }

  const toNchw = (v: Value): Value => g.op('Transpose', [v], { perm: NHWC_TO_NCHW });
  const toNhwc = (v: Value): Value => g.op('Transpose', [v], { perm: NCHW_TO_NHWC });

  function convert(name: string): Value[] {
    const n = byName.get(name);
    if (!n) throw refuse(`The graph reads a node named ${name}, which it does not hold`, { node: name });
    converted.set(name, []); // a cycle reads an empty list and fails by name
    const outs = convertNode(n);
    converted.set(name, outs);
    return outs;
  }

  function convertNode(n: TfNode): Value[] {
    const ins = dataInputs(n);
    const x = (i: number): Value => value(ins[i] as string);
    const binary = (op: string): Value[] => [g.op(op, [x(0), x(1)])];
    switch (n.op) {
      case 'Placeholder': {
        const port = inputPorts.get(n.name);
        if (!port) throw refuse(`The graph input ${n.name} has no ONNX name given`, { node: n.name });
        return [g.input(port.name, port.dtype, port.dims)];
      }
      case 'Const': {
        const w = model.weights.get(n.name);
        if (!w) throw refuse(`Const ${n.name} has no value in the weight shards`, { node: n.name });
        return [g.constant(w.data, w.shape, w.dtype, n.name)];
      }
      case 'Identity':
        return [x(0)];
      case 'Cast': {
        const to = ONNX_TYPE[n.attr.DstT?.type ?? ''];
        if (to === undefined) throw refuse(`Cast ${n.name}: cannot cast to ${n.attr.DstT?.type}`, { node: n.name });
        return [g.op('Cast', [x(0)], { to })];
      }
      case 'Unpack': {
        const axis = intOf(n.attr.axis, 0);
        const num = intOf(n.attr.num, 1);
        const parts = num === 1 ? [x(0)] : g.opMulti('Split', [x(0)], { axis }, { outputs: num });
        return parts.map((p) => g.op('Squeeze', [p, g.ints([axis])]));
      }
      case 'Pack': {
        const axis = intOf(n.attr.axis, 0);
        const parts = ins.map((_, i) => g.op('Unsqueeze', [x(i), g.ints([axis])]));
        return [parts.length === 1 ? (parts[0] as Value) : g.op('Concat', parts, { axis })];
      }
      case 'ExpandDims':
        return [g.op('Unsqueeze', [x(0), g.ints(constInts(ins[1] as string, n))])];
      case 'Squeeze': {
        const axes = intsOf(n.attr.squeeze_dims);
        return [g.op('Squeeze', axes.length > 0 ? [x(0), g.ints(axes)] : [x(0)])];
      }
      case 'Reshape': {
        const shape = constInts(ins[1] as string, n);
        // TF's 0 is an empty dimension; ONNX's 0 copies the input's unless allowzero is set.
        return [g.op('Reshape', [x(0), g.ints(shape)], shape.includes(0) ? { allowzero: 1 } : {})];
      }
      case 'ConcatV2': {
        const axis = constInts(ins[ins.length - 1] as string, n)[0] as number;
        return [
          g.op(
            'Concat',
            ins.slice(0, -1).map((_, i) => x(i)),
            { axis },
          ),
        ];
      }
      case 'AddV2':
      case 'Add':
        return binary('Add');
      case 'Sub':
        return binary('Sub');
      case 'Mul':
        return binary('Mul');
      case 'RealDiv':
        return binary('Div');
      case 'FloorDiv':
        return [floorDiv(g, x(0), x(1), n.attr.T?.type ?? 'DT_FLOAT')];
      case 'SquaredDifference': {
        const d = g.op('Sub', [x(0), x(1)]);
        return [g.op('Mul', [d, d])];
      }
      case 'Sqrt':
        return [g.op('Sqrt', [x(0)])];
      case 'Sigmoid':
        return [g.op('Sigmoid', [x(0)])];
      case 'Relu':
        return [g.op('Relu', [x(0)])];
      case 'Relu6':
        return [relu6(g, x(0))];
      case 'ArgMax': {
        const axis = constInts(ins[1] as string, n)[0] as number;
        const index = g.op('ArgMax', [x(0)], { axis, keepdims: 0 });
        return [n.attr.output_type?.type === 'DT_INT32' ? g.op('Cast', [index], { to: ONNX_INT32 }) : index];
      }
      case 'GatherNd':
        return [g.op('GatherND', [x(0), g.op('Cast', [x(1)], { to: ONNX_INT64 })])];
      case 'ResizeBilinear':
        return [resizeBilinear(n, x(0), constInts(ins[1] as string, n))];
      case 'Conv2D':
      case '_FusedConv2D':
      case 'DepthwiseConv2dNative':
      case 'FusedDepthwiseConv2dNative':
        return [conv(n, x(0), ins)];
      default:
        throw refuse(`Node ${n.name} is a ${n.op}, which the converter does not handle`, {
          node: n.name,
          op: n.op,
        });
    }
  }

  function resizeBilinear(n: TfNode, input: Value, size: number[]): Value {
    const alignCorners = n.attr.align_corners?.b === true;
    const halfPixel = n.attr.half_pixel_centers?.b === true;
    const mode = alignCorners ? 'align_corners' : halfPixel ? 'half_pixel' : 'asymmetric';
    const nchw = toNchw(input);
    const batchAndChannels = g.op('Slice', [g.op('Shape', [nchw]), g.ints([0]), g.ints([2])]);
    const sizes = g.op('Concat', [batchAndChannels, g.ints(size)], { axis: 0 });
    return toNhwc(g.op('Resize', [nchw, '', '', sizes], { mode: 'linear', coordinate_transformation_mode: mode }));
  }

  function conv(n: TfNode, input: Value, ins: string[]): Value {
    const format = stringOf(n.attr.data_format) ?? 'NHWC';
    if (format !== 'NHWC') throw refuse(`${n.op} ${n.name}: only NHWC is converted, got ${format}`, { node: n.name });
    const padding = stringOf(n.attr.padding) ?? 'VALID';
    if (padding !== 'SAME' && padding !== 'VALID')
      throw refuse(`${n.op} ${n.name}: only SAME and VALID padding are converted, got ${padding}`, { node: n.name });
    const [, sy, sx] = intsOf(n.attr.strides);
    const [, dy, dx] = intsOf(n.attr.dilations);
    const filter = constOf(ins[1] as string, n);
    if (filter.dtype !== 'float32' || filter.shape.length !== 4)
      throw refuse(`${n.op} ${n.name}: expected a float32 HWIO filter`, { node: n.name });
    const [kh, kw, cin, last] = filter.shape as [number, number, number, number];
    const depthwise = n.op.includes('Depthwise');
    const cout = depthwise ? cin * last : last;
    // HWIO → OIHW; for depthwise, H W C M → (C·M) 1 H W, output channel c·M + m as in TF.
    const perIn = depthwise ? 1 : cin;
    const oihw = new Float32Array(filter.data.length);
    for (let y = 0; y < kh; y++)
      for (let xx = 0; xx < kw; xx++)
        for (let i = 0; i < cin; i++)
          for (let o = 0; o < last; o++) {
            const src = filter.data[((y * kw + xx) * cin + i) * last + o] as number;
            const oc = depthwise ? i * last + o : o;
            const ic = depthwise ? 0 : i;
            oihw[((oc * perIn + ic) * kh + y) * kw + xx] = src;
          }
    const fused = stringsOf(n.attr.fused_ops);
    const [first, ...activations] = fused;
    const hasBias = first === 'BiasAdd';
    if (fused.length > 0 && !hasBias)
      throw refuse(`${n.op} ${n.name}: fused ${fused.join('+')} is not converted (BiasAdd then an activation is)`, {
        node: n.name,
      });
    const convInputs: Value[] = [toNchw(input), g.constant(oihw, [cout, perIn, kh, kw], 'float32', `${n.name}/oihw`)];
    if (hasBias) {
      const bias = constOf(ins[2] as string, n);
      if (bias.data.length !== cout)
        throw refuse(`${n.op} ${n.name}: expected ${cout} biases, got ${bias.data.length}`, { node: n.name });
      convInputs.push(g.constant(bias.data, [cout], 'float32', `${n.name}/bias`));
    }
    let out = g.op('Conv', convInputs, {
      kernel_shape: [kh, kw],
      strides: [sy ?? 1, sx ?? 1],
      dilations: [dy ?? 1, dx ?? 1],
      group: depthwise ? cin : 1,
      ...convPadding(n, padding, [kh, kw], [sy ?? 1, sx ?? 1], [dy ?? 1, dx ?? 1]),
    });
    for (const a of activations) {
      if (a === 'Relu') out = g.op('Relu', [out]);
      else if (a === 'Relu6') out = relu6(g, out);
      else throw refuse(`${n.op} ${n.name}: fused activation ${a} is not converted`, { node: n.name });
    }
    return toNhwc(out);
  }

  for (const port of options.outputs) {
    g.output(value(port.tf), port.name, port.dtype, port.dims);
  }
  for (const port of options.inputs) {
    if (!converted.has(port.tf)) throw refuse(`The graph's outputs do not read the input ${port.tf}`);
  }
  return g.toModel({ opset: 17, producer: 'twin-studio', producerVersion: '1', doc: options.doc });
}

/**
 * TF's SAME pads (k − 1)·d in all, the odd one at the end: ONNX's SAME_UPPER, which onnxruntime refuses with
 * dilation; at stride 1 the pads do not depend on the input's size, so they are written out.
 */
function convPadding(
  n: TfNode,
  padding: string,
  kernel: readonly number[],
  strides: readonly number[],
  dilations: readonly number[],
): { auto_pad: string } | { pads: number[] } {
  if (padding === 'VALID') return { auto_pad: 'VALID' };
  if (dilations.every((d) => d === 1)) return { auto_pad: 'SAME_UPPER' };
  if (strides.some((st) => st !== 1))
    throw refuse(`${n.op} ${n.name}: SAME padding with both stride and dilation is not converted`, { node: n.name });
  const total = kernel.map((k, i) => (k - 1) * (dilations[i] as number));
  const before = total.map((t) => Math.floor(t / 2));
  return { pads: [...before, ...total.map((t, i) => t - (before[i] as number))] };
}

function relu6(g: Graph, v: Value): Value {
  return g.op('Clip', [v, g.constant([0], []), g.constant([6], [])]);
}

/** TF FloorDiv rounds toward −∞ (ONNX Div on integers truncates); integers go through float64, exact for int32. */
function floorDiv(g: Graph, a: Value, b: Value, tfType: string): Value {
  if (tfType === 'DT_FLOAT') return g.op('Floor', [g.op('Div', [a, b])]);
  const to = ONNX_TYPE[tfType];
  if (to !== ONNX_INT32 && to !== ONNX_INT64) throw refuse(`FloorDiv on ${tfType} is not converted`);
  const wide = (v: Value): Value => g.op('Cast', [v], { to: ONNX_DOUBLE });
  return g.op('Cast', [g.op('Floor', [g.op('Div', [wide(a), wide(b)])])], { to });
}
