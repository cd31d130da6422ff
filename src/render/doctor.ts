import { execFile } from 'node:child_process';
import * as ort from 'onnxruntime-node';
import {
  createSessionCache,
  defaultProviders,
  providerFailureReason,
  readManifest,
  readVerifiedModel,
  type ProviderName,
} from './models.ts';
import { renderShot, syntheticShot } from './pipeline/index.ts';
import { missingHere } from './providerProbe.ts';

export const ALL_PROVIDERS: readonly ProviderName[] = ['cuda', 'dml', 'coreml', 'webgpu', 'cpu'];

export interface ProviderCheck {
  provider: ProviderName;
  loads: boolean;
  /** Why it did not load, as ONNX Runtime said it. */
  reason?: string;
  advice?: string;
  selfTest?: { ok: boolean; ms?: number; size: string; error?: string };
}

export interface GpuInfo {
  name: string;
  memoryMiB: number;
}

export interface DoctorReport {
  platform: string;
  arch: string;
  onnxruntime: string;
  defaultOrder: ProviderName[];
  providers: ProviderCheck[];
  gpus: GpuInfo[];
  gpuNote?: string;
}

export type Exec = (file: string, args: string[]) => Promise<string>;

const execText: Exec = (file, args) =>
  new Promise((resolve, reject) => {
    execFile(file, args, { timeout: 5000 }, (error, stdout) => (error ? reject(error) : resolve(stdout)));
  });

/** Plain advice for the failures people meet, from ONNX Runtime's own wording. */
export function adviceFor(
  provider: ProviderName,
  reason: string,
  platform: NodeJS.Platform = process.platform,
): string | undefined {
  if (/out of memory|Failed to allocate|ALLOC_FAILED/i.test(reason))
    return 'The GPU ran out of memory: close other programs using it or render smaller; jobs that hit this move to the next provider.';
  if (/driver version is insufficient|CUDA driver version|cudaErrorInsufficientDriver/i.test(reason))
    return 'The NVIDIA driver is too old for CUDA 12: update it (version 525 or newer).';
  if (provider === 'cuda') {
    if (platform !== 'linux' && platform !== 'win32') return 'CUDA is not available on this operating system.';
    return 'The CUDA libraries are not installed: on a Linux GPU machine with internet run `npm install --onnxruntime-node-install=cuda12` (needs CUDA 12 and cuDNN 9), then run doctor again.';
  }
  if (provider === 'dml')
    return platform === 'win32'
      ? 'DirectML did not start: update the GPU driver and Windows.'
      : 'DirectML exists only on Windows.';
  if (provider === 'coreml')
    return platform === 'darwin' ? 'CoreML did not start: update macOS.' : 'CoreML exists only on macOS.';
  if (provider === 'webgpu') {
    if (/vulkan/i.test(reason)) return 'WebGPU on Linux needs Vulkan: install libvulkan1 and the GPU vendor driver.';
    return 'WebGPU found no usable GPU adapter: on Linux it needs Vulkan (libvulkan1) and the GPU vendor driver; elsewhere update the GPU driver.';
  }
  return undefined;
}

/** nvidia-smi where present: the GPU name and memory the CUDA provider would use. */
export async function gpuInfo(exec: Exec = execText): Promise<{ gpus: GpuInfo[]; note?: string }> {
  try {
    const text = await exec('nvidia-smi', ['--query-gpu=name,memory.total', '--format=csv,noheader,nounits']);
    const gpus = text
      .trim()
      .split('\n')
      .filter(Boolean)
      .map((line) => {
        const [name, mem] = line.split(',').map((s) => s.trim());
        return { name: name ?? 'unknown', memoryMiB: Number(mem) };
      });
    return { gpus };
  } catch (error) {
    return { gpus: [], note: `no NVIDIA GPU reported (nvidia-smi: ${(error as Error).message.split('\n')[0]})` };
  }
}

export interface DoctorOptions {
  modelsDir: string;
  providers?: readonly ProviderName[];
  selfTest?: boolean;
  selfTestSize?: { width: number; height: number };
  exec?: Exec;
  /** Why a provider cannot start here without trying it (default: providerProbe's look for its libraries). */
  prerequisites?: (provider: ProviderName) => string | undefined;
}

/**
 * Which execution providers start here and why the others do not (each tried alone: ONNX Runtime does not
 * fall back along a list), the GPUs, and a short self-test render on each provider that loads.
 */
export async function runDoctor(options: DoctorOptions): Promise<DoctorReport> {
  const manifest = await readManifest(options.modelsDir);
  const entry = manifest.models.find((m) => m.id === 'render-combined');
  const bytes = entry ? await readVerifiedModel(options.modelsDir, entry) : undefined;
  const size = options.selfTestSize ?? { width: 512, height: 768 };
  const checks: ProviderCheck[] = [];
  for (const provider of options.providers ?? ALL_PROVIDERS) {
    const check: ProviderCheck = { provider, loads: false };
    try {
      if (!bytes) throw new Error('render-combined is not in the model manifest');
      // A provider whose library is missing is not loaded: loading it only adds native warnings on stderr.
      const missing = (options.prerequisites ?? missingHere)(provider);
      if (missing) throw new Error(missing);
      const session = await ort.InferenceSession.create(bytes, { executionProviders: [provider], logSeverityLevel: 3 });
      await session.release();
      check.loads = true;
    } catch (error) {
      check.reason = providerFailureReason(error);
      const advice = adviceFor(provider, (error as Error).message ?? String(error));
      if (advice) check.advice = advice;
    }
    if (check.loads && options.selfTest !== false) {
      const cache = createSessionCache({ modelsDir: options.modelsDir, providers: [provider] });
      const label = `${size.width}x${size.height}`;
      try {
        const shot = syntheticShot(size.width, size.height);
        await renderShot(shot, cache);
        const t0 = performance.now();
        await renderShot(shot, cache);
        check.selfTest = { ok: true, ms: Math.round(performance.now() - t0), size: label };
      } catch (error) {
        const message = (error as Error).message;
        check.selfTest = { ok: false, size: label, error: message };
        const advice = adviceFor(provider, message);
        if (advice) check.advice = advice;
      } finally {
        await cache.release();
      }
    }
    checks.push(check);
  }
  const gpu = await gpuInfo(options.exec);
  return {
    platform: process.platform,
    arch: process.arch,
    onnxruntime: ort.env.versions.node ?? ort.env.versions.common ?? 'unknown',
    defaultOrder: defaultProviders(),
    providers: checks,
    gpus: gpu.gpus,
    ...(gpu.note ? { gpuNote: gpu.note } : {}),
  };
}
