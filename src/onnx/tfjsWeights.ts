import { StudioError } from '../errors/index.ts';

/**
 * The weights of a TF.js model (layers or graph): the `weightsManifest` groups of model.json and their binary
 * shards, decoded to plain arrays. Quantised weights (float16, or uint8/uint16 with a min and a scale) are expanded
 * back to float32 as TF.js does when it loads them.
 */

export interface TfjsWeightEntry {
  name: string;
  shape: number[];
  dtype: string;
  quantization?: { dtype: string; min?: number; scale?: number; original_dtype?: string };
}

export interface TfjsWeightGroup {
  paths: string[];
  weights: TfjsWeightEntry[];
}

export type TfjsTensor =
  { dtype: 'float32'; shape: number[]; data: Float32Array } | { dtype: 'int32'; shape: number[]; data: Int32Array };

export function concatShards(parts: Uint8Array[]): Uint8Array {
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let at = 0;
  for (const p of parts) {
    out.set(p, at);
    at += p.length;
  }
  return out;
}

/** IEEE 754 half → float (subnormals, infinities and NaN included). */
export function halfToFloat(h: number): number {
  const sign = h & 0x8000 ? -1 : 1;
  const exponent = (h >> 10) & 0x1f;
  const fraction = h & 0x3ff;
  if (exponent === 0) return sign * 2 ** -14 * (fraction / 1024);
  if (exponent === 0x1f) return fraction === 0 ? sign * Infinity : NaN;
  return sign * 2 ** (exponent - 15) * (1 + fraction / 1024);
}

function unsupported(w: TfjsWeightEntry, what: string): StudioError {
  return new StudioError('MODEL_CONVERSION_UNSUPPORTED', `Weight ${w.name}: ${what}`, { weight: w.name });
}

function byteSize(w: TfjsWeightEntry): number {
  const count = w.shape.reduce((a, b) => a * b, 1);
  const q = w.quantization?.dtype;
  return count * (q === 'uint8' ? 1 : q === 'float16' || q === 'uint16' ? 2 : 4);
}

function decodeOne(w: TfjsWeightEntry, bytes: Uint8Array, at: number): TfjsTensor {
  const count = w.shape.reduce((a, b) => a * b, 1);
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const q = w.quantization;
  if (q) {
    if (w.dtype !== 'float32') throw unsupported(w, `expected quantised weights to stand for float32, got ${w.dtype}`);
    const data = new Float32Array(count);
    if (q.dtype === 'float16') {
      for (let i = 0; i < count; i++) data[i] = halfToFloat(view.getUint16(at + 2 * i, true));
      return { dtype: 'float32', shape: w.shape, data };
    }
    if ((q.dtype === 'uint8' || q.dtype === 'uint16') && q.min !== undefined && q.scale !== undefined) {
      const wide = q.dtype === 'uint16';
      for (let i = 0; i < count; i++)
        data[i] = q.min + q.scale * (wide ? view.getUint16(at + 2 * i, true) : (bytes[at + i] as number));
      return { dtype: 'float32', shape: w.shape, data };
    }
    throw unsupported(w, `expected float16, uint8 or uint16 (with min and scale) quantisation, got ${q.dtype}`);
  }
  if (w.dtype === 'float32') {
    const data = new Float32Array(count);
    for (let i = 0; i < count; i++) data[i] = view.getFloat32(at + 4 * i, true);
    return { dtype: 'float32', shape: w.shape, data };
  }
  if (w.dtype === 'int32') {
    const data = new Int32Array(count);
    for (let i = 0; i < count; i++) data[i] = view.getInt32(at + 4 * i, true);
    return { dtype: 'int32', shape: w.shape, data };
  }
  throw unsupported(w, `expected float32 or int32 weights, got ${w.dtype}`);
}

/** Every weight of every group by name; `readShard(path)` returns the bytes of one shard named in the manifest. */
export function decodeTfjsWeights(
  groups: readonly TfjsWeightGroup[],
  readShard: (path: string) => Uint8Array,
): Map<string, TfjsTensor> {
  const out = new Map<string, TfjsTensor>();
  for (const group of groups) {
    const bytes = concatShards(group.paths.map(readShard));
    let at = 0;
    for (const w of group.weights) {
      const size = byteSize(w);
      if (at + size > bytes.length)
        throw unsupported(w, `expected ${size} bytes at offset ${at}, the shards hold ${bytes.length} in all`);
      out.set(w.name, decodeOne(w, bytes, at));
      at += size;
    }
  }
  return out;
}
