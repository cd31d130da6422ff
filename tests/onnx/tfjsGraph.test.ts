import * as ort from 'onnxruntime-node';
import { describe, expect, it } from 'vitest';
import { loadMovenetLightning, movenetPackageDir } from '../../src/ingest/pose/movenet.ts';
import type { DType } from '../../src/onnx/index.ts';
import {
  CONVERTED_TF_OPS,
  type TfAttr,
  type TfGraphModel,
  type TfNode,
  parseTfjsGraphModel,
  tfGraphToOnnx,
  tfOpCounts,
} from '../../src/onnx/tfjsGraph.ts';
import { type TfjsTensor, halfToFloat } from '../../src/onnx/tfjsWeights.ts';
import { type RefTensor, runTfGraph, tensor } from './tfGraphReference.ts';

// Each TF op, converted alone (or in a small chain) on small tensors, runs in onnxruntime and must agree with a
// naive float64 TensorFlow reference (tfGraphReference.ts); then the whole MoveNet graph does.

const b64 = (s: string): string => Buffer.from(s).toString('base64');
const T = (type: string): TfAttr => ({ type });
const ints = (...i: number[]): TfAttr => ({ list: { i: i.map(String) } });
const s = (v: string): TfAttr => ({ s: b64(v) });
const node = (name: string, op: string, inputs: string[] = [], attr: Record<string, TfAttr> = {}): TfNode => ({
  name,
  op,
  inputs,
  attr,
});
const placeholder = (name: string, dtype = 'DT_FLOAT'): TfNode => node(name, 'Placeholder', [], { dtype: T(dtype) });

/** Deterministic values in [-1, 1) (or small integers) so tests need no seed. */
function values(count: number, seed: number, scale = 1): number[] {
  return Array.from({ length: count }, (_, i) => (((i * 7919 + seed * 104729) % 2003) / 1001.5 - 1) * scale);
}
const f32 = (shape: number[], seed: number, scale = 1): TfjsTensor => ({
  dtype: 'float32',
  shape,
  data: Float32Array.from(
    values(
      shape.reduce((a, b) => a * b, 1),
      seed,
      scale,
    ),
  ),
});
const i32 = (shape: number[], data: number[]): TfjsTensor => ({ dtype: 'int32', shape, data: Int32Array.from(data) });

interface Case {
  nodes?: TfNode[];
  consts?: Record<string, TfjsTensor>;
  /** A whole parsed model instead of nodes and consts. */
  model?: TfGraphModel;
  inputs: Record<string, RefTensor>;
  output: string;
}

async function runBoth(c: Case): Promise<{ onnx: number[]; ref: RefTensor; dims: readonly number[] }> {
  const model: TfGraphModel = c.model ?? {
    nodes: [...(c.nodes ?? []), ...Object.keys(c.consts ?? {}).map((name) => node(name, 'Const'))],
    weights: new Map(Object.entries(c.consts ?? {})),
  };
  const ref = runTfGraph(model, c.inputs, c.output);
  const onnxType = (t: RefTensor): DType => t.dtype;
  const bytes = tfGraphToOnnx(model, {
    id: 'op-test',
    doc: 'test',
    inputs: Object.entries(c.inputs).map(([name, t]) => ({ tf: name, name, dtype: onnxType(t), dims: t.shape })),
    outputs: [{ tf: c.output, name: 'out', dtype: onnxType(ref), dims: ref.shape }],
  });
  const session = await ort.InferenceSession.create(bytes, { executionProviders: ['cpu'] });
  try {
    const feeds: Record<string, ort.Tensor> = {};
    for (const [name, t] of Object.entries(c.inputs))
      feeds[name] =
        t.dtype === 'int32'
          ? new ort.Tensor('int32', Int32Array.from(t.data), t.shape)
          : new ort.Tensor('float32', Float32Array.from(t.data), t.shape);
    const out = (await session.run(feeds)).out as ort.Tensor;
    expect(out.type).toBe(ref.dtype);
    return { onnx: Array.from(out.data as Float32Array | Int32Array), ref, dims: out.dims };
  } finally {
    await session.release();
  }
}

async function expectSame(c: Case, tolerance = 1e-5): Promise<RefTensor> {
  const { onnx, ref, dims } = await runBoth(c);
  expect(dims).toEqual(ref.shape);
  expect(onnx.length).toBe(ref.data.length);
  let worst = 0;
  for (let i = 0; i < onnx.length; i++)
    worst = Math.max(worst, Math.abs((onnx[i] as number) - (ref.data[i] as number)));
  expect(worst).toBeLessThanOrEqual(tolerance);
  return ref;
}

