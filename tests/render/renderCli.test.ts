import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createProvenance } from '../../src/app/provenance.ts';
import { stampedOutputStep } from '../../src/app/renderOutput.ts';
import { createDoctorCommand } from '../../src/cli/commands/doctor.ts';
import { createRenderCommand, fallbackLines, providerOrder } from '../../src/cli/commands/render.ts';
import { runCli } from '../../src/cli/run.ts';
import { tempDir } from '../helpers/fixtures.ts';
import { makeRenderWorkspace, RENDER_NOW, type RenderWorkspace } from '../helpers/renderWorkspace.ts';

const MODELS = path.resolve('models');

describe('render and doctor commands', () => {
  let tmp: ReturnType<typeof tempDir>;
  let fx: RenderWorkspace;
  const commands = [
    createRenderCommand({
      modelsDir: MODELS,
      output: async (studio) => stampedOutputStep(studio, await createProvenance(studio.ws)),
    }),
    createDoctorCommand({ modelsDir: MODELS }),
  ];
  const cli = async (argv: string[]) => {
    const out: string[] = [];
    const err: string[] = [];
    const code = await runCli(commands, argv, {
      out: (l) => out.push(l),
      err: (l) => err.push(l),
      env: {},
      cwd: tmp.dir,
      now: () => RENDER_NOW,
    });
    return { code, out, err };
  };

  beforeAll(async () => {
    tmp = tempDir('twin-cli-render-');
    fx = await makeRenderWorkspace(tmp.dir);
  });
  afterAll(() => {
    fx.ws.close();
    tmp.cleanup();
  });

  it('puts the chosen provider first and keeps the CPU as the last resort', () => {
    expect(providerOrder('cuda')).toEqual(expect.arrayContaining(['cuda', 'cpu']));
    expect(providerOrder('cpu')[0]).toBe('cpu');
    expect(() => providerOrder('tpu')).toThrow(expect.objectContaining({ code: 'USAGE' }));
  });

  it('says when the provider that ran rendered in tiles after running out of memory', () => {
    const note = 'out of memory at full frame on webgpu; rendered in 512-px tiles';
    expect(
      fallbackLines(
        [
          { provider: 'cuda', ok: false, reason: 'not installed' },
          { provider: 'webgpu', ok: true, tile: 512, note },
        ],
        'webgpu',
      ),
    ).toEqual(['provider cuda did not run (not installed); fell back, rendered on webgpu', `provider webgpu: ${note}`]);
    expect(fallbackLines([{ provider: 'cpu', ok: true }], 'cpu')).toEqual([]);
  });

  it('renders one shot by id to --out, says which provider ran and why cuda did not', async () => {
    const file = path.join(tmp.dir, 'one.png');
    const r = await cli([
      'render',
      'shot-render-1',
      '--out',
      file,
      '--provider',
      'cuda',
      '--workspace',
      fx.ws.dir,
      '--json',
    ]);
    expect(r.code).toBe(0);
    const line = JSON.parse(r.out[0]!) as { provider: string; file: string; tile: number | null };
    expect(line).toMatchObject({ provider: 'cpu', file, tile: null });
    expect(r.err.join('\n')).toMatch(/provider cuda (not tried|did not run) \(.+\); (fell back, )?rendered on cpu/);
    expect((await sharp(file).metadata()).width).toBe(256);
  });

  it('render --upscale renders at half size, enlarges with the upscale model and still writes the full size', async () => {
    const file = path.join(tmp.dir, 'upscaled.png');
    const r = await cli([
      'render',
      'shot-render-1',
      '--out',
      file,
      '--provider',
      'cpu',
      '--upscale',
      '--workspace',
      fx.ws.dir,
      '--json',
    ]);
    expect(r.code).toBe(0);
    const line = JSON.parse(r.out[0]!) as { width: number; height: number; timings: Record<string, number> };
    expect([line.width, line.height]).toEqual([256, 384]);
    expect(line.timings.upscale).toBeGreaterThan(0);
    const meta = await sharp(file).metadata();
    expect([meta.width, meta.height]).toEqual([256, 384]);
  });

  it('renders a batch, keeps going past a bad shot and summarises the failures', async () => {
    const dir = path.join(tmp.dir, 'batch');
    mkdirSync(dir);
    writeFileSync(path.join(dir, 'a.json'), JSON.stringify(fx.shot));
    writeFileSync(
      path.join(dir, 'b.json'),
      JSON.stringify({
        ...fx.shot,
        shotId: 'shot-b',
        garments: [{ garmentId: 'no-such-garment', z: 0, fit: 'tps', hidden: false }],
      }),
    );
    writeFileSync(path.join(dir, 'c.json'), '{ not json');
    const outDir = path.join(tmp.dir, 'batch-out');
    const r = await cli(['render', '--batch', dir, '--out', outDir, '--workspace', fx.ws.dir, '--json']);
    expect(r.code).toBe(1);
    const summary = JSON.parse(r.out[0]!) as {
      total: number;
      rendered: number;
      failures: { file: string; code: string }[];
    };
    expect(summary).toMatchObject({ total: 3, rendered: 1 });
    expect(summary.failures.map((f) => [path.basename(f.file), f.code]).sort()).toEqual([
      ['b.json', 'GARMENT_NOT_FOUND'],
      ['c.json', 'SHOT_INVALID'],
    ]);
    expect(r.err.at(-1)).toMatch(/^\[#+\] 3\/3 /);
    expect((await sharp(path.join(outDir, 'shot-render-1.png')).metadata()).height).toBe(384);
  });

  it('doctor lists every provider with a reason or a self-test time', async () => {
    const r = await cli(['doctor', '--json']);
    expect(r.code).toBe(0);
    const report = JSON.parse(r.out[0]!) as {
      providers: { provider: string; loads: boolean; reason?: string; selfTest?: { ok: boolean; ms: number } }[];
    };
    expect(report.providers.map((p) => p.provider)).toEqual(['cuda', 'dml', 'coreml', 'webgpu', 'cpu']);
    const cpu = report.providers.find((p) => p.provider === 'cpu')!;
    expect(cpu).toMatchObject({ loads: true, selfTest: { ok: true } });
    for (const p of report.providers.filter((x) => !x.loads)) expect(p.reason).toMatch(/\w/);
  });
});
