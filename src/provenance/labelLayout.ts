import { StudioError } from '../errors/index.ts';
import { maskCoverage, type ForegroundMask } from './foreground.ts';

/**
 * The badge's text size (docs/label.md): cap height at least 1.5 % of the image's shorter side and never under
 * 12 px, so it stays readable where a phone shows the whole frame. (The earlier 5 % rule made a plate of a fifth of
 * the frame that lay over the product.)
 */
export const MIN_CAP_HEIGHT_SHARE = 0.015;
export const MIN_CAP_HEIGHT_PX = 12;
/** The tiled diagonal proof mark's opacity (12–20 %). */
export const TILE_OPACITY = 0.13;
/**
 * The plate's darkness: black at this alpha under the light text. Over pure white the plate is RGB 102 and the
 * text white, a contrast of 5.7:1 (≥ 4.5:1, WCAG AA); over anything darker it is higher.
 */
export const PLATE_OPACITY = 0.6;
export const DEFAULT_LABEL_WORDING = 'AI-generated · digital twin of {displayName}';
export const TILE_TEXT = 'AI-GENERATED';

export type LabelCorner = 'bottom-right' | 'bottom-left' | 'top-right' | 'top-left';
export const LABEL_CORNERS: readonly LabelCorner[] = ['bottom-right', 'bottom-left', 'top-right', 'top-left'];

export interface LabelRequest {
  displayName: string;
  /** Short usage code, printed inside the badge. */
  code: string;
  /** Org wording; `{displayName}` is replaced. Never empty. */
  wording?: string;
  /** Where the badge goes; the stamper picks one from the foreground when this is absent. */
  corner?: LabelCorner;
}

/** Sizes derived from the image alone: nothing a caller passes can make the text smaller. */
export interface LabelMetrics {
  shortSide: number;
  minCapHeight: number;
  margin: number;
  padX: number;
  /** Above the first line; larger than padY because pango's line box already adds the descent below. */
  padTop: number;
  padY: number;
  lineGap: number;
  radius: number;
}

export function labelMetrics(width: number, height: number): LabelMetrics {
  const shortSide = Math.min(width, height);
  const minCapHeight = Math.max(MIN_CAP_HEIGHT_PX, Math.ceil(shortSide * MIN_CAP_HEIGHT_SHARE));
  return {
    shortSide,
    minCapHeight,
    margin: Math.max(4, Math.round(shortSide * 0.02)),
    padX: Math.max(4, Math.round(minCapHeight * 0.6)),
    padTop: Math.max(3, Math.round(minCapHeight * 0.5)),
    padY: Math.max(3, Math.round(minCapHeight * 0.4)),
    lineGap: Math.max(2, Math.round(minCapHeight * 0.45)),
    radius: Math.max(3, Math.round(minCapHeight * 0.4)),
  };
}

/** The disclosure sentence, validated: the wording can be changed per org but never emptied. */
export function disclosureText(request: Pick<LabelRequest, 'displayName' | 'wording'>): string {
  const wording = request.wording ?? DEFAULT_LABEL_WORDING;
  if (typeof wording !== 'string' || !/\p{L}/u.test(wording) || wording.trim().length < 3 || wording.length > 160) {
    throw new StudioError(
      'LABEL_WORDING_INVALID',
      `Expected label wording of 3 to 160 characters with letters, got ${JSON.stringify(wording)}`,
      { wording },
    );
  }
  const name = typeof request.displayName === 'string' ? request.displayName.trim() : '';
  if (wording.includes('{displayName}') && !name) {
    throw new StudioError('LABEL_WORDING_INVALID', 'Expected a display name for the label wording, got an empty one', {
      wording,
    });
  }
  return wording.replaceAll('{displayName}', name).replace(/\s+/g, ' ').trim();
}

export function validCode(code: unknown): string {
  if (typeof code !== 'string' || !/^[A-Za-z0-9][A-Za-z0-9-]{2,31}$/.test(code)) {
    throw new StudioError(
      'LABEL_CODE_INVALID',
      `Expected a usage code of 3 to 32 letters, digits or dashes, got ${JSON.stringify(code)}`,
      { code },
    );
  }
  return code;
}

