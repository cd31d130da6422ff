import { sha256Hex } from '../crypto/index.ts';
import { MODEL_SPECS, OPSET, type ModelSpec, type TensorSpec, buildModel } from './graphs/catalog.ts';

export const AUTHORED_LICENCE = 'MIT (authored by Twin Studio)';

export interface ManifestEntry {
  id: string;
  file: string;
  sha256: string;
  opset: number;
  stage: string;
  inputs: TensorSpec[];
  outputs: TensorSpec[];
  licence: string;
}

export interface Manifest {
  models: ManifestEntry[];
}

export interface BuiltModels {
  files: { file: string; bytes: Uint8Array }[];
  manifest: Manifest;
  /** `manifest.json` exactly as written. */
  manifestText: string;
}

/** Extra models (e.g. converted learned stages) join through the same shape. */
export interface ExtraModel {
  spec: Pick<ModelSpec, 'id' | 'stage' | 'inputs' | 'outputs'>;
  bytes: Uint8Array;
  licence: string;
}

/** Every shipped graph and the manifest naming it; the same code always gives the same bytes. */
export function buildModelFiles(extra: readonly ExtraModel[] = []): BuiltModels {
  const all = [...MODEL_SPECS.map((spec) => ({ spec, bytes: buildModel(spec), licence: AUTHORED_LICENCE })), ...extra];
  const files = all.map(({ spec, bytes }) => ({ file: `${spec.id}.onnx`, bytes }));
  const manifest: Manifest = {
    models: all.map(({ spec, bytes, licence }) => ({
      id: spec.id,
      file: `${spec.id}.onnx`,
      sha256: sha256Hex(bytes),
      opset: OPSET,
      stage: spec.stage,
      inputs: spec.inputs,
      outputs: spec.outputs,
      licence,
    })),
  };
  return { files, manifest, manifestText: `${JSON.stringify(manifest, null, 2)}\n` };
}
