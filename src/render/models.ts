import { readFile } from 'node:fs/promises';
import path from 'node:path';
import * as ort from 'onnxruntime-node';
import { z } from 'zod';
import { sha256Hex } from '../crypto/index.ts';
import { StudioError } from '../errors/index.ts';
import type { Manifest, ManifestEntry } from './modelFiles.ts';
import { missingHere } from './providerProbe.ts';

export type ProviderName = 'cuda' | 'dml' | 'coreml' | 'webgpu' | 'cpu';

/** DESIGN §5: CUDA (Linux) · DirectML (Windows) · CoreML (macOS) · WebGPU · CPU. */
export function defaultProviders(platform: NodeJS.Platform = process.platform): ProviderName[] {
  const native: ProviderName[] =
    platform === 'linux' ? ['cuda'] : platform === 'win32' ? ['dml'] : platform === 'darwin' ? ['coreml'] : [];
  return [...native, 'webgpu', 'cpu'];
}

const tensorSpec = z.object({
  name: z.string(),
  dtype: z.string(),
  dims: z.array(z.union([z.number().int(), z.string()])),
});
const manifestSchema = z.object({
  models: z.array(
    z.object({
      id: z.string().min(1),
      file: z.string().regex(/^[A-Za-z0-9._-]+\.onnx$/),
      sha256: z.string().regex(/^[0-9a-f]{64}$/),
      opset: z.number().int(),
      stage: z.string(),
      inputs: z.array(tensorSpec),
      outputs: z.array(tensorSpec),
      licence: z.string().min(1),
    }),
  ),
});

export async function readManifest(modelsDir: string): Promise<Manifest> {
  const file = path.join(modelsDir, 'manifest.json');
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (cause) {
    throw new StudioError(
      'MODEL_MANIFEST_MISSING',
      `Expected a model manifest at ${file}, found none`,
      { file },
      { cause },
    );
  }
  const parsed = manifestSchema.safeParse(JSON.parse(text));
  if (!parsed.success) {
    throw new StudioError(
      'MODEL_MANIFEST_INVALID',
      `Expected ${file} to list models as { id, file, sha256, opset, stage, inputs, outputs, licence }: ${parsed.error.message}`,
      { file },
    );
  }
  return parsed.data as Manifest;
}

/** The model's bytes, refused unless they hash to the manifest's sha256. */
export async function readVerifiedModel(modelsDir: string, entry: ManifestEntry): Promise<Uint8Array> {
  const file = path.join(modelsDir, entry.file);
  const bytes = await readFile(file);
  const actual = sha256Hex(bytes);
  if (actual !== entry.sha256) {
    throw new StudioError(
      'MODEL_TAMPERED',
      `Expected ${entry.file} to have sha256 ${entry.sha256} as the manifest says, got ${actual}`,
      {
        model: entry.id,
        file,
        expected: entry.sha256,
        actual,
      },
    );
  }
  return bytes;
}

/**
 * onnxruntime's messages carry its source paths and C++ lambdas ("…/webgpu_context.cc:136 …::<lambda()> x was
 * false. Failed to get a WebGPU adapter: No supported adapters"): keep the sentence a person can act on.
 */
export function providerFailureReason(cause: unknown): string {
  const message = (cause instanceof Error ? cause.message : String(cause)).trim();
  const firstLine = message.split('\n')[0] ?? message;
  const afterCheck = firstLine.split(' was false. ').pop() ?? firstLine;
  return afterCheck.replace(/^\/\S+:\d+ /, '').trim();
}

// The runtime logs every provider that fails to load on stderr; we report those failures ourselves, with advice.
ort.env.logLevel = 'fatal';

export interface ProviderAttempt {
  provider: ProviderName;
  ok: boolean;
  reason?: string;
  /** Set on the provider that ran when it ran out of memory at full frame and rendered in tiles of this side (px). */
  tile?: number;
  /** What happened there, in words ("out of memory at full frame on webgpu; rendered in 512-px tiles"). */
  note?: string;
  /** Not tried: a library it needs is not installed here (`reason` names it). */
  notInstalled?: true;
}

/** A provider refused before onnxruntime is asked, because a library it needs is missing (see providerProbe.ts). */
export class ProviderNotInstalled extends Error {
  readonly provider: ProviderName;
  constructor(provider: ProviderName, reason: string) {
    super(reason);
    this.name = 'ProviderNotInstalled';
    this.provider = provider;
  }
}

