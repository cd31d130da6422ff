import type { RgbPlane } from './backdrop.ts';
import { labelComponents } from '../components.ts';
import { boxMean } from './boxFilter.ts';

/** Per-pixel verdict against the backdrop model. */
export const CLASS = { backdrop: 0, shadowLike: 1, subject: 2, byChroma: 3 } as const;

/** How far a pixel may darken along the backdrop's own colour and still be the backdrop in shadow. */
export const SHADOW_MIN_SCALE = 0.45;

/** Pixels within the noise of the backdrop field (1), for refitting it: a quick test, no smoothing. */
export function plainBackdrop(image: RgbPlane, bg: Float32Array, noise: number): Uint8Array {
  const { data } = image;
  const n = image.width * image.height;
  const cut2 = Math.max(6, 3.5 * noise) ** 2;
  const out = new Uint8Array(n);
  for (let p = 0; p < n; p++) {
    const i = p * 3;
    const dr = data[i]! - bg[i]!;
    const dg = data[i + 1]! - bg[i + 1]!;
    const db = data[i + 2]! - bg[i + 2]!;
    out[p] = dr * dr + dg * dg + db * db < cut2 ? 1 : 0;
  }
  return out;
}

/** Radius of the window a pixel's chroma is averaged over before it is compared with the paper's. */
export const CHROMA_RADIUS = 2;

/** Off-ray chroma (the colour left when the backdrop's own colour, at any brightness, is taken out) per pixel. */
function offRayChroma(data: ArrayLike<number>, bg: Float32Array, n: number): Float32Array[] {
  const out = [new Float32Array(n), new Float32Array(n), new Float32Array(n)];
  for (let p = 0; p < n; p++) {
    const i = p * 3;
    const br = bg[i]!;
    const bgG = bg[i + 1]!;
    const bb = bg[i + 2]!;
    const s = (data[i]! * br + data[i + 1]! * bgG + data[i + 2]! * bb) / (br * br + bgG * bgG + bb * bb || 1);
    out[0]![p] = data[i]! - s * br;
    out[1]![p] = data[i + 1]! - s * bgG;
    out[2]![p] = data[i + 2]! - s * bb;
  }
  return out;
}

/**
 * Classifies each pixel against the backdrop field `bg`, with thresholds in units of the camera noise:
 * - subject: off the backdrop's colour ray (another chroma), brighter than the backdrop, or darker than a shadow gets;
 * - backdrop: within the noise of the model;
 * - shadow-like: darker along the backdrop's ray (a shadow keeps the paper's chroma) — decided by connectivity.
 * Chroma is also judged averaged over a small window, where noise shrinks: a near-white garment's faint warmth
 * against cool grey paper tells it from the paper's shadow even where both are equally dark.
 */
export function classify(image: RgbPlane, bg: Float32Array, noise: number): Uint8Array {
  const { data, width: w, height: h } = image;
  const n = w * h;
  const out = new Uint8Array(n);
  const bgCut = Math.max(6, 3.5 * noise);
  const offRay = Math.max(8, 5 * noise);
  const brighter = Math.max(8, 4.5 * noise);
  const chroma = offRayChroma(data, bg, n).map((c) => boxMean(c, w, h, CHROMA_RADIUS));
  const smoothChroma = new Float32Array(n);
  for (let p = 0; p < n; p++) {
    const a = chroma[0]![p]!;
    const b = chroma[1]![p]!;
    const c = chroma[2]![p]!;
    smoothChroma[p] = Math.sqrt(a * a + b * b + c * c);
  }
  for (let p = 0; p < n; p++) {
    const i = p * 3;
    const r = data[i]!;
    const g = data[i + 1]!;
    const b = data[i + 2]!;
    const br = bg[i]!;
    const bgG = bg[i + 1]!;
    const bb = bg[i + 2]!;
    const bb2 = br * br + bgG * bgG + bb * bb || 1;
    const s = (r * br + g * bgG + b * bb) / bb2;
    const cr = r - s * br;
    const cg = g - s * bgG;
    const cb = b - s * bb;
    const chromaDev = Math.sqrt(cr * cr + cg * cg + cb * cb);
    const along = (s - 1) * Math.sqrt(bb2);
    if (chromaDev > offRay || along > brighter || s < SHADOW_MIN_SCALE) out[p] = CLASS.subject;
    else if (Math.abs(along) < bgCut && chromaDev < bgCut) out[p] = CLASS.backdrop;
    else out[p] = along > 0 ? CLASS.subject : CLASS.shadowLike;
  }
  // The averaged chroma's own spread over the paper sets its threshold.
  const spread: number[] = [];
  for (let p = 0; p < n; p += 7) if (out[p] === CLASS.backdrop) spread.push(smoothChroma[p]!);
  spread.sort((a, b) => a - b);
  const typical = spread.length ? spread[spread.length >> 1]! : noise;
  const chromaCut = Math.max(1.5, 3.5 * typical);
  for (let p = 0; p < n; p++) if (out[p] === CLASS.shadowLike && smoothChroma[p]! > chromaCut) out[p] = CLASS.byChroma;
  quietSpecks(out, w, h);
  return out;
}

