import { StudioError } from '../errors/index.ts';

export interface Point {
  x: number;
  y: number;
}

/**
 * A thin-plate spline from destination (output image) coordinates to source (garment image)
 * coordinates, in continuous pixel units (pixel i spans [i, i+1), its centre is i + 0.5).
 * Internally the destination points are centred and scaled to unit RMS radius so the kernel
 * r²·log r² stays in a range float32 evaluates well whatever the image size.
 */
export interface TpsFit {
  /** Control points (the destination keypoints) in normalised units. */
  ctrl: Point[];
  /** One weight pair per control point. */
  weights: Point[];
  /** src = a0 + ax·u + ay·v (+ Σ w·U), as points: x and y components. */
  affine: { a0: Point; ax: Point; ay: Point };
  /** Normalisation: u = (x − mean.x) · invScale. */
  mean: Point;
  invScale: number;
}

export interface FitOptions {
  /** Ridge added to the kernel diagonal; 0 interpolates exactly, larger values smooth. */
  regularization?: number;
}

/** U(r) = r² log r², written on r² so it needs no square root; 0 at r = 0. */
export function tpsKernel(r2: number): number {
  return r2 * Math.log(Math.max(r2, 1e-20));
}

/** Solves A·X = B (A n×n, B n×m, row-major) by Gaussian elimination with partial pivoting. */
export function solveLinear(a: number[][], b: number[][]): number[][] | undefined {
  const n = a.length;
  const m = a.map((row, i) => [...row, ...(b[i] as number[])]);
  const width = (m[0] as number[]).length;
  let maxAbs = 0;
  for (const row of a) for (const v of row) maxAbs = Math.max(maxAbs, Math.abs(v));
  const tiny = Math.max(maxAbs, 1) * 1e-12;
  for (let col = 0; col < n; col++) {
    let pivot = col;
    for (let r = col + 1; r < n; r++)
      if (Math.abs((m[r] as number[])[col] as number) > Math.abs((m[pivot] as number[])[col] as number)) pivot = r;
    const pivotRow = m[pivot] as number[];
    if (Math.abs(pivotRow[col] as number) < tiny) return undefined;
    [m[col], m[pivot]] = [pivotRow, m[col] as number[]];
    for (let r = 0; r < n; r++) {
      if (r === col) continue;
      const row = m[r] as number[];
      const f = (row[col] as number) / (pivotRow[col] as number);
      if (f === 0) continue;
      for (let c = col; c < width; c++) row[c] = (row[c] as number) - f * (pivotRow[c] as number);
    }
  }
  return m.map((row, i) => row.slice(n).map((v) => v / (row[i] as number)));
}

function similarityFit(dst: Point[], src: Point[], mean: Point, invScale: number): TpsFit {
  // One point: a translation. Two or more collinear points: the similarity (scale, rotation,
  // translation) taking the two farthest-apart destination points onto their sources.
  let i0 = 0;
  let i1 = 0;
  let best = -1;
  for (let i = 0; i < dst.length; i++)
    for (let j = i + 1; j < dst.length; j++) {
      const d = ((dst[i] as Point).x - (dst[j] as Point).x) ** 2 + ((dst[i] as Point).y - (dst[j] as Point).y) ** 2;
      if (d > best) [best, i0, i1] = [d, i, j];
    }
  const d0 = dst[i0] as Point;
  const s0 = src[i0] as Point;
  let a = 1;
  let b = 0;
  if (best > 0) {
    const d1 = dst[i1] as Point;
    const s1 = src[i1] as Point;
    const dx = d1.x - d0.x;
    const dy = d1.y - d0.y;
    const sx = s1.x - s0.x;
    const sy = s1.y - s0.y;
    a = (sx * dx + sy * dy) / best;
    b = (sy * dx - sx * dy) / best;
  }
  // src = s0 + R·(p − d0) with R = [[a, −b], [b, a]]; p = mean + (u, v)/invScale.
  const ox = mean.x - d0.x;
  const oy = mean.y - d0.y;
  return {
    ctrl: dst.map((p) => ({ x: (p.x - mean.x) * invScale, y: (p.y - mean.y) * invScale })),
    weights: dst.map(() => ({ x: 0, y: 0 })),
    affine: {
      a0: { x: s0.x + a * ox - b * oy, y: s0.y + b * ox + a * oy },
      ax: { x: a / invScale, y: b / invScale },
      ay: { x: -b / invScale, y: a / invScale },
    },
    mean,
    invScale,
  };
}

