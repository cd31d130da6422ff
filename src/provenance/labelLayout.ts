import { StudioError } from '../errors/index.ts';

/** The one numeric rule in force (GB 45438-2025): label text at least 5 % of the image's shorter side. */
export const MIN_CAP_HEIGHT_SHARE = 0.05;
/** The tiled diagonal mark's opacity; the issue asks for 12–20 %. */
export const TILE_OPACITY = 0.13;
/** The plate's darkness: black at this alpha under the light text. */
export const PLATE_OPACITY = 0.6;
export const DEFAULT_LABEL_WORDING = 'AI-generated · digital twin of {displayName}';
export const TILE_TEXT = 'AI-GENERATED';

export type LabelCorner = 'bottom-right' | 'bottom-left';

export interface LabelRequest {
  displayName: string;
  /** Short usage code printed on its own line. */
  code: string;
  /** Org wording; `{displayName}` is replaced. Never empty. */
  wording?: string;
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
  const minCapHeight = Math.ceil(shortSide * MIN_CAP_HEIGHT_SHARE);
  return {
    shortSide,
    minCapHeight,
    margin: Math.max(2, Math.round(shortSide * 0.02)),
    padX: Math.max(3, Math.round(minCapHeight * 0.55)),
    padTop: Math.max(2, Math.round(minCapHeight * 0.5)),
    padY: Math.max(2, Math.round(minCapHeight * 0.3)),
    lineGap: Math.max(1, Math.round(minCapHeight * 0.4)),
    radius: Math.max(2, Math.round(minCapHeight * 0.4)),
  };
}

/** The disclosure sentence, validated: the wording can be changed per org but never emptied. */
export function disclosureText(request: Pick<LabelRequest, 'displayName' | 'wording'>): string {
  const wording = request.wording ?? DEFAULT_LABEL_WORDING;
  if (typeof wording !== 'string' || !/\p{L}/u.test(wording) || wording.trim().length < 3 || wording.length > 160) {
    throw new StudioError('LABEL_WORDING_INVALID', `Expected label wording of 3 to 160 characters with letters, got ${JSON.stringify(wording)}`, { wording });
  }
  const name = typeof request.displayName === 'string' ? request.displayName.trim() : '';
  if (wording.includes('{displayName}') && !name) {
    throw new StudioError('LABEL_WORDING_INVALID', 'Expected a display name for the label wording, got an empty one', { wording });
  }
  return wording.replaceAll('{displayName}', name).replace(/\s+/g, ' ').trim();
}

export function validCode(code: unknown): string {
  if (typeof code !== 'string' || !/^[A-Za-z0-9][A-Za-z0-9-]{2,31}$/.test(code)) {
    throw new StudioError('LABEL_CODE_INVALID', `Expected a usage code of 3 to 32 letters, digits or dashes, got ${JSON.stringify(code)}`, { code });
  }
  return code;
}

export interface Box {
  left: number;
  top: number;
  width: number;
  height: number;
}

export interface BadgeLayout {
  plate: Box;
  text: Box;
  code: Box;
}

/** Places the plate from the MEASURED text blocks; refuses rather than clip when it cannot fit. */
export function layoutBadge(width: number, height: number, metrics: LabelMetrics, textSize: { width: number; height: number }, codeSize: { width: number; height: number }, corner: LabelCorner): BadgeLayout {
  const innerWidth = Math.max(textSize.width, codeSize.width);
  const plateWidth = innerWidth + 2 * metrics.padX;
  const plateHeight = textSize.height + metrics.lineGap + codeSize.height + metrics.padTop + metrics.padY;
  if (plateWidth > width - 2 * metrics.margin || plateHeight > height - 2 * metrics.margin) {
    throw new StudioError('LABEL_DOES_NOT_FIT', `The label needs ${plateWidth}×${plateHeight} px but the image is ${width}×${height}`, { width, height, plateWidth, plateHeight });
  }
  const left = corner === 'bottom-left' ? metrics.margin : width - metrics.margin - plateWidth;
  const top = height - metrics.margin - plateHeight;
  return {
    plate: { left, top, width: plateWidth, height: plateHeight },
    text: { left: left + metrics.padX, top: top + metrics.padTop, ...textSize },
    code: { left: left + metrics.padX, top: top + metrics.padTop + textSize.height + metrics.lineGap, ...codeSize },
  };
}