/**
 * The most pixels a speck of camera noise or JPEG blocking judged subject (or subject by chroma) may span. Lone on
 * the paper, each punches a hole in the paper's opened core (backdropRegions) and a pocket of paper cut off among
 * them, walled by no sharp edge, would stay subject: a grainy 1.4 MP photo keyed at full size (±6 levels, JPEG) left
 * blobs of paper with specks of up to 2 pixels taken out, and with more grain, of up to 4. Under MIN_WALLED_REGION, so
 * a dark detail that small on a part the classes call shadow-like (a button on a white tee's shaded side) stays with
 * the part around it.
 */
const SPECK_PIXELS = 8;

/** Subject and subject-by-chroma pixels in specks (SPECK_PIXELS) become shadow-like: connectivity decides them. */
function quietSpecks(cls: Uint8Array, w: number, h: number): void {
  const n = w * h;
  const subject = new Uint8Array(n);
  for (let p = 0; p < n; p++) subject[p] = cls[p]! >= CLASS.subject ? 1 : 0;
  const { label, sizes } = labelComponents(subject, w, h);
  for (let p = 0; p < n; p++) if (label[p] && sizes[label[p]!]! <= SPECK_PIXELS) cls[p] = CLASS.shadowLike;
}

/**
 * A silhouette edge between p and its neighbour q: the colour changes by more than √cut2 from p to q or to the
 * pixel after q (an anti-aliased edge spreads its step over two pixels; a soft shadow's gradient does not add up).
 */
function edgeBetween(data: RgbPlane['data'], p: number, q: number, q2: number, cut2: number): boolean {
  const a = p * 3;
  let o = q * 3;
  let dr = data[a]! - data[o]!;
  let dg = data[a + 1]! - data[o + 1]!;
  let db = data[a + 2]! - data[o + 2]!;
  if (dr * dr + dg * dg + db * db > cut2) return true;
  if (q2 < 0) return false;
  o = q2 * 3;
  dr = data[a]! - data[o]!;
  dg = data[a + 1]! - data[o + 1]!;
  db = data[a + 2]! - data[o + 2]!;
  return dr * dr + dg * dg + db * db > cut2;
}

const STEP_X = [1, -1, 0, 0] as const;
const STEP_Y = [0, 0, 1, -1] as const;

/** Bit of stepBits set where a 4-neighbour is subject or subject by chroma (where contacts may start). */
const BESIDE_SUBJECT = 1 << 4;

/**
 * Per pixel, bit k (0…3) set where a silhouette edge (edgeBetween) lies between it and its neighbour one step along
 * (STEP_X[k], STEP_Y[k]), and BESIDE_SUBJECT: read once, for every region growing and contact count of both readings.
 */