/** Fits the spline taking each `destPoints[i]` to `srcPoints[i]`. */
export function fitTps(destPoints: readonly Point[], srcPoints: readonly Point[], options: FitOptions = {}): TpsFit {
  const n = destPoints.length;
  if (n === 0 || n !== srcPoints.length) {
    throw new StudioError(
      'TPS_POINTS_INVALID',
      `Expected the same non-zero number of destination and source points, got ${n} and ${srcPoints.length}`,
      {
        destCount: n,
        srcCount: srcPoints.length,
      },
    );
  }
  const bad = [...destPoints, ...srcPoints].find((p) => !Number.isFinite(p.x) || !Number.isFinite(p.y));
  if (bad)
    throw new StudioError('TPS_POINTS_INVALID', `Expected finite keypoint coordinates, got (${bad.x}, ${bad.y})`, {
      point: bad,
    });
  const lambda = options.regularization ?? 1e-6;
  const dst = [...destPoints];
  const src = [...srcPoints];
  const mean = { x: dst.reduce((s, p) => s + p.x, 0) / n, y: dst.reduce((s, p) => s + p.y, 0) / n };
  const rms = Math.sqrt(dst.reduce((s, p) => s + (p.x - mean.x) ** 2 + (p.y - mean.y) ** 2, 0) / n);
  const invScale = rms > 0 ? 1 / rms : 1;
  if (n < 3) return similarityFit(dst, src, mean, invScale);

  const ctrl = dst.map((p) => ({ x: (p.x - mean.x) * invScale, y: (p.y - mean.y) * invScale }));
  const size = n + 3;
  const a = Array.from({ length: size }, () => new Array<number>(size).fill(0));
  const b = Array.from({ length: size }, () => [0, 0]);
  for (let i = 0; i < n; i++) {
    const ci = ctrl[i] as Point;
    const row = a[i] as number[];
    for (let j = 0; j < n; j++) {
      const cj = ctrl[j] as Point;
      row[j] = tpsKernel((ci.x - cj.x) ** 2 + (ci.y - cj.y) ** 2) + (i === j ? lambda : 0);
    }
    const p = [1, ci.x, ci.y];
    for (let k = 0; k < 3; k++) {
      row[n + k] = p[k] as number;
      (a[n + k] as number[])[i] = p[k] as number;
    }
    b[i] = [(src[i] as Point).x, (src[i] as Point).y];
  }
  const solved = solveLinear(a, b);
  if (solved === undefined) return similarityFit(dst, src, mean, invScale);
  const row = (i: number): Point => ({
    x: (solved[i] as number[])[0] as number,
    y: (solved[i] as number[])[1] as number,
  });
  return {
    ctrl,
    weights: ctrl.map((_, i) => row(i)),
    affine: { a0: row(n), ax: row(n + 1), ay: row(n + 2) },
    mean,
    invScale,
  };
}

/** Where the spline sends destination point (x, y), in source pixels (float64, for references). */
export function evalTps(fit: TpsFit, x: number, y: number): Point {
  const u = (x - fit.mean.x) * fit.invScale;
  const v = (y - fit.mean.y) * fit.invScale;
  const { a0, ax, ay } = fit.affine;
  let sx = a0.x + ax.x * u + ay.x * v;
  let sy = a0.y + ax.y * u + ay.y * v;
  fit.ctrl.forEach((c, i) => {
    const k = tpsKernel((u - c.x) ** 2 + (v - c.y) ** 2);
    const w = fit.weights[i] as Point;
    sx += w.x * k;
    sy += w.y * k;
  });
  return { x: sx, y: sy };
}
