import sharp from 'sharp';
import { blendBlock, blendSparse, blendSparseWindow, div255, toSparse, type SparseLayer } from './blend.ts';
import { StudioError } from '../errors/index.ts';
import { layOut, pixelKernel, residentOffset, type PixelKernel } from './kernel/kernel.ts';
import {
  disclosureText,
  labelMetrics,
  layoutBadge,
  PLATE_OPACITY,
  TILE_OPACITY,
  TILE_TEXT,
  validCode,
  type BadgeLayout,
  type LabelRequest,
} from './labelLayout.ts';
import type { RgbaImage } from './types.ts';

/** Condensed faces first so the 5 % rule costs fewer lines; any sans-serif works because widths are measured. */
const TEXT_FONT = 'DejaVu Sans Condensed,Liberation Sans Narrow,Arial Narrow,sans-serif Bold';
const CODE_FONT = 'DejaVu Sans Mono,Liberation Mono,Menlo,Consolas,monospace Bold';
const TILE_FONT_FAMILY = 'DejaVu Sans, Liberation Sans, Arial, sans-serif';

export interface RenderedText {
  data: Buffer;
  width: number;
  height: number;
}

export interface ExpectedBadge {
  layout: BadgeLayout;
  capHeightPx: number;
  textBlock: RenderedText;
  codeBlock: RenderedText;
}

export interface LabelResult extends RgbaImage {
  layout: BadgeLayout;
  capHeightPx: number;
}

/**
 * What drawing a label does to an opaque image, pixel by pixel: the pixels it changes and, for each, the RGB it
 * leaves over black and over white. Every step of the label is an "over" blend, so a changed pixel is
 * onBlack + k·original with k = (onWhite − onBlack) / 255, which is how an export takes a stored label out.
 */
export interface LabelCoverage {
  layout: BadgeLayout;
  /** Pixel indices (y * width + x): the tiled mark's pixels outside the plate, then every pixel of the plate. */
  indices: Uint32Array;
  /** 3 bytes (RGB) per index. */
  onBlack: Uint8Array;
  onWhite: Uint8Array;
}

/** A label laid out and rasterised for one image size and wording: drawing it is then synchronous. */
export interface PreparedLabel {
  layout: BadgeLayout;
  capHeightPx: number;
  /**
   * Draws the badge and the tiled mark onto RGBA pixels of the prepared size, in place: in the pixel kernel when
   * the pixels are resident there (withResidentImage), otherwise in TypeScript. Both give the same bytes.
   */
  draw(pixels: Uint8Array): void;
}

export interface LabelRenderer {
  /** Lays out and rasterises the label for this size and wording (the text renders asynchronously). */
  prepare(width: number, height: number, request: LabelRequest): Promise<PreparedLabel>;
  /**
   * Draws the badge and the tiled mark over the image, onto a copy (or, with `inPlace`, onto `image.data`
   * itself). There is no way to ask for less.
   */
  drawLabel(image: RgbaImage, request: LabelRequest, options?: { inPlace?: boolean }): Promise<LabelResult>;
  /** Where and how the label changes an opaque image of this size (used to take a stored label out). */
  coverage(width: number, height: number, request: LabelRequest): Promise<LabelCoverage>;
  /** The badge this image and wording get, without drawing: layout plus the glyph masks (used by inspection). */
  expectedBadge(width: number, height: number, request: LabelRequest): Promise<ExpectedBadge>;
}