const image = (shape: number[], seed: number): RefTensor =>
  tensor(
    'float32',
    shape,
    values(
      shape.reduce((a, b) => a * b, 1),
      seed,
    ),
  );

describe('TF.js graph ops → ONNX (src/onnx/tfjsGraph.ts), each against a TensorFlow reference', () => {
  it('Cast int32 → float, then Sub, Mul, AddV2, RealDiv broadcasting a [1,1,1,3] constant', async () => {
    const pixels = tensor('int32', [1, 2, 3, 3], values(18, 1, 127).map(Math.round));
    const ref = await expectSame({
      nodes: [
        placeholder('x', 'DT_INT32'),
        node('cast', 'Cast', ['x'], { SrcT: T('DT_INT32'), DstT: T('DT_FLOAT') }),
        node('sub', 'Sub', ['cast', 'mean']),
        node('mul', 'Mul', ['sub', 'scale']),
        node('add', 'AddV2', ['mul', 'one']),
        node('div', 'RealDiv', ['add', 'two']),
      ],
      consts: { mean: f32([1, 1, 1, 3], 2), scale: f32([1, 1, 1, 3], 3), one: f32([], 4), two: f32([3], 5, 3) },
      inputs: { x: pixels },
      output: 'div',
    });
    expect(ref.shape).toEqual([1, 2, 3, 3]);
  });

  it('_FusedConv2D: SAME stride 2 on odd sizes with BiasAdd + Relu6, VALID 1×1 with BiasAdd, dilated Conv2D', async () => {
    const x = image([1, 7, 6, 2], 6);
    const conv = (name: string, input: string, attr: Record<string, TfAttr>, filter: string, bias?: string): TfNode =>
      node(name, attr.fused_ops ? '_FusedConv2D' : 'Conv2D', bias ? [input, filter, bias] : [input, filter], {
        data_format: s('NHWC'),
        dilations: ints(1, 1, 1, 1),
        ...attr,
      });
    await expectSame({
      nodes: [
        placeholder('x'),
        conv(
          'c1',
          'x',
          { strides: ints(1, 2, 2, 1), padding: s('SAME'), fused_ops: { list: { s: [b64('BiasAdd'), b64('Relu6')] } } },
          'w1',
          'b1',
        ),
        conv(
          'c2',
          'c1',
          { strides: ints(1, 1, 1, 1), padding: s('VALID'), fused_ops: { list: { s: [b64('BiasAdd')] } } },
          'w2',
          'b2',
        ),
        conv('c3', 'c2', { strides: ints(1, 1, 1, 1), padding: s('SAME'), dilations: ints(1, 2, 2, 1) }, 'w3'),
      ],
      consts: {
        w1: f32([3, 3, 2, 4], 7, 3),
        b1: f32([4], 8),
        w2: f32([1, 1, 4, 3], 9),
        b2: f32([3], 10),
        w3: f32([3, 3, 3, 2], 11),
      },
      inputs: { x },
      output: 'c3',
    });
  });

  it('DepthwiseConv2dNative with a channel multiplier of 2, FusedDepthwiseConv2dNative stride 2 + BiasAdd + Relu', async () => {
    const x = image([1, 5, 7, 3], 12);
    await expectSame({
      nodes: [
        placeholder('x'),
        node('d1', 'DepthwiseConv2dNative', ['x', 'w1'], {
          strides: ints(1, 1, 1, 1),
          padding: s('SAME'),
          data_format: s('NHWC'),
          dilations: ints(1, 1, 1, 1),
        }),
        node('d2', 'FusedDepthwiseConv2dNative', ['d1', 'w2', 'b2'], {
          strides: ints(1, 2, 2, 1),
          padding: s('SAME'),
          data_format: s('NHWC'),
          dilations: ints(1, 1, 1, 1),
          fused_ops: { list: { s: [b64('BiasAdd'), b64('Relu')] } },
        }),
      ],
      consts: { w1: f32([3, 3, 3, 2], 13), w2: f32([3, 3, 6, 1], 14), b2: f32([6], 15) },
      inputs: { x },
      output: 'd2',
    });
  });

  it.each([
    ['half-pixel centres, up', { half_pixel_centers: { b: true }, align_corners: { b: false } }, [7, 9]],
    ['half-pixel centres, down', { half_pixel_centers: { b: true }, align_corners: { b: false } }, [2, 3]],
    ['aligned corners', { half_pixel_centers: { b: false }, align_corners: { b: true } }, [6, 11]],
    ['asymmetric (TF1 default)', { half_pixel_centers: { b: false }, align_corners: { b: false } }, [8, 3]],
  ] as const)('ResizeBilinear, %s', async (_, attr, size) => {
    await expectSame({
      nodes: [placeholder('x'), node('r', 'ResizeBilinear', ['x', 'size'], attr)],
      consts: { size: i32([2], [...size]) },
      inputs: { x: image([1, 4, 5, 2], 16) },
      output: 'r',
    });
  });

  it('Unpack (one and two parts), ExpandDims (−1), Squeeze, Reshape (−1), Pack on axis 1, ConcatV2', async () => {
    const ref = await expectSame({
      nodes: [
        placeholder('x'),
        node('u1', 'Unpack', ['x'], { axis: { i: '0' }, num: { i: '1' } }), // [3,2,4]
        node('u2', 'Unpack', ['u1'], { axis: { i: '1' }, num: { i: '2' } }), // 2 × [3,4]
        node('e', 'ExpandDims', ['u2:1', 'minus1']), // [3,4,1]
        node('q', 'Squeeze', ['e'], { squeeze_dims: ints(2) }), // [3,4]
        node('p', 'Pack', ['u2', 'q'], { axis: { i: '1' }, N: { i: '2' } }), // [3,2,4]
        node('r', 'Reshape', ['p', 'shape']), // [6,4]
        node('c', 'ConcatV2', ['r', 'extra', 'axis0']), // [8,4]
      ],
      consts: { minus1: i32([], [-1]), shape: i32([2], [-1, 4]), extra: f32([2, 4], 17), axis0: i32([], [0]) },
      inputs: { x: image([1, 3, 2, 4], 18) },
      output: 'c',
    });
    expect(ref.shape).toEqual([8, 4]);
  });

  it('ArgMax to int32, FloorDiv rounding toward −∞ on negative integers, Mul and Sub on int32', async () => {
    const ref = await expectSame({
      nodes: [
        placeholder('x'),
        node('a', 'ArgMax', ['x', 'axis1'], { output_type: T('DT_INT32') }), // [2,3] in 0..4
        node('m', 'Sub', ['a', 'seven'], { T: T('DT_INT32') }), // negative values
        node('f', 'FloorDiv', ['m', 'three'], { T: T('DT_INT32') }),
        node('k', 'Mul', ['f', 'three'], { T: T('DT_INT32') }),
        node('r', 'Sub', ['m', 'k'], { T: T('DT_INT32') }), // floor modulo: 0..2
      ],
      consts: { axis1: i32([], [1]), seven: i32([], [7]), three: i32([], [3]) },
      inputs: { x: image([2, 5, 3], 19) },
      output: 'r',
    });
    expect(ref.dtype).toBe('int32');
    expect([...ref.data].every((v) => v >= 0 && v <= 2)).toBe(true);
  });

  it('GatherNd with int32 indices (rows and single elements), SquaredDifference, Sqrt, Sigmoid, Identity', async () => {
    await expectSame({
      nodes: [
        placeholder('x'),
        node('rows', 'GatherNd', ['x', 'idx2'], { Tindices: T('DT_INT32') }), // [3,4]
        node('one', 'GatherNd', ['x', 'idx3'], { Tindices: T('DT_INT32') }), // [3]
        node('e', 'ExpandDims', ['one', 'minus1']), // [3,1]
        node('d', 'SquaredDifference', ['rows', 'e']),
        node('q', 'Sqrt', ['d']),
        node('g', 'Sigmoid', ['q']),
        node('out', 'Identity', ['g']),
      ],
      consts: {
        idx2: i32([3, 2], [0, 1, 1, 0, 1, 2]),
        idx3: i32([3, 3], [0, 0, 0, 1, 2, 3, 0, 2, 1]),
        minus1: i32([], [-1]),
      },
      inputs: { x: image([2, 3, 4], 20) },
      output: 'out',
    });
  });

  it('refuses an op it does not convert, and a fused op it cannot fuse, naming them', () => {
    const convert = (nodes: TfNode[], consts: Record<string, TfjsTensor> = {}): unknown =>
      tfGraphToOnnx(
        {
          nodes: [...nodes, ...Object.keys(consts).map((n) => node(n, 'Const'))],
          weights: new Map(Object.entries(consts)),
        },
        {
          id: 't',
          doc: 't',
          inputs: [{ tf: 'x', name: 'x', dtype: 'float32', dims: [1, 2, 2, 1] }],
          outputs: [{ tf: 'y', name: 'y', dtype: 'float32', dims: [1, 2, 2, 1] }],
        },
      );
    expect(() => convert([placeholder('x'), node('y', 'Softplus', ['x'])])).toThrow(
      expect.objectContaining({ code: 'MODEL_CONVERSION_UNSUPPORTED', message: expect.stringContaining('Softplus') }),
    );
    expect(() =>
      convert(
        [
          placeholder('x'),
          node('y', '_FusedConv2D', ['x', 'w', 'b'], {
            strides: ints(1, 1, 1, 1),
            padding: s('SAME'),
            fused_ops: { list: { s: [b64('BiasAdd'), b64('Elu')] } },
          }),
        ],
        { w: f32([1, 1, 1, 1], 1), b: f32([1], 2) },
      ),
    ).toThrow(expect.objectContaining({ message: expect.stringContaining('Elu') }));
  });
});