function stepBits(image: RgbPlane, cls: Uint8Array, cut2: number): Uint8Array {
  const { width: w, height: h, data } = image;
  const bits = new Uint8Array(w * h);
  for (let y = 0; y < h; y++) {
    for (let x = 0; x < w; x++) {
      const p = y * w + x;
      let b = 0;
      for (let k = 0; k < 4; k++) {
        const qx = x + STEP_X[k]!;
        const qy = y + STEP_Y[k]!;
        if (qx < 0 || qy < 0 || qx >= w || qy >= h) continue;
        const q2x = qx + STEP_X[k]!;
        const q2y = qy + STEP_Y[k]!;
        const q2 = q2x < 0 || q2y < 0 || q2x >= w || q2y >= h ? -1 : q2y * w + q2x;
        if (edgeBetween(data, p, qy * w + qx, q2, cut2)) b |= 1 << k;
        if (cls[qy * w + qx]! >= CLASS.subject) b |= BESIDE_SUBJECT;
      }
      bits[p] = b;
    }
  }
  return bits;
}

interface Regions {
  label: Int32Array;
  size: number[];
  plain: number[];
  border: boolean[];
}

/**
 * Labels regions of `member` pixels connected by steps that cross no silhouette edge (`steps`, from stepBits),
 * with each region's size, how many of its pixels `plainOf` marks, and whether it touches the image's border.
 */
function grow(image: RgbPlane, member: Uint8Array, steps: Uint8Array, plainOf: Uint8Array): Regions {
  const { width: w, height: h } = image;
  const n = w * h;
  const label = new Int32Array(n);
  const size = [0];
  const plain = [0];
  const border = [false];
  const queue = new Int32Array(n);
  for (let seed = 0; seed < n; seed++) {
    if (label[seed] || !member[seed]) continue;
    const id = size.length;
    let count = 0;
    let plainCount = 0;
    let touches = false;
    let head = 0;
    let tail = 0;
    queue[tail++] = seed;
    label[seed] = id;
    while (head < tail) {
      const p = queue[head++]!;
      const x = p % w;
      const y = (p - x) / w;
      count++;
      if (plainOf[p]) plainCount++;
      if (x === 0 || y === 0 || x === w - 1 || y === h - 1) touches = true;
      // The four steps of STEP_X / STEP_Y, unrolled: right, left, down, up.
      const crossed = steps[p]!;
      let q = p + 1;
      if (x < w - 1 && !label[q] && member[q] && !(crossed & 1)) ((label[q] = id), (queue[tail++] = q));
      q = p - 1;
      if (x > 0 && !label[q] && member[q] && !(crossed & 2)) ((label[q] = id), (queue[tail++] = q));
      q = p + w;
      if (y < h - 1 && !label[q] && member[q] && !(crossed & 4)) ((label[q] = id), (queue[tail++] = q));
      q = p - w;
      if (y > 0 && !label[q] && member[q] && !(crossed & 8)) ((label[q] = id), (queue[tail++] = q));
    }
    size.push(count);
    plain.push(plainCount);
    border.push(touches);
  }
  return { label, size, plain, border };
}

/** The most subject-by-chroma pixels a contact looks through (CHROMA_RADIUS plus JPEG's half-resolution chroma). */
const LINING = CHROMA_RADIUS + 2;

/** Per label, how many steps from its pixels into subject-class pixels there are, and how many cross an edge. */
function contacts(
  image: RgbPlane,
  label: Int32Array,
  labels: number,
  cls: Uint8Array,
  steps: Uint8Array,
): { sharp: Float64Array; all: Float64Array } {
  const { width: w, height: h } = image;
  const sharp = new Float64Array(labels);
  const all = new Float64Array(labels);
  for (let y = 0; y < h; y++) {
    for (let x = 0; x < w; x++) {
      const p = y * w + x;
      const id = label[p]!;
      if (!id || !(steps[p]! & BESIDE_SUBJECT)) continue;
      for (let k = 0; k < 4; k++) {
        const dx = STEP_X[k]!;
        const dy = STEP_Y[k]!;
        const qx = x + dx;
        const qy = y + dy;
        if (qx < 0 || qy < 0 || qx >= w || qy >= h) continue;
        // Subject-by-chroma pixels are the shadow-like region's own kin (equally dark): only plain subject judges.
        // Where a lining of them (JPEG's chroma smear along a coloured subject) stands between, the step is judged
        // from the lining's last pixel into the subject beyond it.
        let from = p;
        let at = qy * w + qx;
        let ax = qx;
        let ay = qy;
        for (let k = 0; k < LINING && cls[at] === CLASS.byChroma; k++) {
          ax += dx;
          ay += dy;
          if (ax < 0 || ay < 0 || ax >= w || ay >= h) break;
          from = at;
          at = ay * w + ax;
        }
        if (cls[at] !== CLASS.subject) continue;
        all[id]!++;
        // `at` is `from`'s neighbour along k.
        if (steps[from]! & (1 << k)) sharp[id]!++;
      }
    }
  }
  return { sharp, all };
}

