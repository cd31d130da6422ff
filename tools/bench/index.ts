import { renderBenchmark } from './render.ts';
import type { Benchmark } from './types.ts';

/** Every benchmark `npm run bench` knows; add yours here (watermark, stamping, export, registry…). */
export const BENCHMARKS: readonly Benchmark[] = [renderBenchmark];