describe('TF.js graph weights', () => {
  it('expands float16 (normal, subnormal, signed) and uint8 min/scale quantised weights to float32', () => {
    expect(halfToFloat(0x3c00)).toBe(1);
    expect(halfToFloat(0xc000)).toBe(-2);
    expect(halfToFloat(0x0001)).toBe(2 ** -24);
    expect(halfToFloat(0x7bff)).toBe(65504);
    const halves = new Uint16Array([0x3c00, 0xb800, 0x0001, 0x4248]); // 1, -0.5, 2^-24, 3.140625
    const bytes = new Uint8Array([...new Uint8Array(halves.buffer), 0, 128, 255, 7, 0, 0, 0]);
    const parsed = parseTfjsGraphModel(
      {
        format: 'graph-model',
        modelTopology: { node: [{ name: 'h', op: 'Const' }] },
        weightsManifest: [
          {
            paths: ['w.bin'],
            weights: [
              { name: 'h', shape: [2, 2], dtype: 'float32', quantization: { dtype: 'float16' } },
              { name: 'q', shape: [3], dtype: 'float32', quantization: { dtype: 'uint8', min: -1, scale: 0.5 } },
              { name: 'n', shape: [1], dtype: 'int32' },
            ],
          },
        ],
      },
      () => bytes,
    );
    expect(Array.from(parsed.weights.get('h')!.data)).toEqual([1, -0.5, 2 ** -24, 3.140625]);
    expect(Array.from(parsed.weights.get('q')!.data)).toEqual([-1, 63, 126.5]);
    expect(parsed.weights.get('n')).toEqual({ dtype: 'int32', shape: [1], data: Int32Array.from([7]) });
  });

  it('refuses shards shorter than the manifest says, naming the weight', () => {
    expect(() =>
      parseTfjsGraphModel(
        {
          format: 'graph-model',
          modelTopology: { node: [] },
          weightsManifest: [{ paths: ['w.bin'], weights: [{ name: 'big', shape: [4], dtype: 'float32' }] }],
        },
        () => new Uint8Array(8),
      ),
    ).toThrow(
      expect.objectContaining({ code: 'MODEL_CONVERSION_UNSUPPORTED', message: expect.stringContaining('big') }),
    );
  });
});

const movenet = movenetPackageDir();

describe.skipIf(!movenet)('MoveNet Lightning converted whole', () => {
  it('uses only converted ops', () => {
    const ops = [...tfOpCounts(loadMovenetLightning(movenet as string)).keys()];
    expect(ops.filter((op) => !(CONVERTED_TF_OPS as readonly string[]).includes(op))).toEqual([]);
  });

  it('gives the reference keypoints (y, x, score) on one image to 1e-5', { timeout: 120_000 }, async () => {
    const model = loadMovenetLightning(movenet as string);
    const pixels = tensor(
      'int32',
      [1, 192, 192, 3],
      values(192 * 192 * 3, 21, 127.5).map((v) => Math.round(v + 127.5)),
    );
    const ref = await expectSame({ model, inputs: { input: pixels }, output: 'Identity' }, 1e-5);
    expect(ref.shape).toEqual([1, 1, 17, 3]);
  });
});