/** Share of a region's contact with the subject that must be a sharp silhouette edge for it to be backdrop. */
const WALLED = 0.7;
/** The fewest pixels an enclosed region needs to be judged backdrop by its walls. */
const MIN_WALLED_REGION = 12;
/** Leaks through gaps narrower than twice this (pixels) are cut before regions are judged. */
const GAP = 3;

/**
 * The subject mask (1 = subject) from the classes: a pixel is backdrop only when both of two readings of the
 * subject-by-chroma pixels make it so (backdropRegions); the rest, trimmed (trimmedMask), is the subject. As
 * subject, those pixels wall the paper's regions off (a coloured subject's chroma smear along its edge stays out of
 * the paper); as paper-like, they grow into regions with the shadow-like pixels next to them, so that a garment's
 * shading that matches the paper in brightness (a white sleeve's inner side, judged subject by its warmth) is a
 * region wide enough to be judged on its own, not a thin strip that a gap in the silhouette's edge joins to the
 * paper.
 */
export function subjectMask(image: RgbPlane, cls: Uint8Array, noise: number): Uint8Array {
  const cut = Math.max(10, 5 * noise);
  const steps = stepBits(image, cls, cut * cut);
  const backdrop = backdropRegions(image, cls, steps, false);
  const alsoBackdrop = backdropRegions(image, cls, steps, true);
  for (let p = 0; p < backdrop.length; p++) backdrop[p] = backdrop[p]! & alsoBackdrop[p]!;
  return trimmedMask(image, cls, backdrop);
}

/**
 * The backdrop (1) from one reading of the classes (`chromaGrows`: subject-by-chroma pixels grow with the
 * backdrop's regions, else they bound them). Backdrop and shadow-like pixels grow into regions that cross no
 * silhouette edge. A region is backdrop when it is walled off from the subject by sharp edges: the paper, its
 * shadow, the gap between an arm and the body. A garment's own shading that happens to match the paper meets the
 * rest of the garment smoothly, so it stays subject — also where it leaked into the paper's region through a gap
 * in the silhouette's edge narrower than 2·GAP pixels: the paper region is opened (eroded and regrown) first so
 * that such a leak is judged on its own.
 */
function backdropRegions(image: RgbPlane, cls: Uint8Array, steps: Uint8Array, chromaGrows: boolean): Uint8Array {
  const { width: w, height: h } = image;
  const n = cls.length;
  const open = new Uint8Array(n);
  const plain = new Uint8Array(n);
  for (let p = 0; p < n; p++) {
    open[p] = cls[p] === CLASS.subject || (!chromaGrows && cls[p] === CLASS.byChroma) ? 0 : 1;
    plain[p] = cls[p] === CLASS.backdrop ? 1 : 0;
  }
  const first = grow(image, open, steps, plain);
  // The paper's own region(s): touching the border with plain backdrop in them.
  const paper = new Float32Array(n);
  for (let p = 0; p < n; p++) {
    const id = first.label[p]!;
    if (id && first.border[id] && first.plain[id]! > 0) paper[p] = 1;
  }
  const core = boxMean(paper, w, h, GAP);
  // Regions again, from the opened paper: each part of it that the erosion cut off is judged on its own.
  const coreMember = new Uint8Array(n);
  for (let p = 0; p < n; p++) coreMember[p] = core[p]! > 1 - 1e-4 ? 1 : 0;
  const coreRegions = grow(image, coreMember, steps, new Uint8Array(n));
  const owner = regrow(coreRegions.label, paper, w, h);
  const backdrop = new Uint8Array(n);
  {
    const stats = contacts(image, owner, coreRegions.size.length, cls, steps);
    const keep = coreRegions.size.map((_, id) => coreRegions.border[id] || stats.sharp[id]! >= WALLED * stats.all[id]!);
    for (let p = 0; p < n; p++) if (paper[p] && (owner[p] === 0 || keep[owner[p]!])) backdrop[p] = 1;
  }
  // Enclosed regions (not the paper's): backdrop when walled.
  {
    const stats = contacts(image, first.label, first.size.length, cls, steps);
    const walled = first.size.map(
      (size, id) => id > 0 && size >= MIN_WALLED_REGION && stats.sharp[id]! >= WALLED * stats.all[id]!,
    );
    for (let p = 0; p < n; p++) if (!paper[p] && walled[first.label[p]!]) backdrop[p] = 1;
  }
  return backdrop;
}

