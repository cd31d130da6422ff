import sharp from 'sharp';
import { blendBlock, blendSparse, toSparse, type SparseLayer } from './blend.ts';
import { StudioError } from '../errors/index.ts';
import type { ForegroundMask } from './foreground.ts';
import { layOut, pixelKernel, residentOffset, type PixelKernel } from './kernel/kernel.ts';
import {
  chooseCorner,
  disclosureText,
  labelMetrics,
  placeBadge,
  PLATE_OPACITY,
  shapeBadge,
  validCode,
  type BadgeLayout,
  type BadgeShape,
  type CornerChoice,
  type LabelCorner,
  type LabelMetrics,
  type LabelRequest,
} from './labelLayout.ts';
import {
  markInstances,
  markOutside,
  markTiles,
  markWindow,
  tileSvg,
  type MarkCoverage,
  type MarkTiles,
} from './proofMark.ts';
import type { RgbaImage } from './types.ts';

/** Condensed faces first so the badge stays compact; any sans-serif works because widths are measured. */
const TEXT_FONT = 'DejaVu Sans Condensed,Liberation Sans Narrow,Arial Narrow,sans-serif Bold';
const CODE_FONT = 'DejaVu Sans Mono,Liberation Mono,Menlo,Consolas,monospace Bold';
/** The badge's corner when neither the request nor a foreground mask says otherwise. */
const DEFAULT_CORNER: LabelCorner = 'bottom-right';

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
  /** Pixel indices (y * width + x): the proof mark's pixels outside the plate, then every pixel of the plate. */
  indices: Uint32Array;
  /** 3 bytes (RGB) per index. */
  onBlack: Uint8Array;
  onWhite: Uint8Array;
}

/** How a label is drawn: in which corner, and whether the proof mark goes under it. */
export interface LabelPlacement {
  corner: LabelCorner;
  /**
   * The tiled diagonal proof mark, on every working render and proof; only the export of an approved output
   * leaves it out (the badge is never left out).
   */
  proofMark: boolean;
}

/** A label laid out and rasterised for one image size and wording: placing and drawing it are then synchronous. */
export interface PreparedLabel {
  capHeightPx: number;
  /** The plate's size and the text blocks on it. */
  shape: BadgeShape;
  /** The badge placed in a corner. */
  layout(corner: LabelCorner): BadgeLayout;
  /** The corner the badge takes: the request's, else the first clear one of `preference` (see chooseCorner). */
  choose(preference: readonly LabelCorner[], mask: ForegroundMask | undefined): CornerChoice;
  /**
   * Draws the proof mark (when asked) and the badge onto RGBA pixels of the prepared size, in place: in the pixel
   * kernel when the pixels are resident there (withResidentImage), otherwise in TypeScript. Both give the same bytes.
   */
  draw(pixels: Uint8Array, placement: LabelPlacement): BadgeLayout;
}

export interface LabelRenderer {
  /** Lays out and rasterises the label for this size and wording (the text renders asynchronously). */
  prepare(width: number, height: number, request: LabelRequest): Promise<PreparedLabel>;
  /**
   * Draws the badge and, unless `proofMark` is false, the tiled proof mark over the image, onto a copy (or, with
   * `inPlace`, onto `image.data` itself). There is no way to ask for less than the badge.
   */
  drawLabel(
    image: RgbaImage,
    request: LabelRequest,
    options?: { inPlace?: boolean; proofMark?: boolean },
  ): Promise<LabelResult>;
  /** Where and how the label changes an opaque image of this size (used to take a stored label out). */
  coverage(
    width: number,
    height: number,
    request: LabelRequest,
    options?: { proofMark?: boolean },
  ): Promise<LabelCoverage>;
  /** The badge this image and wording get, without drawing: layout plus the glyph masks (used by inspection). */
  expectedBadge(width: number, height: number, request: LabelRequest): Promise<ExpectedBadge>;
}