function escapeMarkup(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

async function renderText(markup: string, font: string, px: number, wrapWidth: number): Promise<RenderedText> {
  const { data, info } = await sharp({ text: { text: markup, font: `${font} ${px}px`, dpi: 72, rgba: true, width: wrapWidth, wrap: 'word-char', spacing: 0 } })
    .raw()
    .toBuffer({ resolveWithObject: true });
  if (info.channels !== 4) throw new StudioError('BUG', `Expected RGBA text, got ${info.channels} channels`);
  return { data, width: info.width, height: info.height };
}

/** Rows that carry ink (alpha > half), so glyph height is measured, not assumed from font metrics. */
function inkHeight(text: RenderedText): number {
  let top = -1;
  let bottom = -1;
  for (let y = 0; y < text.height; y++) {
    for (let x = 0; x < text.width; x++) {
      if ((text.data[(y * text.width + x) * 4 + 3] ?? 0) > 127) {
        if (top < 0) top = y;
        bottom = y;
        break;
      }
    }
  }
  return top < 0 ? 0 : bottom - top + 1;
}

function tileSvg(width: number, height: number, shortSide: number): Buffer {
  const fs = Math.max(8, Math.round(shortSide * 0.032));
  const tw = Math.round(fs * 13);
  const th = Math.round(fs * 6);
  const stroke = Math.max(1, fs * 0.08).toFixed(1);
  const text = (x: number, y: number) =>
    `<text x="${x}" y="${y}" font-family="${TILE_FONT_FAMILY}" font-weight="bold" font-size="${fs}" fill="#ffffff" stroke="#000000" stroke-width="${stroke}" paint-order="stroke">${TILE_TEXT}</text>`;
  // Group opacity flattens fill and stroke first, so no pixel of the mark exceeds TILE_OPACITY.
  return Buffer.from(
    `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}">` +
      `<defs><pattern id="t" width="${tw}" height="${th}" patternUnits="userSpaceOnUse" patternTransform="rotate(-30)">` +
      `${text(fs * 0.5, fs * 1.5)}${text(fs * 0.5 + tw / 2, fs * 4.5)}${text(fs * 0.5 - tw / 2, fs * 4.5)}` +
      `</pattern></defs><g opacity="${TILE_OPACITY}"><rect width="${width}" height="${height}" fill="url(#t)"/></g></svg>`,
  );
}

function plateSvg(width: number, height: number, radius: number): Buffer {
  return Buffer.from(
    `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}"><rect width="${width}" height="${height}" rx="${radius}" ry="${radius}" fill="#000000" fill-opacity="${PLATE_OPACITY}"/></svg>`,
  );
}

async function rasterise(svg: Buffer): Promise<RenderedText> {
  const { data, info } = await sharp(svg).ensureAlpha().raw().toBuffer({ resolveWithObject: true });
  return { data, width: info.width, height: info.height };
}

/** A small LRU: the tiling layer and the disclosure block repeat across a batch of the same size. */
function createCache<T>(limit: number): { get(key: string, make: () => Promise<T>): Promise<T> } {
  const entries = new Map<string, Promise<T>>();
  return {
    get(key, make) {
      const hit = entries.get(key);
      if (hit) {
        entries.delete(key);
        entries.set(key, hit);
        return hit;
      }
      const made = make();
      made.catch(() => entries.delete(key));
      entries.set(key, made);
      while (entries.size > limit) entries.delete(entries.keys().next().value as string);
      return made;
    },
  };
}

/**
 * The tiled mark's pixels outside the plate: there it is the only blend, so over black (0) and over white (255)
 * it leaves div255(premultiplied) and div255(premultiplied + 255 · (255 − a)), as blendSparse computes them.
 */
function tileOutside(tile: SparseLayer, width: number, box: { left: number; top: number; width: number; height: number }): Pick<LabelCoverage, 'indices' | 'onBlack' | 'onWhite'> {
  const keep: number[] = [];
  for (let k = 0; k < tile.indices.length; k++) {
    const index = tile.indices[k] as number;
    const x = index % width;
    const y = (index - x) / width;
    if (x < box.left || x >= box.left + box.width || y < box.top || y >= box.top + box.height) keep.push(k);
  }
  const indices = new Uint32Array(keep.length);
  const onBlack = new Uint8Array(keep.length * 3);
  const onWhite = new Uint8Array(keep.length * 3);
  for (const [n, k] of keep.entries()) {
    const ia = 255 - (tile.rgba[k * 4 + 3] as number);
    indices[n] = tile.indices[k] as number;
    for (let c = 0; c < 3; c++) {
      const pre = tile.premultiplied[k * 3 + c] as number;
      onBlack[n * 3 + c] = div255(pre);
      onWhite[n * 3 + c] = div255(pre + 255 * ia);
    }
  }
  return { indices, onBlack, onWhite };
}

export function createLabelRenderer(options: { cacheSize?: number } = {}): LabelRenderer {
  const limit = options.cacheSize ?? 16;
  const tiles = createCache<SparseLayer>(limit);
  const texts = createCache<RenderedText>(limit * 4);
  const plates = createCache<RenderedText>(limit);
  const backdrops = createCache<RenderedText>(limit);
  const outsides = createCache<Pick<LabelCoverage, 'indices' | 'onBlack' | 'onWhite'>>(limit);
  const capRatios = createCache<number>(4);

  async function capRatio(font: string): Promise<number> {
    return capRatios.get(font, async () => {
      const probe = await renderText('H', font, 200, 4000);
      const ratio = inkHeight(probe) / 200;
      if (!(ratio > 0.3 && ratio < 1)) throw new StudioError('LABEL_FONT_UNUSABLE', `Expected a cap-height ratio between 0.3 and 1 for ${font}, measured ${ratio}`, { font, ratio });
      return ratio;
    });
  }

  async function blocks(width: number, height: number, request: LabelRequest) {
    const text = disclosureText(request);
    const code = validCode(request.code);
    const metrics = labelMetrics(width, height);
    const wrapWidth = Math.max(8, width - 2 * metrics.margin - 2 * metrics.padX);
    const ratio = Math.min(await capRatio(TEXT_FONT), await capRatio(CODE_FONT));
    // 3 % headroom: hinting can round a glyph a pixel shorter than the metrics say.
    const px = Math.ceil((metrics.minCapHeight * 1.03) / ratio);
    const [textBlock, codeBlock] = await Promise.all([
      texts.get(`t|${px}|${wrapWidth}|${text}`, () => renderText(`<span foreground="#ffffff">${escapeMarkup(text)}</span>`, TEXT_FONT, px, wrapWidth)),
      renderText(`<span foreground="#f2f2f2">${escapeMarkup(code)}</span>`, CODE_FONT, px, wrapWidth),
    ]);
    const layout = layoutBadge(width, height, metrics, textBlock, codeBlock, request.corner ?? 'bottom-right');
    return { metrics, textBlock, codeBlock, layout, capHeightPx: Math.round(px * ratio) };
  }

  async function layers(width: number, height: number, request: LabelRequest) {
    const { metrics, textBlock, codeBlock, layout, capHeightPx } = await blocks(width, height, request);
    const plateKey = `${layout.plate.width}x${layout.plate.height}|${metrics.radius}`;
    const [tile, backdrop] = await Promise.all([
      tiles.get(`${width}x${height}`, async () => toSparse(await rasterise(tileSvg(width, height, metrics.shortSide)))),
      // The plate with the disclosure on it, composed once per size and wording: only the code changes per image.
      backdrops.get(`${plateKey}|${disclosureText(request)}|${layout.text.left - layout.plate.left},${layout.text.top - layout.plate.top}`, async () => {
        const plate = await plates.get(plateKey, () => rasterise(plateSvg(layout.plate.width, layout.plate.height, metrics.radius)));
        const composed = { data: Buffer.from(plate.data), width: plate.width, height: plate.height };
        blendBlock(composed.data, composed.width, textBlock, layout.text.left - layout.plate.left, layout.text.top - layout.plate.top);
        return composed;
      }),
    ]);
    return { tile, backdrop, codeBlock, layout, capHeightPx };
  }

  /** The badge's blends in drawing order (plate with disclosure, then the code), at an offset into `dst`. */
  function blendBadge(dst: Uint8Array, dstWidth: number, parts: { backdrop: RenderedText; codeBlock: RenderedText; layout: BadgeLayout }, left: number, top: number): void {
    const { backdrop, codeBlock, layout } = parts;
    blendBlock(dst, dstWidth, backdrop, left, top);
    blendBlock(dst, dstWidth, codeBlock, left + layout.code.left - layout.plate.left, top + layout.code.top - layout.plate.top);
  }

  /** The label's blends in the pixel kernel, onto the resident image at `pixelsAt`: the same as blendSparse + blendBadge. */
  function drawInKernel(kernel: PixelKernel, pixelsAt: number, width: number, parts: { tile: SparseLayer; backdrop: RenderedText; codeBlock: RenderedText; layout: BadgeLayout }): void {
    const { tile, backdrop, codeBlock, layout } = parts;
    const [indicesAt, rgbaAt, backdropAt, codeAt] = layOut(kernel, [tile.indices.byteLength, tile.rgba.byteLength, backdrop.data.byteLength, codeBlock.data.byteLength]) as [number, number, number, number];
    const memory = kernel.memory.buffer;
    new Uint32Array(memory, indicesAt, tile.indices.length).set(tile.indices);
    new Uint8Array(memory, rgbaAt, tile.rgba.length).set(tile.rgba);
    new Uint8Array(memory, backdropAt, backdrop.data.length).set(backdrop.data);
    new Uint8Array(memory, codeAt, codeBlock.data.length).set(codeBlock.data);
    kernel.blendSparse(pixelsAt, indicesAt, rgbaAt, tile.indices.length);
    kernel.blendBlock(pixelsAt, width, backdropAt, backdrop.width, backdrop.height, layout.plate.left, layout.plate.top);
    kernel.blendBlock(pixelsAt, width, codeAt, codeBlock.width, codeBlock.height, layout.code.left, layout.code.top);
  }

  function checkSize(width: number, height: number, bytes: number): void {
    if (!Number.isInteger(width) || !Number.isInteger(height) || width < 16 || height < 16 || bytes !== width * height * 4) {
      throw new StudioError('LABEL_IMAGE_INVALID', `Expected RGBA pixels of at least 16×16, got ${width}×${height} with ${bytes} bytes`, { width, height, bytes });
    }
  }

  async function prepare(width: number, height: number, request: LabelRequest): Promise<PreparedLabel> {
    checkSize(width, height, width * height * 4);
    const parts = await layers(width, height, request);
    const { tile, layout, capHeightPx } = parts;
    return {
      layout,
      capHeightPx,
      draw(pixels) {
        checkSize(width, height, pixels.length);
        const kernel = pixelKernel();
        const pixelsAt = residentOffset(kernel, pixels);
        if (pixelsAt !== null) {
          drawInKernel(kernel, pixelsAt, width, parts);
          return;
        }
        blendSparse(pixels, tile);
        blendBadge(pixels, width, parts, layout.plate.left, layout.plate.top);
      },
    };
  }

  async function drawLabel(image: RgbaImage, request: LabelRequest, options: { inPlace?: boolean } = {}): Promise<LabelResult> {
    const { width, height, data } = image;
    checkSize(width, height, data.length);
    const label = await prepare(width, height, request);
    const out = options.inPlace ? data : Buffer.from(data);
    label.draw(out);
    return { data: out, width, height, layout: label.layout, capHeightPx: label.capHeightPx };
  }

  async function coverage(width: number, height: number, request: LabelRequest): Promise<LabelCoverage> {
    const parts = await layers(width, height, request);
    const { tile, layout } = parts;
    const box = layout.plate;
    // The plate region is drawn for real, on black and on white crops, exactly as drawLabel blends it.
    const drawPlate = (fill: number): Uint8Array => {
      const crop = new Uint8Array(box.width * box.height * 4).fill(fill);
      for (let i = 3; i < crop.length; i += 4) crop[i] = 255;
      blendSparseWindow(crop, tile, width, box);
      blendBadge(crop, box.width, parts, 0, 0);
      return crop;
    };
    const [plateBlack, plateWhite] = [drawPlate(0), drawPlate(255)];
    const outside = await outsides.get(`${width}x${height}|${box.left},${box.top},${box.width},${box.height}`, async () => tileOutside(tile, width, box));
    const count = outside.indices.length + box.width * box.height;
    const indices = new Uint32Array(count);
    const onBlack = new Uint8Array(count * 3);
    const onWhite = new Uint8Array(count * 3);
    indices.set(outside.indices);
    onBlack.set(outside.onBlack);
    onWhite.set(outside.onWhite);
    let n = outside.indices.length;
    for (let y = 0; y < box.height; y++) {
      for (let x = 0; x < box.width; x++, n++) {
        const p = (y * box.width + x) * 4;
        indices[n] = (box.top + y) * width + box.left + x;
        for (let c = 0; c < 3; c++) {
          onBlack[n * 3 + c] = plateBlack[p + c] as number;
          onWhite[n * 3 + c] = plateWhite[p + c] as number;
        }
      }
    }
    return { layout, indices, onBlack, onWhite };
  }

  async function expectedBadge(width: number, height: number, request: LabelRequest): Promise<ExpectedBadge> {
    const { layout, capHeightPx, textBlock, codeBlock } = await blocks(width, height, request);
    return { layout, capHeightPx, textBlock, codeBlock };
  }

  return { prepare, drawLabel, coverage, expectedBadge };
}

