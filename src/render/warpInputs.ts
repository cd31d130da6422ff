import { StudioError } from '../errors/index.ts';
import { type Point, type TpsFit, evalTps, fitTps } from './tps.ts';

export interface Size {
  width: number;
  height: number;
}

/** A destination box in whole pixels. */
export interface Box {
  x0: number;
  y0: number;
  width: number;
  height: number;
}

/** The warp graph's TPS inputs for one garment (see graphs/parts.ts `tpsWarp`). */
export interface TpsTensors {
  ctrl: Float32Array;
  coef: Float32Array;
  norm: Float32Array;
  box: BigInt64Array;
  count: number;
}

/**
 * Packs a fit for the graph. The coefficients are folded into GridSample's normalised units
 * (align_corners = 0: −1 and +1 are the outer edges of the garment image), so the graph needs
 * no division by the garment size.
 */
export function tpsTensors(fit: TpsFit, garment: Size, box: Box): TpsTensors {
  const k = fit.ctrl.length;
  const sx = 2 / garment.width;
  const sy = 2 / garment.height;
  const coef = new Float32Array(2 * (k + 3));
  fit.weights.forEach((w, i) => {
    coef[2 * i] = w.x * sx;
    coef[2 * i + 1] = w.y * sy;
  });
  const { a0, ax, ay } = fit.affine;
  coef.set([a0.x * sx - 1, a0.y * sy - 1, ax.x * sx, ax.y * sy, ay.x * sx, ay.y * sy], 2 * k);
  return {
    ctrl: Float32Array.from(fit.ctrl.flatMap((c) => [c.x, c.y])),
    coef,
    norm: Float32Array.from([fit.mean.x, fit.mean.y, fit.invScale]),
    box: BigInt64Array.from([box.y0, box.x0, box.height, box.width].map(BigInt)),
    count: k,
  };
}

interface Landing {
  /** The clipped box; null where the garment lands wholly outside the output. */
  box: Box | null;
  /** Where its outline maps to, unclipped. */
  extent: { minX: number; minY: number; maxX: number; maxY: number };
}

function landing(
  destPoints: readonly Point[],
  srcPoints: readonly Point[],
  garment: Size,
  output: Size,
  margin: number,
): Landing {
  const forward = fitTps(srcPoints, destPoints);
  let minX = Infinity;
  let minY = Infinity;
  let maxX = -Infinity;
  let maxY = -Infinity;
  const steps = 16;
  for (let i = 0; i <= steps; i++) {
    const t = i / steps;
    for (const p of [
      { x: t * garment.width, y: 0 },
      { x: t * garment.width, y: garment.height },
      { x: 0, y: t * garment.height },
      { x: garment.width, y: t * garment.height },
    ]) {
      const q = evalTps(forward, p.x, p.y);
      minX = Math.min(minX, q.x);
      minY = Math.min(minY, q.y);
      maxX = Math.max(maxX, q.x);
      maxY = Math.max(maxY, q.y);
    }
  }
  const x0 = Math.max(0, Math.floor(minX - margin));
  const y0 = Math.max(0, Math.floor(minY - margin));
  const x1 = Math.min(output.width, Math.ceil(maxX + margin));
  const y1 = Math.min(output.height, Math.ceil(maxY + margin));
  return {
    box: x1 > x0 && y1 > y0 ? { x0, y0, width: x1 - x0, height: y1 - y0 } : null,
    extent: { minX, minY, maxX, maxY },
  };
}

/**
 * The destination box the garment can land in: its outline mapped forward (by the inverse fit,
 * source → destination), grown by `margin` pixels and clipped to the output; null where it lands wholly outside
 * (a twin moved off the frame is simply not drawn). Warping only this box keeps GridSample — the costliest op —
 * off the empty rest of the image.
 */
export function landingBox(
  destPoints: readonly Point[],
  srcPoints: readonly Point[],
  garment: Size,
  output: Size,
  margin = 8,
): Box | null {
  return landing(destPoints, srcPoints, garment, output, margin).box;
}

/** landingBox for a garment, which must overlap the output: GARMENT_OUTSIDE_FRAME otherwise. */
export function warpBox(
  destPoints: readonly Point[],
  srcPoints: readonly Point[],
  garment: Size,
  output: Size,
  margin = 8,
): Box {
  const { box, extent } = landing(destPoints, srcPoints, garment, output, margin);
  if (box) return box;
  const { minX, minY, maxX, maxY } = extent;
  throw new StudioError(
    'GARMENT_OUTSIDE_FRAME',
    `Expected the fitted garment to overlap the ${output.width}×${output.height} output, but it lands at x ${minX.toFixed(0)}…${maxX.toFixed(0)}, y ${minY.toFixed(0)}…${maxY.toFixed(0)}`,
    {
      minX,
      minY,
      maxX,
      maxY,
    },
  );
}
