import { spawnSync } from 'node:child_process';
import { fixtureClock } from '../helpers/clock.ts';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { createRenderPool } from '../../src/render/jobs/index.ts';
import { missingPrerequisite, type ProbeDeps } from '../../src/render/providerProbe.ts';
import { tempDir } from '../helpers/fixtures.ts';
import { makeRenderWorkspace } from '../helpers/renderWorkspace.ts';

const linux = (files: string[], cache = '', env: NodeJS.ProcessEnv = {}): ProbeDeps => ({
  platform: 'linux',
  arch: 'x64',
  env,
  exists: (file) => files.includes(file),
  loaderCache: () => cache,
  bindingDir: () => '/ort/bin',
});

describe('provider probe: a provider whose library is missing is not tried', () => {
  it('WebGPU on Linux needs the Vulkan loader: found through LD_LIBRARY_PATH, the loader cache or a system folder', () => {
    expect(missingPrerequisite('webgpu', linux([]))).toMatch(/Vulkan loader \(libvulkan\.so\.1\) is not installed/);
    expect(missingPrerequisite('webgpu', linux(['/usr/lib/x86_64-linux-gnu/libvulkan.so.1']))).toBeUndefined();
    expect(missingPrerequisite('webgpu', linux([], '\0libvulkan.so.1\0/usr/lib/libvulkan.so.1\0'))).toBeUndefined();
    expect(
      missingPrerequisite('webgpu', linux(['/opt/vk/libvulkan.so.1'], '', { LD_LIBRARY_PATH: '/opt/vk' })),
    ).toBeUndefined();
    expect(missingPrerequisite('webgpu', { ...linux([]), platform: 'win32' })).toBeUndefined();
  });

  it('CUDA needs the provider library the opt-in install puts beside onnxruntime; DirectML and CoreML their OS', () => {
    expect(missingPrerequisite('cuda', linux([]))).toMatch(/CUDA libraries are not installed/);
    expect(
      missingPrerequisite('cuda', linux([path.join('/ort/bin', 'libonnxruntime_providers_cuda.so')])),
    ).toBeUndefined();
    expect(missingPrerequisite('cuda', { ...linux([]), platform: 'darwin' })).toMatch(/not available on darwin/);
    expect(missingPrerequisite('dml', linux([]))).toMatch(/only on Windows/);
    expect(missingPrerequisite('coreml', linux([]))).toMatch(/only on macOS/);
    expect(missingPrerequisite('cpu', linux([]))).toBeUndefined();
  });

  // A real process: native libraries write to fd 2 directly, so only a child's stderr shows them.
  it.skipIf(missingPrerequisite('webgpu') === undefined || missingPrerequisite('cuda') === undefined)(
    'on this machine without GPU libraries, doctor --json names every reason and nothing native reaches stderr',
    () => {
      const run = spawnSync(process.execPath, ['bin/twin-studio.js', 'doctor', '--json'], {
        encoding: 'utf8',
        timeout: 120_000,
      });
      expect(run.stderr).toBe('');
      const report = JSON.parse(run.stdout) as {
        providers: { provider: string; loads: boolean; reason?: string; advice?: string }[];
      };
      const byName = Object.fromEntries(report.providers.map((p) => [p.provider, p]));
      expect(byName.webgpu).toMatchObject({
        loads: false,
        reason: expect.stringMatching(/libvulkan/),
        advice: expect.stringMatching(/libvulkan1/),
      });
      expect(byName.cuda).toMatchObject({ loads: false, reason: expect.stringMatching(/CUDA libraries/) });
      expect(byName.cpu).toMatchObject({ loads: true });
      const human = spawnSync(process.execPath, ['bin/twin-studio.js', 'doctor'], {
        encoding: 'utf8',
        timeout: 120_000,
      });
      expect(human.stderr).toBe('');
      expect(human.stdout).toMatch(/✗ webgpu +the Vulkan loader/);
      expect(human.stdout.split('\n').filter((line) => line.length > 100)).toEqual([]);
    },
    120_000,
  );

  it.skipIf(missingPrerequisite('webgpu') === undefined || missingPrerequisite('cuda') === undefined)(
    "a render worker on this machine does not load them: they come back as 'not installed', and the CPU renders",
    async () => {
      const tmp = tempDir('twin-probe-');
      const fx = await makeRenderWorkspace(tmp.dir, { output: { width: 64, height: 96 } });
      const pool = createRenderPool({
        modelsDir: path.resolve('models'),
        size: 1,
        now: fixtureClock,
        providers: ['cuda', 'webgpu', 'cpu'],
      });
      try {
        const result = await pool.run({ workspaceDir: fx.ws.dir, shot: fx.shot });
        expect(result.provider).toBe('cpu');
        expect(result.attempts.filter((a) => !a.ok)).toEqual([
          {
            provider: 'cuda',
            ok: false,
            reason: expect.stringMatching(/CUDA libraries are not installed/),
            notInstalled: true,
          },
          { provider: 'webgpu', ok: false, reason: expect.stringMatching(/Vulkan loader/), notInstalled: true },
        ]);
      } finally {
        await pool.terminate();
        fx.ws.close();
        tmp.cleanup();
      }
    },
    60_000,
  );
});
