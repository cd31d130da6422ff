import { cp, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import * as ort from 'onnxruntime-node';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sha256Hex } from '../../src/crypto/index.ts';
import { createGraph } from '../../src/onnx/index.ts';
import { type ProviderName, createSessionCache, defaultProviders } from '../../src/render/models.ts';

const committed = path.resolve(import.meta.dirname, '..', '..', 'models');
let dir = '';

/** A plug-in stage the test builds itself: y = 1 − x ("invert"), listed in its own manifest. */
async function writePlugin(root: string): Promise<void> {
  const g = createGraph('invert');
  const x = g.input('x', 'float32', [1, 4, 'H', 'W']);
  g.output(g.op('Sub', [g.scalar(1), x]), 'y', 'float32', [1, 4, 'H', 'W']);
  const bytes = g.toModel({ opset: 17, producer: 'test' });
  await writeFile(path.join(root, 'invert.onnx'), bytes);
  const manifest = {
    models: [
      {
        id: 'invert',
        file: 'invert.onnx',
        sha256: sha256Hex(bytes),
        opset: 17,
        stage: 'refinement',
        inputs: [],
        outputs: [],
        licence: 'test',
      },
    ],
  };
  await writeFile(path.join(root, 'manifest.json'), JSON.stringify(manifest));
}

beforeAll(async () => {
  dir = await mkdtemp(path.join(tmpdir(), 'ts-models-'));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('session cache', () => {
  it('orders providers by platform', () => {
    expect(defaultProviders('linux')).toEqual(['cuda', 'webgpu', 'cpu']);
    expect(defaultProviders('win32')).toEqual(['dml', 'webgpu', 'cpu']);
    expect(defaultProviders('darwin')).toEqual(['coreml', 'webgpu', 'cpu']);
  });

  it('loads a plug-in model from its manifest, runs it, and creates its session once', async () => {
    const root = path.join(dir, 'plugin');
    await cp(committed, root, { recursive: true }).catch(() => undefined);
    await writePlugin(root);
    let creates = 0;
    const cache = createSessionCache({
      modelsDir: root,
      providers: ['cpu'],
      createSession: (bytes, provider) => {
        creates++;
        return ort.InferenceSession.create(bytes, { executionProviders: [provider] });
      },
    });
    const [a, b] = await Promise.all([cache.get('invert'), cache.get('invert')]);
    const c = await cache.get('invert');
    expect(creates).toBe(1);
    expect(a.session).toBe(b.session);
    expect(c.session).toBe(a.session);
    expect(a.provider).toBe('cpu');
    expect(a.model.stage).toBe('refinement');
    const out = await a.session.run({ x: new ort.Tensor('float32', Float32Array.of(0.25, 1, 0, 0.5), [1, 4, 1, 1]) });
    expect(Array.from(out.y!.data as Float32Array)).toEqual([0.75, 0, 1, 0.5]);
    await cache.release();
  });

  it('falls back provider by provider and says why each one failed', async () => {
    const root = path.join(dir, 'fallback');
    await cp(path.join(dir, 'plugin'), root, { recursive: true });
    const tried: ProviderName[] = [];
    const cache = createSessionCache({
      modelsDir: root,
      providers: ['cuda', 'webgpu', 'cpu'],
      createSession: async (bytes, provider) => {
        tried.push(provider);
        if (provider !== 'cpu') throw new Error(`${provider} library missing`);
        return ort.InferenceSession.create(bytes);
      },
    });
    const loaded = await cache.get('invert');
    expect(loaded.provider).toBe('cpu');
    expect(loaded.attempts).toEqual([
      { provider: 'cuda', ok: false, reason: 'cuda library missing' },
      { provider: 'webgpu', ok: false, reason: 'webgpu library missing' },
      { provider: 'cpu', ok: true },
    ]);
    await cache.get('invert');
    expect(tried).toEqual(['cuda', 'webgpu', 'cpu']); // failures are remembered, not retried
    await expect(cache.get('invert', ['cuda'])).rejects.toMatchObject({ code: 'PROVIDER_UNAVAILABLE' });
    await cache.release();
  });

  it('refuses a model whose bytes differ from the manifest with MODEL_TAMPERED naming the file', async () => {
    const root = path.join(dir, 'tampered');
    await cp(path.join(dir, 'plugin'), root, { recursive: true });
    const file = path.join(root, 'composite-over.onnx');
    const { readFile } = await import('node:fs/promises');
    const bytes = await readFile(file);
    bytes.writeUInt8(bytes.readUInt8(bytes.length - 1) ^ 1, bytes.length - 1);
    await writeFile(file, bytes);
    const cache = createSessionCache({ modelsDir: root, providers: ['cpu'] });
    // The plug-in manifest replaced the committed one, so point at a manifest listing the real models.
    await cp(path.join(committed, 'manifest.json'), path.join(root, 'manifest.json'));
    await expect(cache.get('composite-over')).rejects.toMatchObject({ code: 'MODEL_TAMPERED', details: { file } });
    await expect(cache.get('harmonize')).resolves.toMatchObject({ provider: 'cpu' });
    await expect(cache.get('nope')).rejects.toMatchObject({ code: 'MODEL_UNKNOWN' });
    await cache.release();
  });

  it('loads every committed model on the CPU provider', async () => {
    const cache = createSessionCache({ modelsDir: committed, providers: ['cpu'] });
    for (const m of (await cache.manifest()).models) {
      const loaded = await cache.get(m.id);
      expect(loaded.session.inputNames).toEqual(m.inputs.map((i) => i.name));
      expect(loaded.session.outputNames).toEqual(m.outputs.map((o) => o.name));
    }
    await cache.release();
  });
});
