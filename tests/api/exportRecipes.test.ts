import { mkdirSync, readdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { unzipSync } from 'fflate';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createDispatcher, createStudioHandlers, type DesktopService } from '../../src/api/index.ts';
import { createReviewExportServices, reviewFor } from '../../src/app/index.ts';
import type { ExportPlanView, ExportRecipeView, ExportReportView } from '../../src/contract/index.ts';
import { startStudioServer, type StudioServer } from '../../src/server/index.ts';
import { iccDescription } from '../helpers/icc.ts';
import { makeOutputsFixture, type OutputsFixture } from '../helpers/outputsFixture.ts';

let fx: OutputsFixture;
let server: StudioServer;
let dispatch: ReturnType<typeof createDispatcher>;
let browser: ReturnType<typeof createDispatcher>;
const revealed: string[] = [];

beforeAll(async () => {
  fx = await makeOutputsFixture();
  const a = await fx.render('shot-a1', { width: 240, height: 360 });
  const b = await fx.render('shot-b1', { width: 240, height: 360 });
  for (const o of [a, b]) reviewFor(fx.studio).approve(o.outputId, { by: 'rita' });
  const services = createReviewExportServices(fx.studio, fx.kit);
  const desktop: DesktopService = {
    chooseFolder: async () => path.join(fx.dir, 'picked'),
    reveal: async (target) => (revealed.push(target), true),
  };
  dispatch = createDispatcher(
    createStudioHandlers({ workspace: fx.studio.ws, mode: 'electron', services: { ...services, desktop } }).handlers,
    () => {},
  );
  browser = createDispatcher(
    createStudioHandlers({ workspace: fx.studio.ws, mode: 'browser', services }).handlers,
    () => {},
  );
  const rendererDir = path.join(fx.dir, 'renderer');
  mkdirSync(rendererDir);
  writeFileSync(path.join(rendererDir, 'index.html'), '<!doctype html>');
  server = await startStudioServer({
    workspaceDir: fx.studio.ws.dir,
    now: fx.studio.ws.now,
    rendererDir,
    runtime: { workspace: fx.studio.ws, services, close: () => {} },
    log: () => {},
  });
}, 60_000);
afterAll(async () => {
  await server?.close();
  fx?.cleanup();
});

const call = async <T>(method: string, input: unknown, d = dispatch): Promise<T> => {
  const r = await d(method, input);
  if (!r.ok) throw Object.assign(new Error(`${method}: ${r.error.code} ${r.error.message}`), { code: r.error.code });
  return r.value as T;
};
const codeOf = async (method: string, input: unknown, d = dispatch) => {
  const r = await d(method, input);
  return r.ok ? 'ok' : r.error.code;
};

