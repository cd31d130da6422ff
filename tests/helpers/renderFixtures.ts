import * as ort from 'onnxruntime-node';
import { MODEL_SPECS, buildModel } from '../../src/render/graphs/catalog.ts';
import type { Planar } from '../../src/render/tensors.ts';
import { seededRandom } from '../../src/random/seeded.ts';

/** Deterministic pseudo-random numbers so failures reproduce. */
export const rng = seededRandom;

/** Random premultiplied RGBA (colour ≤ alpha), planar. */
export function randomRgba(width: number, height: number, random: () => number, alphaScale = 1): Planar {
  const n = width * height;
  const data = new Float32Array(4 * n);
  for (let i = 0; i < n; i++) {
    const a = random() * alphaScale;
    data[3 * n + i] = a;
    for (let c = 0; c < 3; c++) data[c * n + i] = random() * a;
  }
  return { data, width, height, channels: 4 };
}

export function randomRgb(width: number, height: number, random: () => number): Planar {
  return { data: Float32Array.from({ length: 3 * width * height }, random), width, height, channels: 3 };
}

export function tensorOf(p: Planar): ort.Tensor {
  return new ort.Tensor('float32', p.data, [1, p.channels, p.height, p.width]);
}

export const f32 = (values: ArrayLike<number>, dims: number[]): ort.Tensor =>
  new ort.Tensor('float32', Float32Array.from(values), dims);

/** Max |a − b| over max |ref| (1 when the reference is all zeros). */
export function relativeError(actual: ArrayLike<number>, reference: ArrayLike<number>): number {
  if (actual.length !== reference.length) throw new Error(`length ${actual.length} vs ${reference.length}`);
  let diff = 0;
  let scale = 0;
  for (let i = 0; i < actual.length; i++) {
    diff = Math.max(diff, Math.abs((actual[i] as number) - (reference[i] as number)));
    scale = Math.max(scale, Math.abs(reference[i] as number));
  }
  return diff / (scale > 0 ? scale : 1);
}

/** Sessions of the catalogued graphs, built in memory, one per model per test file. */
export function createTestSessions(): (id: string) => Promise<ort.InferenceSession> {
  const sessions = new Map<string, Promise<ort.InferenceSession>>();
  return (id) => {
    let s = sessions.get(id);
    if (!s) {
      const spec = MODEL_SPECS.find((m) => m.id === id);
      if (!spec) throw new Error(`no model ${id}`);
      s = ort.InferenceSession.create(buildModel(spec));
      sessions.set(id, s);
    }
    return s;
  };
}

export async function runOne(
  session: ort.InferenceSession,
  feeds: Record<string, ort.Tensor>,
): Promise<{ data: Float32Array; dims: readonly number[] }> {
  const out = await session.run(feeds);
  const t = out[session.outputNames[0] as string] as ort.Tensor;
  return { data: t.data as Float32Array, dims: t.dims };
}
