import { StudioError } from '../../errors/index.ts';
import { type Value, createGraph } from '../../onnx/index.ts';
import { type KerasLayer, type KerasModel, weightOf } from './tfjsLayers.ts';

/**
 * Converts a Keras RDN/ESRGAN generator (as shipped by @upscalerjs/esrgan-*) to ONNX, NCHW.
 * The network works on pixels in [0, 255]; the ONNX model takes and returns RGB in [0, 1] so it sits
 * beside our other graphs, clipping its output there.
 */
export function kerasToOnnx(model: KerasModel, options: { id: string; scale: number; doc: string }): Uint8Array {
  const g = createGraph(options.id);
  const input = g.input('image', 'float32', [1, 3, 'H', 'W']);
  const values = new Map<string, Value>([[model.inputName, g.op('Mul', [input, g.scalar(255)])]]);
  const inputOf = (layer: KerasLayer, i = 0): Value => {
    const name = layer.inputs[i];
    const v = name === undefined ? undefined : values.get(name);
    if (!v)
      throw new StudioError(
        'MODEL_CONVERSION_UNSUPPORTED',
        `Layer ${layer.name} reads ${name}, which no earlier layer produced`,
      );
    return v;
  };
  for (const layer of model.layers) {
    if (layer.className === 'InputLayer') continue;
    values.set(
      layer.name,
      convertLayer(
        layer,
        inputOf,
        layer.inputs.map((_, i) => inputOf(layer, i)),
      ),
    );
  }
  const out = values.get(model.outputName);
  if (!out) throw new StudioError('MODEL_CONVERSION_UNSUPPORTED', `No layer produced the output ${model.outputName}`);
  const rgb = g.op('Clip', [g.op('Mul', [out, g.scalar(1 / 255)]), g.constant([0], []), g.constant([1], [])]);
  g.output(rgb, 'upscaled', 'float32', [1, 3, `${options.scale}H`, `${options.scale}W`]);
  return g.toModel({ opset: 17, producer: 'twin-studio', producerVersion: '1', doc: options.doc });

  function convertLayer(layer: KerasLayer, first: (l: KerasLayer) => Value, all: Value[]): Value {
    const c = layer.config;
    switch (layer.className) {
      case 'Conv2D': {
        const [kh, kw] = c.kernel_size as [number, number];
        const strides = c.strides as number[];
        const dilation = c.dilation_rate as number[];
        if (strides.some((s) => s !== 1) || dilation.some((d) => d !== 1) || kh % 2 === 0 || kw % 2 === 0) {
          throw new StudioError(
            'MODEL_CONVERSION_UNSUPPORTED',
            `Layer ${layer.name}: only stride-1, undilated, odd-sized convolutions are converted`,
          );
        }
        const kernel = weightOf(model, `${layer.name}/kernel`);
        const [, , cin, cout] = kernel.shape as [number, number, number, number];
        // Keras HWIO → ONNX OIHW.
        const oihw = new Float32Array(kernel.data.length);
        for (let y = 0; y < kh; y++)
          for (let x = 0; x < kw; x++)
            for (let i = 0; i < cin; i++)
              for (let o = 0; o < cout; o++)
                oihw[((o * cin + i) * kh + y) * kw + x] = kernel.data[((y * kw + x) * cin + i) * cout + o] as number;
        const same = c.padding === 'same';
        const pads = same ? [(kh - 1) / 2, (kw - 1) / 2, (kh - 1) / 2, (kw - 1) / 2] : [0, 0, 0, 0];
        const inputsList: Value[] = [
          first(layer),
          g.constant(oihw, [cout, cin, kh, kw], 'float32', `${layer.name}/kernel`),
        ];
        if (c.use_bias)
          inputsList.push(
            g.constant(weightOf(model, `${layer.name}/bias`).data, [cout], 'float32', `${layer.name}/bias`),
          );
        const conv = g.op('Conv', inputsList, { kernel_shape: [kh, kw], pads });
        return activation(layer, conv, (c.activation as string | undefined) ?? 'linear');
      }
      case 'Activation':
        return activation(layer, first(layer), c.activation as string);
      case 'Concatenate':
        if (c.axis !== 3 && c.axis !== -1)
          throw new StudioError(
            'MODEL_CONVERSION_UNSUPPORTED',
            `Layer ${layer.name}: only channel concatenation is converted`,
          );
        return g.op('Concat', all, { axis: 1 });
      case 'Add':
        return all.slice(1).reduce((acc, v) => g.op('Add', [acc, v]), all[0] as Value);
      case 'UpSampling2D': {
        const [sy, sx] = c.size as [number, number];
        if (c.interpolation !== 'nearest')
          throw new StudioError(
            'MODEL_CONVERSION_UNSUPPORTED',
            `Layer ${layer.name}: only nearest upsampling is converted`,
          );
        return g.op('Resize', [first(layer), '', g.constant([1, 1, sy, sx], [4])], {
          mode: 'nearest',
          coordinate_transformation_mode: 'asymmetric',
          nearest_mode: 'floor',
        });
      }
      default:
        throw new StudioError(
          'MODEL_CONVERSION_UNSUPPORTED',
          `Layer ${layer.name} is a ${layer.className}, which the converter does not handle`,
          { layer: layer.name },
        );
    }
  }

  function activation(layer: KerasLayer, v: Value, name: string): Value {
    if (name === 'linear') return v;
    if (name === 'relu') return g.op('Relu', [v]);
    throw new StudioError('MODEL_CONVERSION_UNSUPPORTED', `Layer ${layer.name}: activation ${name} is not converted`);
  }
}
