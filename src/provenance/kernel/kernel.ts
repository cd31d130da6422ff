import { BugError } from '../../errors/index.ts';
import { PIXEL_KERNEL_WASM } from './kernelWasm.ts';

/** The little of WebAssembly's JavaScript API used here (TypeScript declares it in the DOM lib, which the core leaves out). */
declare const WebAssembly: {
  Module: new (bytes: Uint8Array) => object;
  Instance: new (module: object) => { exports: object };
};

/**
 * The stamp's WebAssembly kernel (kernel.wat, built by `npm run wasm:build`): one instance per thread. Its memory
 * is scratch for synchronous passes: an image being stamped (withResidentImage), then whatever each pass lays out.
 */
export interface PixelKernel {
  memory: { readonly buffer: ArrayBuffer; grow(pages: number): number };
  blendSparse(px: number, indices: number, rgba: number, n: number): void;
  blendBlock(px: number, imageWidth: number, block: number, bw: number, bh: number, left: number, top: number): void;
  lumaCells(
    px: number,
    width: number,
    rows: number,
    stride: number,
    xs: number,
    cells: number,
    acc: number,
    sums: number,
  ): void;
  amplitudeMap(
    work: number,
    w: number,
    h: number,
    scratch: number,
    out: number,
    base: number,
    maskMin: number,
    maskMax: number,
    activityRef: number,
  ): void;
  upsampleRows(
    mark: number,
    workWidth: number,
    workHeight: number,
    k0: number,
    k1: number,
    frac: number,
    width: number,
    out: number,
  ): void;
  pairSums(rows: number, count: number, width: number, sums: number): void;
  addMarkRow(px: number, a: number, b: number, n: number, wa: number, wb: number): void;
}

let instance: PixelKernel | undefined;

export function pixelKernel(): PixelKernel {
  instance ??= new WebAssembly.Instance(new WebAssembly.Module(Buffer.from(PIXEL_KERNEL_WASM, 'base64')))
    .exports as unknown as PixelKernel;
  return instance;
}

const PAGE_BYTES = 65_536;
const align16 = (bytes: number): number => Math.ceil(bytes / 16) * 16;

/** Bytes at the start of the memory that hold a resident image (0 when none). */
let resident = 0;

function ensureBytes(kernel: PixelKernel, end: number): void {
  const have = kernel.memory.buffer.byteLength;
  if (have >= end) return;
  // Growing detaches every view of the memory, the resident image's included: the room is made before one exists.
  if (resident > 0)
    throw new BugError(
      `The pixel kernel needs ${end} bytes while an image is resident in ${have}; withResidentImage reserves too little`,
    );
  kernel.memory.grow(Math.ceil((end - have) / PAGE_BYTES));
}

/**
 * Places arrays of these byte sizes one after another in the kernel's memory (after a resident image), 16-byte
 * aligned, growing it to fit them all; returns their offsets. The memory is scratch for one synchronous call:
 * every caller lays out afresh, copies its results out before returning, and never awaits in between.
 */
export function layOut(kernel: PixelKernel, bytes: readonly number[]): number[] {
  const offsets: number[] = [];
  let end = resident;
  for (const size of bytes) {
    offsets.push(end);
    end += align16(size);
  }
  ensureBytes(kernel, end);
  return offsets;
}

/** Where `data` lies in the kernel's memory when it is the resident image's view; otherwise null. */
export function residentOffset(kernel: PixelKernel, data: ArrayBufferView): number | null {
  return resident > 0 && data.buffer === kernel.memory.buffer ? data.byteOffset : null;
}

/**
 * Scratch room every pass over a resident image may lay out, per image byte (RGBA): the label's proof-mark tile
 * lists (one tile, ~15 % of it covered, at 8 bytes per covered pixel, four cuts of it: ~0.25 per image byte at any
 * size) and its plate (≤ 2.5 % of the frame), or the watermark's rows and planes (~1 KB per pixel of the long
 * side), with room to spare. The memory holds the image once more at most: bounded at any size.
 */
const SCRATCH_PER_BYTE = 1;
const SCRATCH_MIN = 8 << 20;

/**
 * Copies RGBA pixels into the kernel's memory, runs `run` on that copy (the label's and the watermark's passes
 * then read and write it in place, with no copy per pass), and copies the result back into `data`. Synchronous:
 * nothing else uses the kernel meanwhile. The memory is grown once, before, so views of it stay valid throughout.
 */
export function withResidentImage<T>(data: Uint8Array, run: (pixels: Uint8Array) => T): T {
  const kernel = pixelKernel();
  if (resident > 0) throw new BugError('withResidentImage does not nest');
  const bytes = align16(data.byteLength);
  ensureBytes(kernel, bytes + Math.max(SCRATCH_MIN, SCRATCH_PER_BYTE * data.byteLength));
  const pixels = new Uint8Array(kernel.memory.buffer, 0, data.byteLength);
  pixels.set(data);
  resident = bytes;
  try {
    const result = run(pixels);
    data.set(pixels);
    return result;
  } finally {
    resident = 0;
  }
}
