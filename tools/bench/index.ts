import { batchBenchmark } from './batch.ts';
import { canvasBenchmark } from './canvas.ts';
import { clickBenchmark } from './click.ts';
import { cutoutBenchmark } from './cutout.ts';
import { exportBenchmark } from './export.ts';
import { galleryBenchmark } from './gallery.ts';
import { galleryUiBenchmark } from './galleryUi.ts';
import { ledgerBenchmark } from './ledger.ts';
import { packBenchmark } from './pack.ts';
import { poseBenchmark } from './pose.ts';
import { registryBenchmark } from './registry.ts';
import { renderBenchmark } from './render.ts';
import { scaleBenchmark } from './scale.ts';
import { stampBenchmark } from './stamp.ts';
import { tilesBenchmark } from './tiles.ts';
import { tlogBenchmark } from './tlog.ts';
import type { Benchmark } from './types.ts';
import { upscaleBenchmark } from './upscale.ts';
import { watermarkBenchmark } from './watermark.ts';

/** Every benchmark `npm run bench` knows; add yours here (watermark, stamping, export, registry…). */
export const BENCHMARKS: readonly Benchmark[] = [
  renderBenchmark,
  stampBenchmark,
  watermarkBenchmark,
  exportBenchmark,
  registryBenchmark,
  tlogBenchmark,
  ledgerBenchmark,
  upscaleBenchmark,
  tilesBenchmark,
  packBenchmark,
  batchBenchmark,
  scaleBenchmark,
  galleryBenchmark,
  galleryUiBenchmark,
  poseBenchmark,
  clickBenchmark,
  canvasBenchmark,
  cutoutBenchmark,
];
