import type { ProviderName } from '../../src/render/index.ts';

/** One benchmark: yields one JSON-able result per measured case (each printed as one line). */
export interface Benchmark {
  name: string;
  run(options: { iterations: number; log: (line: string) => void }): AsyncIterable<Record<string, unknown>>;
}

export function median(values: readonly number[]): number {
  const s = [...values].sort((a, b) => a - b);
  const m = Math.floor(s.length / 2);
  return s.length % 2 ? (s[m] as number) : ((s[m - 1] as number) + (s[m] as number)) / 2;
}

export const round = (v: number, digits = 1): number => Math.round(v * 10 ** digits) / 10 ** digits;

/** The execution provider the render benchmarks use: TWIN_BENCH_PROVIDER (e.g. webgpu on a GPU machine), else the CPU. */
export function benchProvider(): ProviderName {
  return (process.env.TWIN_BENCH_PROVIDER as ProviderName | undefined) ?? 'cpu';
}