/** The subject mask: what is not `backdrop`, less the subject-by-chroma pixels next to it, burrs and specks. */
function trimmedMask(image: RgbPlane, cls: Uint8Array, backdrop: Uint8Array): Uint8Array {
  const { width: w, height: h } = image;
  const n = cls.length;
  // An opening (3×3) takes off one- and two-pixel burrs along the silhouette: noise and chroma smear, not shape
  // (a thin part it takes lies within the matte's unknown band, which solves it back).
  const m = new Float32Array(n);
  for (let p = 0; p < n; p++) m[p] = backdrop[p] ? 0 : 1;
  // Averaged chroma smears a subject's colour CHROMA_RADIUS pixels (more through JPEG's half-resolution chroma)
  // into the shadow beside it: subject-by-chroma pixels that close to the backdrop are left to the matte, whose
  // unknown band covers them (see solveMatte's `uncertain`).
  const near = boxMean(m, w, h, CHROMA_RADIUS + 1);
  for (let p = 0; p < n; p++) if (cls[p] === CLASS.byChroma && near[p]! < 1 - 1e-4) m[p] = 0;
  const eroded = boxMean(m, w, h, 1);
  for (let p = 0; p < n; p++) eroded[p] = eroded[p]! > 1 - 1e-4 ? 1 : 0;
  const opened = boxMean(eroded, w, h, 1);
  const out = new Uint8Array(n);
  for (let p = 0; p < n; p++) out[p] = m[p] && opened[p]! > 1e-4 ? 1 : 0;
  return dropSpecks(out, w, h);
}

/** Hands every pixel of `within` to the nearest labelled pixel it reaches inside `within` (breadth first). */
function regrow(label: Int32Array, within: Float32Array, w: number, h: number): Int32Array {
  const n = w * h;
  const owner = Int32Array.from(label);
  const queue = new Int32Array(n);
  let tail = 0;
  for (let p = 0; p < n; p++) if (owner[p]) queue[tail++] = p;
  let head = 0;
  while (head < tail) {
    const p = queue[head++]!;
    const x = p % w;
    for (let k = 0; k < 4; k++) {
      const q = k === 0 ? (x > 0 ? p - 1 : -1) : k === 1 ? (x < w - 1 ? p + 1 : -1) : k === 2 ? p - w : p + w;
      if (q < 0 || q >= n || owner[q] || !within[q]) continue;
      owner[q] = owner[p]!;
      queue[tail++] = q;
    }
  }
  return owner;
}

/** Removes subject components smaller than a thousandth of the largest (dust, noise). */
function dropSpecks(mask: Uint8Array, w: number, h: number): Uint8Array {
  const n = w * h;
  const { label: comp, sizes } = labelComponents(mask, w, h);
  const largest = Math.max(0, ...sizes);
  const keep = sizes.map((s) => s >= Math.max(16, largest / 1000));
  const out = new Uint8Array(n);
  for (let p = 0; p < n; p++) out[p] = mask[p] && keep[comp[p]!] ? 1 : 0;
  return out;
}
