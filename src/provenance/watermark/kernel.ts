import { WATERMARK_KERNEL_WASM } from './kernelWasm.ts';

/**
 * The watermark's WebAssembly kernel (kernel.wat, built by `npm run wasm:build`): one instance per thread, its
 * memory a scratch area that grows to the largest image seen (pixels pass through it a band at a time).
 */
/** The little of WebAssembly's JavaScript API used here (TypeScript declares it in the DOM lib, which the core leaves out). */
declare const WebAssembly: {
  Module: new (bytes: Uint8Array) => object;
  Instance: new (module: object) => { exports: object };
};

export interface WatermarkKernel {
  memory: { readonly buffer: ArrayBuffer; grow(pages: number): number };
  lumaCells(px: number, width: number, rows: number, stride: number, xs: number, cells: number, acc: number, sums: number): void;
  amplitudeMap(work: number, w: number, h: number, scratch: number, out: number, base: number, maskMin: number, maskMax: number, activityRef: number): void;
  upsampleRows(mark: number, workWidth: number, workHeight: number, k0: number, k1: number, frac: number, width: number, out: number): void;
  pairSums(rows: number, count: number, width: number, sums: number): void;
  addMarkRow(px: number, a: number, b: number, n: number, wa: number, wb: number): void;
}

let instance: WatermarkKernel | undefined;

export function watermarkKernel(): WatermarkKernel {
  instance ??= new WebAssembly.Instance(new WebAssembly.Module(Buffer.from(WATERMARK_KERNEL_WASM, 'base64'))).exports as unknown as WatermarkKernel;
  return instance;
}

const PAGE_BYTES = 65_536;

/**
 * Places arrays of these byte sizes one after another in the kernel's memory from offset 0, 16-byte aligned,
 * growing it once to fit them all; returns their offsets. The memory is scratch for one synchronous call: every
 * caller lays out afresh, copies its results out before returning, and never awaits in between. Views made
 * after this call stay valid until the next one.
 */
export function layOut(kernel: WatermarkKernel, bytes: readonly number[]): number[] {
  const offsets: number[] = [];
  let end = 0;
  for (const size of bytes) {
    offsets.push(end);
    end += Math.ceil(size / 16) * 16;
  }
  const have = kernel.memory.buffer.byteLength;
  if (have < end) kernel.memory.grow(Math.ceil((end - have) / PAGE_BYTES));
  return offsets;
}
