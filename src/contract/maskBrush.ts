/**
 * The cut-out brush: strokes that add to or take from an alpha mask, with a soft edge. Pure (no Node, no DOM), so
 * the studio's preview and the core's save paint the same mask from the same strokes.
 */
export interface BrushStroke {
  mode: 'add' | 'remove';
  /** Radius in the cut-out's pixels. */
  radius: number;
  /** Share of the radius that fades out, 0 (hard) … 1 (all soft). */
  softness: number;
  /** The path, in the cut-out's pixels. */
  points: { x: number; y: number }[];
}

/** One disc of the brush at (cx, cy) in mask pixels; `radius` in mask pixels. */
function stamp(
  alpha: Uint8Array,
  width: number,
  height: number,
  stroke: BrushStroke,
  cx: number,
  cy: number,
  radius: number,
) {
  const hard = radius * (1 - Math.min(1, Math.max(0, stroke.softness)));
  const x0 = Math.max(0, Math.floor(cx - radius));
  const x1 = Math.min(width - 1, Math.ceil(cx + radius));
  const y0 = Math.max(0, Math.floor(cy - radius));
  const y1 = Math.min(height - 1, Math.ceil(cy + radius));
  for (let y = y0; y <= y1; y++) {
    for (let x = x0; x <= x1; x++) {
      const d = Math.hypot(x + 0.5 - cx, y + 0.5 - cy);
      if (d >= radius) continue;
      const w = d <= hard ? 1 : (radius - d) / (radius - hard);
      const i = y * width + x;
      const a = alpha[i] as number;
      alpha[i] = stroke.mode === 'add' ? Math.max(a, Math.round(w * 255)) : Math.min(a, Math.round((1 - w) * 255));
    }
  }
}

/**
 * Paints `strokes` onto `alpha` (one byte per pixel, `width`×`height`) in place. `scale` maps the strokes' cut-out
 * pixels onto this mask (a preview at half size passes 0.5). Discs are laid a quarter radius apart along each path.
 */
export function paintStrokes(
  alpha: Uint8Array,
  width: number,
  height: number,
  strokes: readonly BrushStroke[],
  scale = 1,
): void {
  for (const stroke of strokes) {
    const radius = Math.max(0.5, stroke.radius * scale);
    const step = Math.max(0.5, radius / 4);
    let prev: { x: number; y: number } | null = null;
    for (const p of stroke.points) {
      const cur = { x: p.x * scale, y: p.y * scale };
      if (prev) {
        const n = Math.ceil(Math.hypot(cur.x - prev.x, cur.y - prev.y) / step);
        for (let k = 1; k <= n; k++)
          stamp(
            alpha,
            width,
            height,
            stroke,
            prev.x + ((cur.x - prev.x) * k) / n,
            prev.y + ((cur.y - prev.y) * k) / n,
            radius,
          );
      } else stamp(alpha, width, height, stroke, cur.x, cur.y, radius);
      prev = cur;
    }
  }
}

/**
 * A mask painted with `strokes` onto `start` (a copy of it; empty when not given, e.g. a suggested front-parts mask)
 * and kept to a cut-out's own pixels: each pixel the painted value times the cut-out's alpha (`rgba`, interleaved RGBA
 * of `width`×`height`, e.g. a pose's front parts). `scale` as in paintStrokes. The studio's preview and the core's
 * save share it.
 */
export function maskWithin(
  rgba: ArrayLike<number>,
  width: number,
  height: number,
  strokes: readonly BrushStroke[],
  scale = 1,
  start?: Uint8Array,
): Uint8Array {
  const mask = start ? Uint8Array.from(start) : new Uint8Array(width * height);
  paintStrokes(mask, width, height, strokes, scale);
  for (let i = 0; i < mask.length; i++) mask[i] = Math.round(((mask[i] as number) * (rgba[i * 4 + 3] as number)) / 255);
  return mask;
}

/** A mask as the pack stores it (a pose's `front.png`): white RGBA whose alpha is the mask. */
export function maskAsRgba(mask: Uint8Array): Uint8Array {
  const rgba = new Uint8Array(mask.length * 4).fill(255);
  for (let i = 0; i < mask.length; i++) rgba[i * 4 + 3] = mask[i] as number;
  return rgba;
}
