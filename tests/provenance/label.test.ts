import { describe, expect, it } from 'vitest';
import {
  createLabelRenderer,
  markTileSize,
  MIN_CAP_HEIGHT_PX,
  MIN_CAP_HEIGHT_SHARE,
  TILE_OPACITY,
  type LabelRequest,
} from '../../src/provenance/index.ts';
import { isStudioError } from '../../src/errors/index.ts';
import { flatRgba, photoLikeRgba } from '../helpers/photoLike.ts';
import { lightBands } from '../helpers/provenanceFixtures.ts';

const request: LabelRequest = { displayName: 'Ana Silva', code: 'K7QX-29FD' };

async function errorCode(promise: Promise<unknown>): Promise<string | undefined> {
  try {
    await promise;
    return undefined;
  } catch (error) {
    return isStudioError(error) ? error.code : 'NOT_A_STUDIO_ERROR';
  }
}

describe('visible label', () => {
  const labels = createLabelRenderer();

  /** The rule (docs/label.md): cap height ≥ 1.5 % of the short side and ≥ 12 px. */
  const minimumCap = (width: number, height: number) =>
    Math.max(MIN_CAP_HEIGHT_PX, Math.min(width, height) * MIN_CAP_HEIGHT_SHARE);

  /** Rows and columns of light pixels inside a box: on flat grey only the badge's glyphs are light. */
  function lightExtent(
    out: { data: Buffer; width: number },
    box: { left: number; top: number; width: number; height: number },
  ) {
    let top = Infinity;
    let bottom = -1;
    for (let y = box.top; y < box.top + box.height; y++) {
      for (let x = box.left; x < box.left + box.width; x++) {
        if ((out.data[(y * out.width + x) * 4 + 1] as number) > 200) {
          top = Math.min(top, y);
          bottom = Math.max(bottom, y);
        }
      }
    }
    return { top, bottom, height: bottom - top + 1 };
  }

  for (const [width, height] of [
    [1024, 1536],
    [2000, 3000],
    [1080, 1080],
    [400, 600],
    [1536, 1024],
  ] as const) {
    it(`draws text at least 1.5 % of the short side and 12 px tall at ${width}×${height}, measured on the pixels`, async () => {
      // On flat mid-grey only the badge text is light: the plate darkens to ~51 and the proof mark lifts to ~148.
      // A code of flat-topped, flat-bottomed capitals makes the code's light rows exactly the cap height.
      const out = await labels.drawLabel(flatRgba(width, height, 128), { ...request, code: 'HELT-ELTH' });
      const minimum = minimumCap(width, height);
      const code = lightExtent(out, out.layout.code);
      expect(code.height).toBeGreaterThanOrEqual(minimum);
      expect(code.height).toBeLessThan(minimum * 1.25 + 1);
      // The disclosure's letters are at least as tall (ascenders and descenders make its rows taller still).
      expect(lightExtent(out, out.layout.text).height).toBeGreaterThanOrEqual(minimum);
      // In the bottom-right corner, inside the image, text fully on the plate (no clipping): dark on every side.
      const bands = lightBands(out);
      const top = bands[0]!.top;
      const bottom = bands[bands.length - 1]!.bottom;
      const left = Math.min(...bands.map((b) => b.left));
      const right = Math.max(...bands.map((b) => b.right));
      expect(bottom).toBeGreaterThan(height * 0.9);
      expect(right).toBeLessThan(width - 4);
      const luma = (x: number, y: number) => out.data[(y * width + x) * 4 + 1] as number;
      const mid = Math.round((top + bottom) / 2);
      expect(luma(left - 3, mid)).toBeLessThan(90);
      expect(luma(right + 3, mid)).toBeLessThan(90);
      expect(luma(left, top - 3)).toBeLessThan(90);
    });
  }

  it('is a compact badge: at most 2.5 % of the product-page frame (2000×3000), measured on the pixels it changes', async () => {
    const [width, height] = [2000, 3000];
    const image = flatRgba(width, height, 128);
    const out = await labels.drawLabel(image, request, { proofMark: false });
    let [x0, y0, x1, y1] = [width, height, -1, -1];
    for (let y = 0; y < height; y++) {
      for (let x = 0; x < width; x++) {
        const i = (y * width + x) * 4;
        if (
          out.data[i] === image.data[i] &&
          out.data[i + 1] === image.data[i + 1] &&
          out.data[i + 2] === image.data[i + 2]
        )
          continue;
        [x0, y0, x1, y1] = [Math.min(x0, x), Math.min(y0, y), Math.max(x1, x), Math.max(y1, y)];
      }
    }
    const area = (x1 - x0 + 1) * (y1 - y0 + 1);
    expect(area / (width * height)).toBeLessThanOrEqual(0.025);
    // The old plate covered ~20 % of the frame; the badge is still a real plate, not a sliver.
    expect(area / (width * height)).toBeGreaterThan(0.005);
  });

  /** WCAG relative luminance of an sRGB pixel. */
  function luminance(data: Buffer, i: number): number {
    const lin = (v: number) => (v / 255 <= 0.04045 ? v / 255 / 12.92 : ((v / 255 + 0.055) / 1.055) ** 2.4);
    return 0.2126 * lin(data[i] as number) + 0.7152 * lin(data[i + 1] as number) + 0.0722 * lin(data[i + 2] as number);
  }

  for (const [name, background] of [
    ['white', () => Promise.resolve(flatRgba(1024, 1536, 255))],
    ['a photo', () => photoLikeRgba(1024, 1536, 3)],
    ['black', () => Promise.resolve(flatRgba(1024, 1536, 0))],
  ] as const) {
    it(`keeps a contrast of at least 4.5:1 between its text and what lies behind the text, over ${name}`, async () => {
      const expected = await labels.expectedBadge(1024, 1536, request);
      const out = await labels.drawLabel(await background(), request);
      const { plate } = expected.layout;
      // Glyph cores: where the text masks are opaque. Backdrop: plate pixels at least 3 px from any glyph.
      const ink = new Uint8Array(plate.width * plate.height);
      for (const [box, mask] of [
        [expected.layout.text, expected.textBlock],
        [expected.layout.code, expected.codeBlock],
      ] as const) {
        for (let y = 0; y < mask.height; y++) {
          for (let x = 0; x < mask.width; x++) {
            const a = mask.data[(y * mask.width + x) * 4 + 3] as number;
            if (a > 0) ink[(box.top - plate.top + y) * plate.width + box.left - plate.left + x] = a >= 250 ? 2 : 1;
          }
        }
      }
      const glyph: number[] = [];
      const behind: number[] = [];
      const margin = expected.capHeightPx;
      for (let y = 3; y < plate.height - 3; y++) {
        for (let x = margin; x < plate.width - margin; x++) {
          const at = ((plate.top + y) * 1024 + plate.left + x) * 4;
          if (ink[y * plate.width + x] === 2) glyph.push(luminance(out.data, at));
          let near = false;
          for (let dy = -3; dy <= 3 && !near; dy++)
            for (let dx = -3; dx <= 3 && !near; dx++) near = (ink[(y + dy) * plate.width + x + dx] ?? 0) > 0;
          if (!near) behind.push(luminance(out.data, at));
        }
      }
      glyph.sort((a, b) => a - b);
      behind.sort((a, b) => a - b);
      expect(glyph.length).toBeGreaterThan(500);
      expect(behind.length).toBeGreaterThan(500);
      // The darker end of the glyphs against the lightest end of what lies behind them.
      const darkGlyph = glyph[Math.floor(glyph.length * 0.05)] as number;
      const lightBehind = behind[Math.floor(behind.length * 0.95)] as number;
      expect((darkGlyph + 0.05) / (lightBehind + 0.05)).toBeGreaterThanOrEqual(4.5);
    });
  }

  it('wraps a long name on a narrow image instead of clipping it', async () => {
    const narrow = await labels.drawLabel(flatRgba(300, 900, 128), {
      displayName: 'Maria Fernanda de la Cruz Albuquerque',
      code: 'ZZ99-0001',
    });
    const bands = lightBands(narrow);
    expect(bands.length).toBeGreaterThanOrEqual(3);
    expect(Math.max(...bands.map((b) => b.right))).toBeLessThan(300 - 4);
    expect(Math.min(...bands.map((b) => b.left))).toBeGreaterThan(4);
  });

  it('cannot be switched off: stray options are ignored and empty wording is refused', async () => {
    const image = flatRgba(640, 480, 128);
    const attempts = [
      { ...request, label: false },
      { ...request, enabled: false, visible: false, opacity: 0 },
      { ...request, fontSize: 0, size: 0, scale: 0 },
    ] as unknown as LabelRequest[];
    for (const attempt of attempts) {
      const out = await labels.drawLabel(image, { ...attempt, code: 'HELT-ELTH' });
      expect(lightExtent(out, out.layout.code).height).toBeGreaterThanOrEqual(minimumCap(640, 480));
    }
    for (const wording of ['', '   ', '· · ·', 42 as unknown as string]) {
      expect(await errorCode(labels.drawLabel(image, { ...request, wording }))).toBe('LABEL_WORDING_INVALID');
    }
    expect(await errorCode(labels.drawLabel(image, { ...request, displayName: '' }))).toBe('LABEL_WORDING_INVALID');
    expect(await errorCode(labels.drawLabel(image, { ...request, code: '' }))).toBe('LABEL_CODE_INVALID');
  });

  it('uses the org wording when given', async () => {
    const expected = await labels.expectedBadge(1024, 1024, {
      ...request,
      wording: 'KI-generiert · digitaler Zwilling von {displayName}',
    });
    const standard = await labels.expectedBadge(1024, 1024, request);
    expect(expected.layout.plate.width).not.toBe(standard.layout.plate.width);
  });

  it('lays the tiled AI-GENERATED mark over the whole image at 12–20 % opacity', async () => {
    const width = 800;
    const height = 1000;
    const onBlack = await labels.drawLabel(flatRgba(width, height, 0), request);
    const onWhite = await labels.drawLabel(flatRgba(width, height, 255), request);
    const plate = (await labels.expectedBadge(width, height, request)).layout.plate;
    let lit = 0;
    let brightest = 0;
    let darkest = 255;
    const quadrants = new Set<string>();
    for (let y = 0; y < height; y++) {
      for (let x = 0; x < width; x++) {
        if (x >= plate.left - 2 && y >= plate.top - 2) continue;
        const i = (y * width + x) * 4;
        const b = onBlack.data[i] as number;
        brightest = Math.max(brightest, b);
        darkest = Math.min(darkest, onWhite.data[i] as number);
        if (b > 0) {
          lit++;
          quadrants.add(`${x < width / 2}|${y < height / 2}`);
        }
      }
    }
    // White glyphs show on black, their dark outline on white; neither exceeds the mark's opacity.
    expect(brightest / 255).toBeGreaterThanOrEqual(0.12);
    expect(brightest / 255).toBeLessThanOrEqual(0.2);
    expect(1 - darkest / 255).toBeGreaterThanOrEqual(0.12);
    expect(1 - darkest / 255).toBeLessThanOrEqual(0.2);
    expect(Math.abs(brightest / 255 - TILE_OPACITY)).toBeLessThan(0.01);
    expect(lit / (width * height)).toBeGreaterThan(0.03);
    expect(quadrants.size).toBe(4);
  });

  it('repeats one rasterised tile of the proof mark: the mark is periodic, with no seam, and off when told', async () => {
    const [width, height] = [1500, 1100];
    const onBlack = await labels.drawLabel(flatRgba(width, height, 0), { ...request, corner: 'top-left' });
    const tile = markTileSize(Math.min(width, height));
    const plate = (await labels.expectedBadge(width, height, { ...request, corner: 'top-left' })).layout.plate;
    let compared = 0;
    let differing = 0;
    let lit = 0;
    for (let y = plate.top + plate.height + 4; y + tile.height < height; y += 3) {
      for (let x = 0; x + tile.width < width; x += 3) {
        const a = onBlack.data[(y * width + x) * 4] as number;
        compared++;
        lit += a > 0 ? 1 : 0;
        if (
          a !== onBlack.data[(y * width + x + tile.width) * 4] ||
          a !== onBlack.data[((y + tile.height) * width + x) * 4]
        )
          differing++;
      }
    }
    expect(lit / compared).toBeGreaterThan(0.03);
    expect(differing).toBe(0);
    // The export of an approved output: the badge alone, every pixel outside it as it was.
    const image = await photoLikeRgba(width, height);
    const clean = await labels.drawLabel(image, request, { proofMark: false });
    const badge = clean.layout.plate;
    let changedOutside = 0;
    for (let y = 0; y < height; y++) {
      for (let x = 0; x < width; x++) {
        const inside =
          x >= badge.left && x < badge.left + badge.width && y >= badge.top && y < badge.top + badge.height;
        const i = (y * width + x) * 4;
        if (
          !inside &&
          (clean.data[i] !== image.data[i] ||
            clean.data[i + 1] !== image.data[i + 1] ||
            clean.data[i + 2] !== image.data[i + 2])
        )
          changedOutside++;
      }
    }
    expect(changedOutside).toBe(0);
  });

  it('takes the first preferred corner the foreground leaves clear, and the least covered one when none is', async () => {
    const [width, height] = [1024, 1536];
    const prepared = await labels.prepare(width, height, request);
    // A figure standing right of centre down to the floor, its shadow reaching the right edge: 32×48 cells.
    const cells = new Uint8Array(32 * 48);
    for (let y = 6; y < 48; y++) for (let x = 14; x < (y > 44 ? 32 : 24); x++) cells[y * 32 + x] = 1;
    const figure = { cols: 32, rows: 48, cells };
    const wanted = ['bottom-right', 'bottom-left', 'top-right', 'top-left'] as const;
    expect(prepared.choose(wanted, figure)).toEqual({ corner: 'bottom-left', overlap: 0, noClearCorner: false });
    expect(prepared.choose(['top-right', 'bottom-left'], figure).corner).toBe('top-right');
    expect(prepared.choose(wanted, undefined).corner).toBe('bottom-right');
    // Drawn there, the badge leaves every pixel of the figure's cells as it was.
    const image = await photoLikeRgba(width, height);
    const out = Buffer.from(image.data);
    prepared.draw(out, { corner: 'bottom-left', proofMark: false });
    let touched = 0;
    for (let y = 0; y < height; y++) {
      for (let x = 0; x < width; x++) {
        if (!cells[Math.floor((y / height) * 48) * 32 + Math.floor((x / width) * 32)]) continue;
        const i = (y * width + x) * 4;
        if (out[i] !== image.data[i] || out[i + 1] !== image.data[i + 1] || out[i + 2] !== image.data[i + 2]) touched++;
      }
    }
    expect(touched).toBe(0);
    // Nothing clear: the least covered corner, and the choice says so.
    const crowded = new Uint8Array(32 * 48).fill(1);
    for (let x = 0; x < 32; x++) crowded[x] = 0;
    const choice = prepared.choose(wanted, { cols: 32, rows: 48, cells: crowded });
    expect(choice.noClearCorner).toBe(true);
    expect(choice.corner.startsWith('top')).toBe(true);
    expect(choice.overlap).toBeGreaterThan(0);
    expect(choice.overlap).toBeLessThan(1);
  });

  it('is a composite over the image, never a border: size unchanged and pixels away from the marks kept', async () => {
    const photo = await photoLikeRgba(600, 900);
    const out = await labels.drawLabel(photo, request);
    expect([out.width, out.height, out.data.length]).toEqual([600, 900, photo.data.length]);
    let same = 0;
    for (let i = 0; i < photo.data.length; i++) if (photo.data[i] === out.data[i]) same++;
    expect(same / photo.data.length).toBeGreaterThan(0.5);
  });

  it('stays cheap once the per-size layers are cached (1024×1536)', async () => {
    const photo = await photoLikeRgba(1024, 1536);
    await labels.drawLabel(photo, request);
    const times: number[] = [];
    for (let i = 0; i < 5; i++) {
      const started = performance.now();
      await labels.drawLabel(photo, { ...request, code: `K7QX-29F${i}` });
      times.push(performance.now() - started);
    }
    times.sort((a, b) => a - b);
    // Target is < 25 ms on a workstation; the bound leaves room for a loaded 2-core CI box.
    expect(times[2]).toBeLessThan(60);
  });
});