export function isLabelCorner(value: unknown): value is LabelCorner {
  return typeof value === 'string' && (LABEL_CORNERS as readonly string[]).includes(value);
}

export interface Box {
  left: number;
  top: number;
  width: number;
  height: number;
}

export interface BadgeLayout {
  corner: LabelCorner;
  plate: Box;
  text: Box;
  code: Box;
}

/** The badge's shape before it has a place: the plate's size and where the two text blocks sit on it. */
export interface BadgeShape {
  plateWidth: number;
  plateHeight: number;
  text: Box;
  code: Box;
}

/**
 * Shapes the plate around the MEASURED text blocks, the code below the disclosure. Refuses rather than clip when
 * the plate cannot fit the image.
 */
export function shapeBadge(
  width: number,
  height: number,
  metrics: LabelMetrics,
  textSize: { width: number; height: number },
  codeSize: { width: number; height: number },
): BadgeShape {
  const plateWidth = Math.max(textSize.width, codeSize.width) + 2 * metrics.padX;
  const plateHeight = textSize.height + metrics.lineGap + codeSize.height + metrics.padTop + metrics.padY;
  if (plateWidth > width - 2 * metrics.margin || plateHeight > height - 2 * metrics.margin) {
    throw new StudioError(
      'LABEL_DOES_NOT_FIT',
      `The label needs ${plateWidth}×${plateHeight} px but the image is ${width}×${height}`,
      {
        width,
        height,
        plateWidth,
        plateHeight,
      },
    );
  }
  return {
    plateWidth,
    plateHeight,
    text: { left: metrics.padX, top: metrics.padTop, width: textSize.width, height: textSize.height },
    code: {
      left: metrics.padX,
      top: metrics.padTop + textSize.height + metrics.lineGap,
      width: codeSize.width,
      height: codeSize.height,
    },
  };
}

/** The shape placed in a corner of the image, `margin` from its edges. */
export function placeBadge(
  width: number,
  height: number,
  metrics: LabelMetrics,
  shape: BadgeShape,
  corner: LabelCorner,
): BadgeLayout {
  const left = corner.endsWith('left') ? metrics.margin : width - metrics.margin - shape.plateWidth;
  const top = corner.startsWith('top') ? metrics.margin : height - metrics.margin - shape.plateHeight;
  const shift = (b: Box): Box => ({ ...b, left: left + b.left, top: top + b.top });
  const plate = { left, top, width: shape.plateWidth, height: shape.plateHeight };
  return { corner, plate, text: shift(shape.text), code: shift(shape.code) };
}

export interface CornerChoice {
  corner: LabelCorner;
  /** Share of the plate (grown by the margin) over cells the foreground may reach; 0 when the corner is clear. */
  overlap: number;
  /** Whether every corner had some foreground: then the least covered one (earliest preferred on a tie). */
  noClearCorner: boolean;
}

/**
 * The first corner, in the order preferred, whose plate (and the margin around it) covers none of the
 * foreground; when no corner is clear, the least covered one. Without a mask the first preferred corner.
 */
export function chooseCorner(
  width: number,
  height: number,
  metrics: LabelMetrics,
  shape: BadgeShape,
  preference: readonly LabelCorner[],
  mask: ForegroundMask | undefined,
): CornerChoice {
  const order = [...preference.filter(isLabelCorner), ...LABEL_CORNERS].filter((c, i, all) => all.indexOf(c) === i);
  if (!mask) return { corner: order[0] as LabelCorner, overlap: 0, noClearCorner: false };
  let best: CornerChoice | undefined;
  for (const corner of order) {
    const { plate } = placeBadge(width, height, metrics, shape, corner);
    const m = metrics.margin;
    const overlap = maskCoverage(mask, {
      left: (plate.left - m) / width,
      top: (plate.top - m) / height,
      width: (plate.width + 2 * m) / width,
      height: (plate.height + 2 * m) / height,
    });
    if (overlap === 0) return { corner, overlap: 0, noClearCorner: false };
    if (!best || overlap < best.overlap) best = { corner, overlap, noClearCorner: true };
  }
  return best as CornerChoice;
}