function escapeMarkup(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

async function renderText(markup: string, font: string, px: number, wrapWidth: number): Promise<RenderedText> {
  const { data, info } = await sharp({
    text: {
      text: markup,
      font: `${font} ${px}px`,
      dpi: 72,
      rgba: true,
      width: wrapWidth,
      wrap: 'word-char',
      spacing: 0,
    },
  })
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

export function createLabelRenderer(options: { cacheSize?: number } = {}): LabelRenderer {
  const limit = options.cacheSize ?? 16;
  const tileLayers = createCache<{ layer: SparseLayer; width: number; height: number }>(limit);
  const marks = createCache<MarkTiles>(limit);
  const texts = createCache<RenderedText>(limit * 4);
  const plates = createCache<RenderedText>(limit);
  const backdrops = createCache<RenderedText>(limit);
  const outsides = createCache<MarkCoverage>(limit);
  const capRatios = createCache<number>(4);

  async function capRatio(font: string): Promise<number> {
    return capRatios.get(font, async () => {
      const probe = await renderText('H', font, 200, 4000);
      const ratio = inkHeight(probe) / 200;
      if (!(ratio > 0.3 && ratio < 1))
        throw new StudioError(
          'LABEL_FONT_UNUSABLE',
          `Expected a cap-height ratio between 0.3 and 1 for ${font}, measured ${ratio}`,
          { font, ratio },
        );
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
    const markup = `<span foreground="#ffffff">${escapeMarkup(text)}</span>`;
    const [line, codeBlock] = await Promise.all([
      texts.get(`t|${px}|${wrapWidth}|${text}`, () => renderText(markup, TEXT_FONT, px, wrapWidth)),
      renderText(`<span foreground="#f2f2f2">${escapeMarkup(code)}</span>`, CODE_FONT, px, wrapWidth),
    ]);
    // A compact badge fits a corner beside the figure: a disclosure that sets on one line is set again on two,
    // each a little over half as wide (never narrower than the code).
    const compact = Math.max(codeBlock.width, Math.ceil(line.width * 0.58));
    const oneLine = line.height < 1.6 * metrics.minCapHeight * 1.45;
    const textBlock =
      oneLine && compact < line.width
        ? await texts.get(`t|${px}|${compact}|${text}`, () => renderText(markup, TEXT_FONT, px, compact))
        : line;
    const shape = shapeBadge(width, height, metrics, textBlock, codeBlock);
    return { metrics, textBlock, codeBlock, shape, capHeightPx: Math.round(px * ratio) };
  }

  /** The proof mark for this image size: one tile rasterised, its lists cut for this width (cached per size). */
  async function markFor(width: number, height: number, shortSide: number): Promise<MarkTiles> {
    return marks.get(`${width}x${height}`, async () => {
      const tile = await tileLayers.get(String(shortSide), async () => {
        const raster = await rasterise(tileSvg(shortSide));
        return { layer: toSparse(raster), width: raster.width, height: raster.height };
      });
      return markTiles(tile.layer, tile.width, tile.height, width, height);
    });
  }

  async function layers(width: number, height: number, request: LabelRequest) {
    const { metrics, textBlock, codeBlock, shape, capHeightPx } = await blocks(width, height, request);
    const plateKey = `${shape.plateWidth}x${shape.plateHeight}|${metrics.radius}`;
    const [mark, backdrop] = await Promise.all([
      markFor(width, height, metrics.shortSide),
      // The plate with the disclosure on it, composed once per size and wording: only the code changes per image.
      backdrops.get(`${plateKey}|${disclosureText(request)}|${shape.text.left},${shape.text.top}`, async () => {
        const plate = await plates.get(plateKey, () =>
          rasterise(plateSvg(shape.plateWidth, shape.plateHeight, metrics.radius)),
        );
        const composed = { data: Buffer.from(plate.data), width: plate.width, height: plate.height };
        blendBlock(composed.data, composed.width, textBlock, shape.text.left, shape.text.top);
        return composed;
      }),
    ]);
    return { metrics, mark, backdrop, codeBlock, shape, capHeightPx };
  }

  /** The badge's blends in drawing order (plate with disclosure, then the code), at an offset into `dst`. */
  type BadgeParts = { backdrop: RenderedText; codeBlock: RenderedText; shape: BadgeShape };
  function blendBadge(dst: Uint8Array, dstWidth: number, parts: BadgeParts, left: number, top: number): void {
    const { backdrop, codeBlock, shape } = parts;
    blendBlock(dst, dstWidth, backdrop, left, top);
    blendBlock(dst, dstWidth, codeBlock, left + shape.code.left, top + shape.code.top);
  }

  /** The label's blends in the pixel kernel, onto the resident image at `pixelsAt`: the same as the TypeScript ones. */
  function drawInKernel(
    kernel: PixelKernel,
    pixelsAt: number,
    size: { width: number; height: number },
    parts: { mark: MarkTiles; backdrop: RenderedText; codeBlock: RenderedText },
    layout: BadgeLayout,
    proofMark: boolean,
  ): void {
    const { width, height } = size;
    const { mark, backdrop, codeBlock } = parts;
    const lists = [mark.full, mark.right, mark.bottom, mark.corner];
    const sizes = proofMark ? lists.flatMap((l) => [l.indices.byteLength, l.rgba.byteLength]) : [];
    const offsets = layOut(kernel, [backdrop.data.byteLength, codeBlock.data.byteLength, ...sizes]);
    const memory = kernel.memory.buffer;
    const [backdropAt, codeAt] = offsets as [number, number];
    new Uint8Array(memory, backdropAt, backdrop.data.length).set(backdrop.data);
    new Uint8Array(memory, codeAt, codeBlock.data.length).set(codeBlock.data);
    if (proofMark) {
      const at = new Map<SparseLayer, [number, number]>();
      lists.forEach((list, i) => {
        const [indicesAt, rgbaAt] = [offsets[2 + 2 * i] as number, offsets[3 + 2 * i] as number];
        new Uint32Array(memory, indicesAt, list.indices.length).set(list.indices);
        new Uint8Array(memory, rgbaAt, list.rgba.length).set(list.rgba);
        at.set(list, [indicesAt, rgbaAt]);
      });
      for (const { x, y, layer } of markInstances(mark, width, height)) {
        const [indicesAt, rgbaAt] = at.get(layer) as [number, number];
        kernel.blendSparse(pixelsAt + 4 * (y * width + x), indicesAt, rgbaAt, layer.indices.length);
      }
    }
    kernel.blendBlock(
      pixelsAt,
      width,
      backdropAt,
      backdrop.width,
      backdrop.height,
      layout.plate.left,
      layout.plate.top,
    );
    kernel.blendBlock(pixelsAt, width, codeAt, codeBlock.width, codeBlock.height, layout.code.left, layout.code.top);
  }

  function checkSize(width: number, height: number, bytes: number): void {
    if (
      !Number.isInteger(width) ||
      !Number.isInteger(height) ||
      width < 16 ||
      height < 16 ||
      bytes !== width * height * 4
    ) {
      throw new StudioError(
        'LABEL_IMAGE_INVALID',
        `Expected RGBA pixels of at least 16×16, got ${width}×${height} with ${bytes} bytes`,
        { width, height, bytes },
      );
    }
  }

  function placer(width: number, height: number, metrics: LabelMetrics, shape: BadgeShape, request: LabelRequest) {
    return {
      layout: (corner: LabelCorner) => placeBadge(width, height, metrics, shape, corner),
      choose: (preference: readonly LabelCorner[], mask: ForegroundMask | undefined): CornerChoice =>
        request.corner
          ? { corner: request.corner, overlap: 0, noClearCorner: false }
          : chooseCorner(width, height, metrics, shape, preference, mask),
    };
  }

  async function prepare(width: number, height: number, request: LabelRequest): Promise<PreparedLabel> {
    checkSize(width, height, width * height * 4);
    const parts = await layers(width, height, request);
    const { metrics, mark, shape, capHeightPx } = parts;
    const place = placer(width, height, metrics, shape, request);
    return {
      capHeightPx,
      shape,
      ...place,
      draw(pixels, placement) {
        checkSize(width, height, pixels.length);
        const layout = place.layout(placement.corner);
        const kernel = pixelKernel();
        const pixelsAt = residentOffset(kernel, pixels);
        if (pixelsAt !== null) {
          drawInKernel(kernel, pixelsAt, { width, height }, parts, layout, placement.proofMark);
          return layout;
        }
        if (placement.proofMark) {
          for (const { x, y, layer } of markInstances(mark, width, height))
            blendSparse(pixels.subarray(4 * (y * width + x)), layer);
        }
        blendBadge(pixels, width, parts, layout.plate.left, layout.plate.top);
        return layout;
      },
    };
  }

  async function drawLabel(
    image: RgbaImage,
    request: LabelRequest,
    options: { inPlace?: boolean; proofMark?: boolean } = {},
  ): Promise<LabelResult> {
    const { width, height, data } = image;
    checkSize(width, height, data.length);
    const label = await prepare(width, height, request);
    const out = options.inPlace ? data : Buffer.from(data);
    const layout = label.draw(out, {
      corner: request.corner ?? DEFAULT_CORNER,
      proofMark: options.proofMark !== false,
    });
    return { data: out, width, height, layout, capHeightPx: label.capHeightPx };
  }

  async function coverage(
    width: number,
    height: number,
    request: LabelRequest,
    options: { proofMark?: boolean } = {},
  ): Promise<LabelCoverage> {
    const parts = await layers(width, height, request);
    const proofMark = options.proofMark !== false;
    const layout = placeBadge(width, height, parts.metrics, parts.shape, request.corner ?? DEFAULT_CORNER);
    const box = layout.plate;
    // The plate region is drawn for real, on black and on white crops, exactly as a draw blends it.
    const window = proofMark ? markWindow(parts.mark, box) : undefined;
    const drawPlate = (fill: number): Uint8Array => {
      const crop = new Uint8Array(box.width * box.height * 4).fill(fill);
      for (let i = 3; i < crop.length; i += 4) crop[i] = 255;
      if (window) blendSparse(crop, window);
      blendBadge(crop, box.width, parts, 0, 0);
      return crop;
    };
    const [plateBlack, plateWhite] = [drawPlate(0), drawPlate(255)];
    const none = { indices: new Uint32Array(0), onBlack: new Uint8Array(0), onWhite: new Uint8Array(0) };
    const key = `${width}x${height}|${box.left},${box.top},${box.width},${box.height}`;
    const outside = proofMark ? await outsides.get(key, async () => markOutside(parts.mark, width, height, box)) : none;
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
    const { metrics, shape, capHeightPx, textBlock, codeBlock } = await blocks(width, height, request);
    return {
      layout: placeBadge(width, height, metrics, shape, request.corner ?? DEFAULT_CORNER),
      capHeightPx,
      textBlock,
      codeBlock,
    };
  }

  return { prepare, drawLabel, coverage, expectedBadge };
}
