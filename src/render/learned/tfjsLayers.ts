import { StudioError } from '../../errors/index.ts';
import { type TfjsWeightGroup, decodeTfjsWeights } from '../../onnx/tfjsWeights.ts';

/**
 * Reading a TF.js "layers" model (model.json + weight shards): the Keras functional topology and
 * its float32 weights by name. Only what the converter needs; anything else is refused by name.
 */

export interface KerasLayer {
  className: string;
  name: string;
  config: Record<string, unknown>;
  /** Names of the layers feeding this one (first inbound node). */
  inputs: string[];
}

export interface KerasModel {
  layers: KerasLayer[];
  inputName: string;
  outputName: string;
  weights: Map<string, { shape: number[]; data: Float32Array }>;
}

interface ModelJson {
  modelTopology: {
    model_config: {
      config: {
        layers: RawLayer[];
        input_layers: [string, number, number][];
        output_layers: [string, number, number][];
      };
    };
  };
  weightsManifest: TfjsWeightGroup[];
}
interface RawLayer {
  class_name: string;
  name?: string;
  config: Record<string, unknown> & { name: string };
  inbound_nodes: [string, number, number, unknown][][];
}

/** `readShard(path)` returns the bytes of one shard named in the manifest. */
export function parseTfjsLayersModel(json: unknown, readShard: (path: string) => Uint8Array): KerasModel {
  const m = json as ModelJson;
  const cfg = m.modelTopology?.model_config?.config;
  if (!cfg?.layers || !m.weightsManifest) {
    throw new StudioError(
      'MODEL_CONVERSION_UNSUPPORTED',
      'Expected a TF.js layers model (modelTopology.model_config + weightsManifest), got something else',
    );
  }
  const layers = cfg.layers.map((l) => ({
    className: l.class_name,
    name: l.config.name,
    config: l.config,
    inputs: (l.inbound_nodes[0] ?? []).map((n) => n[0]),
  }));
  const weights = new Map<string, { shape: number[]; data: Float32Array }>();
  for (const [name, w] of decodeTfjsWeights(m.weightsManifest, readShard)) {
    if (w.dtype !== 'float32')
      throw new StudioError('MODEL_CONVERSION_UNSUPPORTED', `Expected float32 weights, got ${w.dtype} for ${name}`, {
        weight: name,
      });
    weights.set(name, { shape: w.shape, data: w.data });
  }
  const inputName = cfg.input_layers[0]?.[0];
  const outputName = cfg.output_layers[0]?.[0];
  if (inputName === undefined || outputName === undefined)
    throw new StudioError('MODEL_CONVERSION_UNSUPPORTED', 'Expected one input and one output layer');
  return { layers, inputName, outputName, weights };
}

export function weightOf(model: KerasModel, name: string): { shape: number[]; data: Float32Array } {
  const w = model.weights.get(name);
  if (!w)
    throw new StudioError('MODEL_CONVERSION_UNSUPPORTED', `Expected a weight named ${name} in the shards`, {
      weight: name,
    });
  return w;
}