export interface LoadedSession {
  session: ort.InferenceSession;
  provider: ProviderName;
  model: ManifestEntry;
  /** Every provider tried, in order, with why it did not start: callers show this, never silently fall back. */
  attempts: ProviderAttempt[];
}

export type SessionFactory = (bytes: Uint8Array, provider: ProviderName) => Promise<ort.InferenceSession>;

/**
 * Session config: the intra-op threads sleep after a run instead of spinning. Spinning took the cores from the
 * decoding and placing that follow (render bench, 1024×1536: end to end 136 ms instead of 152, prepareShot
 * 34–44 ms instead of 42–56; session.run itself ~8 ms slower).
 */
export const SLEEPING_THREADS = { session: { intra_op: { allow_spinning: '0' } } } as const;

/**
 * Sessions from onnxruntime, one provider per create (onnxruntime-node 1.30 does not fall back along a list, it
 * throws). A provider whose library is missing here is refused before onnxruntime is asked (providerProbe.ts).
 */
export function ortSessionFactory(options: ort.InferenceSession.SessionOptions = {}): SessionFactory {
  return (bytes, provider) => {
    const missing = missingHere(provider);
    if (missing) return Promise.reject(new ProviderNotInstalled(provider, missing));
    return ort.InferenceSession.create(bytes, {
      executionProviders: [provider],
      graphOptimizationLevel: 'all',
      logSeverityLevel: 3,
      extra: SLEEPING_THREADS,
      ...options,
    });
  };
}

const ortFactory = ortSessionFactory();

export interface SessionCacheOptions {
  modelsDir: string;
  providers?: readonly ProviderName[];
  createSession?: SessionFactory;
}

export interface SessionCache {
  manifest(): Promise<Manifest>;
  /** The model's session on the first provider (of `providers`, else the cache's) that starts. */
  get(modelId: string, providers?: readonly ProviderName[]): Promise<LoadedSession>;
  release(): Promise<void>;
}

export function createSessionCache(options: SessionCacheOptions): SessionCache {
  const order = options.providers ?? defaultProviders();
  const create = options.createSession ?? ortFactory;
  let manifestP: Promise<Manifest> | undefined;
  const bytesByModel = new Map<string, Promise<Uint8Array>>();
  // One entry per (model, provider): a session, or the failure, so neither is attempted twice.
  const sessions = new Map<string, Promise<ort.InferenceSession>>();

  const manifest = (): Promise<Manifest> => (manifestP ??= readManifest(options.modelsDir));

  async function entryOf(modelId: string): Promise<ManifestEntry> {
    const m = await manifest();
    const entry = m.models.find((e) => e.id === modelId);
    if (!entry) {
      throw new StudioError(
        'MODEL_UNKNOWN',
        `Expected a model named ${modelId} in ${options.modelsDir}/manifest.json; it lists ${m.models.map((e) => e.id).join(', ')}`,
        {
          model: modelId,
        },
      );
    }
    return entry;
  }

  return {
    manifest,
    async get(modelId, providers = order) {
      const entry = await entryOf(modelId);
      let bytes = bytesByModel.get(modelId);
      if (!bytes) {
        bytes = readVerifiedModel(options.modelsDir, entry);
        bytesByModel.set(modelId, bytes);
        bytes.catch(() => bytesByModel.delete(modelId));
      }
      const verified = await bytes;
      const attempts: ProviderAttempt[] = [];
      for (const provider of providers) {
        const key = `${modelId}\u0000${provider}`;
        let pending = sessions.get(key);
        if (!pending) {
          pending = create(verified, provider);
          sessions.set(key, pending);
        }
        try {
          const session = await pending;
          attempts.push({ provider, ok: true });
          return { session, provider, model: entry, attempts };
        } catch (cause) {
          attempts.push({
            provider,
            ok: false,
            reason: providerFailureReason(cause),
            ...(cause instanceof ProviderNotInstalled ? { notInstalled: true as const } : {}),
          });
        }
      }
      throw new StudioError(
        'PROVIDER_UNAVAILABLE',
        `Expected one of the execution providers ${providers.join(', ')} to start ${modelId}; none did: ${attempts.map((a) => `${a.provider}: ${a.reason}`).join('; ')}`,
        { model: modelId, attempts },
      );
    },
    async release() {
      const all = [...sessions.values()];
      sessions.clear();
      bytesByModel.clear();
      for (const s of await Promise.allSettled(all)) if (s.status === 'fulfilled') await s.value.release();
    },
  };
}
