import * as ort from 'onnxruntime-node';
import { describe, expect, it } from 'vitest';
import { createGraph, float, floats } from '../../src/onnx/index.ts';

function build(): Uint8Array {
  const g = createGraph('t');
  const x = g.input('x', 'float32', [1, 2, 'H', 'W']);
  const scaled = g.op('Mul', [x, g.constant([2, 3], [1, 2, 1, 1])]);
  const leaky = g.op('LeakyRelu', [g.op('Sub', [scaled, g.scalar(1)])], { alpha: float(0.5) });
  const clipped = g.op('Clip', [leaky, g.constant([-0.25], []), g.constant([4], [])]);
  const summed = g.op('ReduceSum', [clipped, g.ints([2, 3])], { keepdims: 1 });
  g.output(clipped, 'y', 'float32', [1, 2, 'H', 'W']);
  g.output(summed, 'total', 'float32', [1, 2, 1, 1]);
  return g.toModel({ opset: 17, producer: 'twin-studio' });
}

describe('ONNX graph builder', () => {
  it('writes a model onnxruntime runs at any H and W, with float, int and tensor attributes', async () => {
    const session = await ort.InferenceSession.create(build());
    expect(session.inputNames).toEqual(['x']);
    expect(session.outputNames).toEqual(['y', 'total']);
    for (const [h, w] of [
      [1, 1],
      [3, 5],
    ] as const) {
      const data = Float32Array.from({ length: 2 * h * w }, (_, i) => (i % 3) * 0.5);
      const out = await session.run({ x: new ort.Tensor('float32', data, [1, 2, h, w]) });
      const y = out.y!.data as Float32Array;
      const expected = Array.from(data, (v, i) => {
        const s = v * (i < h * w ? 2 : 3) - 1;
        return Math.min(Math.max(s < 0 ? s * 0.5 : s, -0.25), 4);
      });
      expect(Array.from(y)).toEqual(expected.map(Math.fround));
      expect(out.total!.dims).toEqual([1, 2, 1, 1]);
    }
  });

  it('gives the same bytes every time', () => {
    expect(Buffer.from(build()).equals(Buffer.from(build()))).toBe(true);
  });

  it('refuses a name used twice and a constant of the wrong size', () => {
    const g = createGraph('dup');
    g.input('x', 'float32', [1]);
    expect(() => g.input('x', 'float32', [1])).toThrow(/used twice/);
    expect(() => g.constant([1, 2, 3], [2, 2])).toThrow(/needs 4 values, got 3/);
  });

  it('encodes floats() lists and int64 constants', async () => {
    const g = createGraph('lists');
    const x = g.input('x', 'float32', ['N']);
    const shape = g.ints([2, -1]);
    const y = g.op('Reshape', [x, shape]);
    g.output(g.op('Identity', [y]), 'y', 'float32', [2, 'M']);
    const z = g.op('Constant', [], { value_floats: floats([1.5, 2]) });
    g.output(z, 'z', 'float32', [2]);
    const s = await ort.InferenceSession.create(g.toModel({ opset: 17, producer: 't' }));
    const out = await s.run({ x: new ort.Tensor('float32', Float32Array.of(1, 2, 3, 4), [4]) });
    expect(out.y!.dims).toEqual([2, 2]);
    expect(Array.from(out.z!.data as Float32Array)).toEqual([1.5, 2]);
  });
});
