/**
 * Export throughput: N approved outputs exported with a preset (screen → take the stored label out →
 * resize → label → watermark → encode → C2PA → commit with an export record), against a plain sharp
 * resize + encode + write of the same stored files in the same run. Prints one JSON line.
 *
 *   npx node tools/bench-export.ts            # 200 outputs of 512×768, preset marketplace
 *   BENCH_N=50 BENCH_PRESET=product-page BENCH_SIZE=800x1200 npx node tools/bench-export.ts
 */
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import sharp from 'sharp';
import { reviewFor } from '../src/app/index.ts';
import { exportBatch, findPreset, type ExportPreset } from '../src/export/index.ts';
import type { OutputEntry } from '../src/outputs/index.ts';
import { makeOutputsFixture } from '../tests/helpers/outputsFixture.ts';

const N = Number(process.env.BENCH_N ?? 200);
const PRESET = process.env.BENCH_PRESET ?? 'marketplace';
const [W, H] = (process.env.BENCH_SIZE ?? '512x768').split('x').map(Number) as [number, number];

/** What a producer would do without the studio: resize and encode each stored file to the preset, write it. */
async function plainExport(outputs: OutputEntry[], preset: ExportPreset, dir: string): Promise<number> {
  mkdirSync(dir, { recursive: true });
  const started = performance.now();
  for (const [i, o] of outputs.entries()) {
    const pipeline = sharp(readFileSync(o.file))
      .resize(preset.width, preset.height, {
        fit: preset.fit,
        position: 'centre',
        background: preset.background,
        kernel: 'lanczos3',
      })
      .flatten({ background: preset.background })
      .toColourspace('srgb');
    const bytes =
      preset.format === 'jpeg'
        ? await pipeline
            .jpeg({ quality: preset.quality, chromaSubsampling: preset.quality >= 90 ? '4:4:4' : '4:2:0' })
            .toBuffer()
        : preset.format === 'webp'
          ? await pipeline.webp({ quality: preset.quality }).toBuffer()
          : await pipeline.png({ compressionLevel: 3 }).toBuffer();
    writeFileSync(path.join(dir, `${i}.${preset.format}`), bytes);
  }
  return performance.now() - started;
}

const fx = await makeOutputsFixture({ maxImages: N + 10 });
try {
  const review = reviewFor(fx.studio);
  const outputs: OutputEntry[] = [];
  const shots = ['shot-a1', 'shot-a2', 'shot-b1'];
  for (let i = 0; i < N; i++) {
    const output = await fx.render(shots[i % shots.length] as string, { width: W, height: H, seed: i + 1 });
    review.approve(output.outputId, { by: 'bench' });
    outputs.push(output);
  }
  const preset = findPreset(fx.workspaceDir, PRESET);
  // Warm both paths once (JIT, sharp's first-use costs) on a throwaway batch of three.
  await plainExport(outputs.slice(0, 3), preset, path.join(fx.dir, 'warm-plain'));

  const plainMs = await plainExport(outputs, preset, path.join(fx.dir, 'plain'));
  const report = await exportBatch({
    studio: fx.studio,
    stamper: fx.kit.stamper,
    labels: fx.kit.labels,
    preset,
    out: path.join(fx.dir, 'batch'),
  });
  if (report.exported.length !== N)
    throw new Error(
      `Expected all ${N} outputs to export, ${report.heldBack.length} were held back: ${JSON.stringify(report.heldBack.slice(0, 3))}`,
    );
  const exportMs = report.timings.totalMs;
  const perImage = (ms: number) => Math.round((ms / N) * 10) / 10;
  const share = Object.fromEntries(
    Object.entries(report.timings)
      .filter(([k]) => k !== 'totalMs')
      .map(([k, v]) => [k.replace(/Ms$/, ''), perImage(v)]),
  );
  console.log(
    JSON.stringify({
      bench: 'export',
      preset: preset.name,
      frame: `${preset.width}x${preset.height}`,
      format: preset.format,
      storedSize: `${W}x${H}`,
      images: N,
      exported: report.exported.length,
      exportImagesPerSec: Math.round((N / (exportMs / 1000)) * 100) / 100,
      plainImagesPerSec: Math.round((N / (plainMs / 1000)) * 100) / 100,
      ratio: Math.round((plainMs / exportMs) * 1000) / 1000,
      msPerImage: { export: perImage(exportMs), plain: perImage(plainMs), ...share },
      cpus: os.cpus().length,
    }),
  );
} finally {
  fx.cleanup();
}
