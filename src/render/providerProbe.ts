import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import type { ProviderName } from './models.ts';

export interface ProbeDeps {
  platform: NodeJS.Platform;
  arch: string;
  env: NodeJS.ProcessEnv;
  exists(file: string): boolean;
  /** The dynamic loader's cache (/etc/ld.so.cache), or '' when there is none. */
  loaderCache(): string;
  /** The folder onnxruntime-node loads its native binding and provider libraries from (undefined: not found). */
  bindingDir(platform: NodeJS.Platform, arch: string): string | undefined;
}

function onnxruntimeBindingDir(platform: NodeJS.Platform, arch: string): string | undefined {
  let entry: string;
  try {
    entry = createRequire(import.meta.url).resolve('onnxruntime-node');
  } catch {
    return undefined;
  }
  let dir = path.dirname(entry);
  while (!existsSync(path.join(dir, 'package.json')) && path.dirname(dir) !== dir) dir = path.dirname(dir);
  return path.join(dir, 'bin', 'napi-v6', platform, arch);
}

const realDeps = (): ProbeDeps => ({
  platform: process.platform,
  arch: process.arch,
  env: process.env,
  exists: existsSync,
  loaderCache: () => {
    try {
      return readFileSync('/etc/ld.so.cache', 'latin1');
    } catch {
      return '';
    }
  },
  bindingDir: onnxruntimeBindingDir,
});

const VULKAN_LOADER = 'libvulkan.so.1';
const LINUX_LIBRARY_DIRS = [
  '/usr/lib/x86_64-linux-gnu',
  '/usr/lib/aarch64-linux-gnu',
  '/lib/x86_64-linux-gnu',
  '/lib/aarch64-linux-gnu',
  '/usr/lib64',
  '/lib64',
  '/usr/lib',
  '/lib',
  '/usr/local/lib',
];

/** Whether the dynamic loader can find `name`: LD_LIBRARY_PATH, its cache, then the default folders (as ld.so searches). */
function loaderFinds(name: string, deps: ProbeDeps): boolean {
  const dirs = [...(deps.env.LD_LIBRARY_PATH ?? '').split(':').filter(Boolean), ...LINUX_LIBRARY_DIRS];
  return dirs.some((dir) => deps.exists(path.join(dir, name))) || deps.loaderCache().includes(name);
}

/**
 * Why `provider` cannot start on this machine, found without loading it — a library it needs is not installed —
 * or undefined when it may start (only trying says for sure). Trying a provider whose library is missing costs
 * more than time: Dawn (WebGPU) prints "Warning: Couldn't load Vulkan" on stderr from native code on every try.
 */
export function missingPrerequisite(provider: ProviderName, deps: ProbeDeps = realDeps()): string | undefined {
  switch (provider) {
    case 'cpu':
      return undefined;
    case 'cuda': {
      if (deps.platform !== 'linux' && deps.platform !== 'win32') return `CUDA is not available on ${deps.platform}`;
      const lib = deps.platform === 'linux' ? 'libonnxruntime_providers_cuda.so' : 'onnxruntime_providers_cuda.dll';
      // Where onnxruntime lives cannot be told (an unusual bundle): let onnxruntime itself say.
      const dir = deps.bindingDir(deps.platform, deps.arch);
      if (dir === undefined) return undefined;
      return deps.exists(path.join(dir, lib))
        ? undefined
        : `the CUDA libraries are not installed (no ${lib} beside onnxruntime)`;
    }
    case 'dml':
      return deps.platform === 'win32' ? undefined : 'DirectML exists only on Windows';
    case 'coreml':
      return deps.platform === 'darwin' ? undefined : 'CoreML exists only on macOS';
    case 'webgpu':
      if (deps.platform !== 'linux') return undefined;
      return loaderFinds(VULKAN_LOADER, deps) ? undefined : `the Vulkan loader (${VULKAN_LOADER}) is not installed`;
  }
}

const memo = new Map<ProviderName, string | undefined>();

/** missingPrerequisite on this machine, asked once per provider and process. */
export function missingHere(provider: ProviderName): string | undefined {
  if (!memo.has(provider)) memo.set(provider, missingPrerequisite(provider));
  return memo.get(provider);
}