describe('export recipes, plan and destinations', () => {
  it('saves, lists and removes named recipes in the workspace; a bad one is refused naming the field', async () => {
    const spec = { preset: 'product-page', sku: 'SKU-77', width: 480, height: 720, naming: '{sku}_{shot}_{scene}' };
    await call('export.saveRecipe', { name: 'PDP small', ...spec });
    const saved = await call<ExportRecipeView[]>('export.saveRecipe', { name: 'Social', preset: 'social' });
    expect(saved).toEqual([
      { name: 'PDP small', ...spec },
      { name: 'Social', preset: 'social', sku: '', width: null, height: null, naming: null },
    ]);
    expect(await call('export.recipes', {})).toEqual(saved);
    expect(await codeOf('export.saveRecipe', { name: 'x', preset: 'no-such' })).toBe('EXPORT_PRESET_NOT_FOUND');
    expect(await codeOf('export.saveRecipe', { name: 'x', preset: 'social', naming: '{nope}' })).toBe(
      'EXPORT_RECIPE_INVALID',
    );
    expect(await call<ExportRecipeView[]>('export.removeRecipe', { name: 'Social' })).toHaveLength(1);
    expect(await codeOf('export.removeRecipe', { name: 'Social' })).toBe('EXPORT_RECIPE_NOT_FOUND');
  });

  it('plans the names and the upscale before running: 240×360 into 2000×3000 is 8.33×', async () => {
    const plan = await call<ExportPlanView>('export.plan', {
      preset: 'product-page',
      sku: 'SKU-9',
      naming: '{sku}_{shot}_{index}',
    });
    expect(plan).toMatchObject({ width: 2000, height: 3000, upscale: 'warn' });
    // Shots of the fixture carry their own SKUs, which win over the recipe's.
    expect(plan.files.map((f) => f.file)).toEqual(['SKU-100_Shot-shot-a1_001.jpg', 'SKU-300_Shot-shot-b1_002.jpg']);
    expect(plan.upscaled.map((f) => [f.width, f.height, f.factor])).toEqual([
      [240, 360, 8.33],
      [240, 360, 8.33],
    ]);
    const inside = await call<ExportPlanView>('export.plan', { preset: 'product-page', width: 200, height: 300 });
    expect(inside.upscaled).toEqual([]);
    expect(await codeOf('export.plan', { preset: 'product-page', width: 12 })).toBe('EXPORT_RECIPE_INVALID');
  });

  it('browser mode: exports a zip that the server streams as a download, with the recipe applied and sRGB embedded', async () => {
    const report = await call<ExportReportView>(
      'export.run',
      { preset: 'social', width: 240, height: 300, naming: '{sku}_{shot}_{date}', zip: true },
      browser,
    );
    expect(report.download).toMatch(/^\/exports\/social-\d{8}-\d{6}\.zip$/);
    expect(report.upscaled).toEqual([]);
    const res = await fetch(`http://127.0.0.1:${server.port}${report.download}`, {
      headers: { 'x-studio-token': server.token },
    });
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('application/zip');
    expect(res.headers.get('content-disposition')).toMatch(/^attachment; filename="social-.*\.zip"$/);
    const entries = unzipSync(new Uint8Array(await res.arrayBuffer()));
    const images = Object.keys(entries).filter((n) => n.endsWith('.webp'));
    const date = fx.studio.ws.now().toISOString().slice(0, 10).replace(/-/g, '');
    expect(images).toEqual([`SKU-100_Shot-shot-a1_${date}.webp`, `SKU-300_Shot-shot-b1_${date}.webp`]);
    const meta = await sharp(Buffer.from(entries[images[0]!]!)).metadata();
    expect([meta.width, meta.height]).toEqual([240, 300]);
    expect(iccDescription(meta.icc!)).toMatch(/sRGB/);
    // The download serves zips under exports/ only, by name, to the token holder.
    const get = (p: string, token = server.token) =>
      fetch(`http://127.0.0.1:${server.port}${p}`, { headers: { 'x-studio-token': token } }).then((r) => r.status);
    expect(await get('/exports/..%2Fstudio.db')).toBe(404);
    expect(await get('/exports/missing.zip')).toBe(404);
    expect(await get(report.download!, 'wrong')).toBe(401);
    // Browser mode has no folder dialog or "open folder": it says so, typed.
    expect(await codeOf('export.chooseFolder', {}, browser)).toBe('SERVICE_UNAVAILABLE');
  });

  it('desktop: a preset that refuses upscaling stops before writing; the chosen folder is revealed after', async () => {
    writeFileSync(
      path.join(fx.studio.ws.layout.root, 'export-presets.json'),
      JSON.stringify({
        format: 'export-presets/1',
        presets: [
          {
            name: 'strict',
            width: 480,
            height: 720,
            fit: 'cover',
            format: 'jpeg',
            upscale: 'refuse',
            naming: '{sku}_{n}',
          },
        ],
      }),
    );
    const { path: folder } = await call<{ path: string }>('export.chooseFolder', {});
    mkdirSync(folder);
    expect(await codeOf('export.run', { preset: 'strict', parent: folder })).toBe('EXPORT_UPSCALE_REFUSED');
    expect(readdirSync(folder)).toEqual([]);
    // The chosen folder may hold anything: the batch gets its own folder inside it.
    writeFileSync(path.join(folder, 'notes.txt'), 'not ours');
    const report = await call<ExportReportView>('export.run', {
      preset: 'strict',
      width: 240,
      height: 360,
      parent: folder,
    });
    expect(path.relative(folder, report.dir)).toMatch(/^strict-\d{8}-\d{6}$/);
    expect(report.download).toBeNull();
    expect(report.exported).toEqual(['SKU-100_1.jpg', 'SKU-300_1.jpg']);
    expect(await call('export.reveal', { runId: report.runId })).toEqual({ opened: true });
    expect(revealed).toEqual([report.dir]);
    expect(await codeOf('export.reveal', { runId: 'export-nope' })).toBe('EXPORT_RUN_UNKNOWN');
  });
});
