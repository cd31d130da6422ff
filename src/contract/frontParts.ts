/**
 * Front parts suggested from a pose: the forearms and hands that lie in front of the body (what a skirt or a coat
 * hangs behind). Pure (no Node, no DOM): `twin prepare`, the Ingest view's preview and its save suggest the same mask.
 */

/** What the suggestion reads of a COCO-17 keypoint: where it is and how sure the estimator was. */
export interface FrontKeypoint {
  x: number;
  y: number;
  confidence?: number;
  visibility?: 'visible' | 'occluded' | 'missing';
}

/**
 * How far the nose may sit off the shoulders' midpoint (a share of the shoulders' width) in a pose still taken as
 * square to the camera; beyond it the pose is turned and the arm on the side it turns towards is the far one.
 */
const TURNED = 0.06;
/** The hand, beyond the wrist along the forearm, as a share of the forearm's length. */
const HAND_LENGTH = 0.65;
/** Half the width of forearm and hand, as a share of the forearm's length. */
const HALF_WIDTH = 0.14;
/** The least confidence of an elbow or a wrist the suggestion builds on (a seen one: see `frontSides`). */
const MIN_CONFIDENCE = 0.2;
/**
 * The least distance in chromaticity (r and g over r + g + b: hue and saturation, not the shading) between skin and
 * the base layer for the mask to follow colour, not shape alone.
 */
const COLOUR_APART = 0.04;

type Side = 'left' | 'right';

/** COCO-17 keypoints by name (left and right are the person's own); those the suggestion reads may be absent. */
export type FrontKeypoints = Partial<Record<string, FrontKeypoint>>;

/**
 * The sides whose forearm and hand lie in front of the body, from the keypoints alone: a pose square to the camera
 * has both arms hanging in front of the body's plane at the hips (what a skirt or a coat hangs behind); a turned pose
 * (the nose off the shoulders' midpoint, TURNED) has only its near arm there, the one on the side it turns from.
 */
export function frontSides(keypoints: FrontKeypoints): Side[] {
  const ls = keypoints.left_shoulder;
  const rs = keypoints.right_shoulder;
  const nose = keypoints.nose;
  // An arm is read only where its elbow and wrist are seen: a hidden wrist is behind something already.
  const usable = (side: Side): boolean =>
    [`${side}_elbow`, `${side}_wrist`].every((n) => {
      const k = keypoints[n];
      return k !== undefined && (k.visibility ?? 'visible') === 'visible' && (k.confidence ?? 1) >= MIN_CONFIDENCE;
    });
  const sides = (['left', 'right'] as const).filter(usable);
  if (!ls || !rs || !nose) return sides;
  const width = Math.abs(ls.x - rs.x);
  if (width < 1) return sides;
  const turn = (nose.x - (ls.x + rs.x) / 2) / width;
  if (Math.abs(turn) < TURNED) return sides;
  // The far shoulder is the one further along the way the face turns.
  const far: Side = Math.sign(turn) === Math.sign(ls.x - rs.x) ? 'left' : 'right';
  return sides.filter((s) => s !== far);
}

function median(values: number[]): number {
  values.sort((a, b) => a - b);
  return values[values.length >> 1] ?? 0;
}

/** Median colour of the opaque pixels at `points` (those off the cut-out are skipped); undefined when none. */
function medianColour(
  rgba: ArrayLike<number>,
  width: number,
  height: number,
  points: { x: number; y: number }[],
): [number, number, number] | undefined {
  const ch: number[][] = [[], [], []];
  for (const p of points) {
    const x = Math.round(p.x);
    const y = Math.round(p.y);
    if (x < 0 || y < 0 || x >= width || y >= height) continue;
    const o = (y * width + x) * 4;
    if (rgba[o + 3]! < 250) continue;
    for (let c = 0; c < 3; c++) ch[c]!.push(rgba[o + c]!);
  }
  if (ch[0]!.length === 0) return undefined;
  return [median(ch[0]!), median(ch[1]!), median(ch[2]!)];
}

/** Chromaticity (r and g over r + g + b) of an RGB colour. */
function chromaticity(r: number, g: number, b: number): [number, number] {
  const sum = r + g + b + 1;
  return [r / sum, g / sum];
}

function chromaDistance(a: readonly number[], b: readonly number[]): number {
  return Math.hypot(a[0]! - b[0]!, a[1]! - b[1]!);
}

/**
 * The pose's front-parts mask (the pack's `poses/<id>.front.png`, 0…255 per pixel, the cut-out's size) suggested
 * from its keypoints: the forearm and hand of each arm `frontSides` puts in front, a capsule from the elbow along
 * the forearm and on past the wrist by a hand's length (or to its tip), kept to the cut-out's own alpha. Where the
 * skin differs from the base layer (docs/capture.md), the capsule keeps only the pixels nearer the forearm's colour
 * than the torso's.
 * Undefined when no arm is in front. A suggestion: the Ingest view's front-parts brush corrects it.
 */
export function suggestFrontParts(
  rgba: ArrayLike<number>,
  width: number,
  height: number,
  keypoints: FrontKeypoints,
): Uint8Array | undefined {
  const sides = frontSides(keypoints);
  if (sides.length === 0) return undefined;
  const mask = new Uint8Array(width * height);
  const samples = torsoSamples(keypoints);
  const bodyColour = medianColour(rgba, width, height, samples);
  const torso = samples.length > 0 ? centroid(samples) : undefined;
  const body = bodyColour && chromaticity(...bodyColour);
  let marked = false;
  for (const side of sides) {
    const arm = forearm(rgba, width, height, keypoints[`${side}_elbow`]!, keypoints[`${side}_wrist`]!, torso);
    if (!arm) continue;
    const { ax, ay, end, vx, vy, r, segment, length } = arm;
    // The skin's colour along the fitted forearm, from a third of the way down to the wrist.
    const along = Array.from({ length: 11 }, (_, k) => ({
      x: ax + vx * length * (0.3 + k * 0.05),
      y: ay + vy * length * (0.3 + k * 0.05),
    }));
    const skinColour = medianColour(rgba, width, height, along);
    const skin = skinColour && chromaticity(...skinColour);
    const byColour = skin !== undefined && body !== undefined && chromaDistance(skin, body) >= COLOUR_APART;
    const x0 = Math.max(0, Math.floor(Math.min(ax, end.x) - r - 1));
    const x1 = Math.min(width - 1, Math.ceil(Math.max(ax, end.x) + r + 1));
    const y0 = Math.max(0, Math.floor(Math.min(ay, end.y) - r - 1));
    const y1 = Math.min(height - 1, Math.ceil(Math.max(ay, end.y) + r + 1));
    for (let y = y0; y <= y1; y++) {
      for (let x = x0; x <= x1; x++) {
        const o = (y * width + x) * 4;
        const a = rgba[o + 3]!;
        if (a === 0) continue;
        // Distance to the fitted segment, elbow → hand's end.
        const t = Math.min(segment, Math.max(0, (x - ax) * vx + (y - ay) * vy));
        const d = Math.hypot(x - (ax + vx * t), y - (ay + vy * t));
        const cover = Math.min(1, Math.max(0, r + 0.5 - d));
        if (cover === 0) continue;
        if (byColour) {
          const c = chromaticity(rgba[o]!, rgba[o + 1]!, rgba[o + 2]!);
          if (chromaDistance(c, skin!) > chromaDistance(c, body!)) continue;
        }
        const v = Math.round(cover * a);
        if (v > mask[y * width + x]!) {
          mask[y * width + x] = v;
          marked = true;
        }
      }
    }
  }
  return marked ? mask : undefined;
}

/** The capsule of a forearm and its hand: from (ax, ay) along (vx, vy) for `segment` pixels to `end`, radius `r`. */
interface Capsule {
  ax: number;
  ay: number;
  end: { x: number; y: number };
  vx: number;
  vy: number;
  segment: number;
  r: number;
  /** The forearm's length (elbow to wrist), which sets the hand's. */
  length: number;
}

/**
 * The capsule from the elbow `e` along the forearm and on past the wrist `w` by a hand's length, or to the hand's
 * tip where the silhouette shows it (handTip, read outwards from the `torso`): on the keypoints' axis, moved onto the
 * forearm's own where its silhouette shows it (the keypoints lie near the limb's axis, not on it). Undefined for a
 * forearm too short to read.
 */
function forearm(
  rgba: ArrayLike<number>,
  width: number,
  height: number,
  e: FrontKeypoint,
  w: FrontKeypoint,
  torso: { x: number; y: number } | undefined,
): Capsule | undefined {
  const length = Math.hypot(w.x - e.x, w.y - e.y);
  if (length < 4) return undefined;
  const ux = (w.x - e.x) / length;
  const uy = (w.y - e.y) / length;
  const span = length * (1 + HAND_LENGTH);
  const fit = fitToSilhouette(rgba, width, height, e, { x: ux, y: uy }, span, HALF_WIDTH * length);
  const ax = e.x - uy * fit.start;
  const ay = e.y + ux * fit.start;
  const full = { x: e.x + ux * span - uy * fit.end, y: e.y + uy * span + ux * fit.end };
  let segment = Math.hypot(full.x - ax, full.y - ay);
  const vx = (full.x - ax) / segment;
  const vy = (full.y - ay) / segment;
  const tip = torso && handTip(rgba, width, height, { ax, ay, vx, vy, r: fit.halfWidth }, length, segment, torso);
  if (tip !== undefined) segment = Math.max(length, Math.min(segment, tip - HAND_TIP_MARGIN * fit.halfWidth));
  const end = { x: ax + vx * segment, y: ay + vy * segment };
  return { ax, ay, end, vx, vy, segment, r: fit.halfWidth, length };
}

/**
 * Where the hand's outer side (away from the body) narrows to this share of its widest, the hand has ended: past it
 * lies the body the hand hangs beside (a thigh, whose edge lies further in), which the skin's colour does not tell
 * apart on a figure without a base layer.
 */
const HAND_TIP_NECK = 0.6;
/** Narrower than this share of its widest within its width after that, the hand is free: its fingers taper off. */
const HAND_TIP_GONE = 0.25;
/** The tip is sought from this share of the forearm's length past the wrist: a palm's length (a hand is about 0.75). */
const HAND_TIP_FROM = 0.35;
/** The capsule's axis ends this many half-widths short of the tip read (its round end reaches on past it). */
const HAND_TIP_MARGIN = 0.5;

/**
 * The hand's tip along a capsule's axis (from its start; undefined where the silhouette does not show it): the
 * outer side of the limb, counted from the axis to the backdrop, is read above the wrist (`wristAt`, the distance from
 * the axis's start) and onwards to `to`; the tip is where, a palm's length past the wrist, it first narrows to
 * HAND_TIP_NECK of its widest and holds there (HAND_TIP_GONE). A forearm whose outer side is not bounded by backdrop
 * (an arm across the body) tells nothing.
 */
function handTip(
  rgba: ArrayLike<number>,
  width: number,
  height: number,
  axis: { ax: number; ay: number; vx: number; vy: number; r: number },
  wristAt: number,
  to: number,
  torso: { x: number; y: number },
): number | undefined {
  const { ax, ay, vx, vy, r } = axis;
  // The normal pointing away from the body.
  const side = Math.sign(-vy * (ax + vx * wristAt - torso.x) + vx * (ay + vy * wristAt - torso.y)) || 1;
  const nx = -vy * side;
  const ny = vx * side;
  const reach = Math.ceil(3 * r);
  const opaque = opaqueTest(rgba, width, height);
  const outer = (t: number): number => {
    const cx = ax + vx * t;
    const cy = ay + vy * t;
    if (!opaque(cx, cy)) return -1;
    let k = 0;
    while (k < reach && opaque(cx + nx * (k + 1), cy + ny * (k + 1))) k++;
    return k;
  };
  const atWrist = median(Array.from({ length: 5 }, (_, k) => outer(wristAt - k * 0.1 * wristAt)));
  if (atWrist >= reach || atWrist < 0.5 * r) return undefined;
  // Read against the widest the hand has been since the wrist (a palm is wider than the wrist), from a palm's length
  // on (the wrist itself is a narrowing).
  let widest = 0;
  for (let t = wristAt; t <= to; t++) {
    const o = outer(t);
    widest = Math.max(widest, o);
    if (t < wristAt + HAND_TIP_FROM * wristAt || o > HAND_TIP_NECK * widest) continue;
    // A free hand's fingers taper on to nothing within its width; a thigh beside the hand holds its edge.
    for (let k = 1; k <= 2 * r; k++) if (outer(t + k) < HAND_TIP_GONE * widest) return undefined;
    return t;
  }
  return undefined;
}

/**
 * The forearm's axis and half-width read off the cut-out: across the limb at a dozen points from the elbow to the
 * hand's end, the run of opaque pixels through the axis, where backdrop bounds it on both sides within three times the
 * expected half-width (a forearm over the torso is not bounded, and tells nothing). The runs' centres, as shifts
 * across the axis at its start and end (a line fitted along it), and their median half-width; the keypoints' own
 * axis and `expected` where fewer than three runs are bounded.
 */
function fitToSilhouette(
  rgba: ArrayLike<number>,
  width: number,
  height: number,
  from: { x: number; y: number },
  axis: { x: number; y: number },
  span: number,
  expected: number,
): { start: number; end: number; halfWidth: number } {
  const nx = -axis.y;
  const ny = axis.x;
  const reach = Math.ceil(3 * expected);
  const opaque = opaqueTest(rgba, width, height);
  const at: number[] = [];
  const shifts: number[] = [];
  const halves: number[] = [];
  for (let k = 1; k <= 12; k++) {
    const t = (span * k) / 13;
    const cx = from.x + axis.x * t;
    const cy = from.y + axis.y * t;
    if (!opaque(cx, cy)) continue;
    let lo = 0;
    while (lo < reach && opaque(cx + nx * (lo + 1), cy + ny * (lo + 1))) lo++;
    let hi = 0;
    while (hi < reach && opaque(cx - nx * (hi + 1), cy - ny * (hi + 1))) hi++;
    if (lo >= reach || hi >= reach) continue;
    at.push(t);
    shifts.push((lo - hi) / 2);
    halves.push((lo + hi + 1) / 2);
  }
  if (shifts.length < 3) return { start: 0, end: 0, halfWidth: expected };
  // The keypoints' axis may be tilted against the limb's: the shifts are fitted as a line along it.
  const n = at.length;
  const mt = at.reduce((a, b) => a + b, 0) / n;
  const ms = shifts.reduce((a, b) => a + b, 0) / n;
  let stt = 0;
  let sts = 0;
  for (let k = 0; k < n; k++) {
    stt += (at[k]! - mt) ** 2;
    sts += (at[k]! - mt) * (shifts[k]! - ms);
  }
  const slope = stt > 0 ? sts / stt : 0;
  const half = median(halves);
  return {
    start: ms - slope * mt,
    end: ms + slope * (span - mt),
    halfWidth: Math.min(1.6 * expected, Math.max(0.5 * expected, half)),
  };
}

/** Whether the cut-out is opaque (alpha ≥ ½) at the pixel nearest (x, y); false off it. */
function opaqueTest(rgba: ArrayLike<number>, width: number, height: number): (x: number, y: number) => boolean {
  return (x, y) => {
    const xi = Math.round(x);
    const yi = Math.round(y);
    return xi >= 0 && yi >= 0 && xi < width && yi < height && rgba[(yi * width + xi) * 4 + 3]! >= 128;
  };
}

function centroid(points: { x: number; y: number }[]): { x: number; y: number } {
  return {
    x: points.reduce((sum, p) => sum + p.x, 0) / points.length,
    y: points.reduce((sum, p) => sum + p.y, 0) / points.length,
  };
}

/** Points inside the torso (the middle of the shoulders–hips quadrilateral), where the base layer shows. */
function torsoSamples(keypoints: FrontKeypoints): { x: number; y: number }[] {
  const corners = [keypoints.left_shoulder, keypoints.right_shoulder, keypoints.right_hip, keypoints.left_hip];
  if (corners.some((c) => c === undefined)) return [];
  const [ls, rs, rh, lh] = corners as [FrontKeypoint, FrontKeypoint, FrontKeypoint, FrontKeypoint];
  const out: { x: number; y: number }[] = [];
  for (let i = 1; i <= 5; i++) {
    for (let j = 1; j <= 5; j++) {
      // Bilinear over the quadrilateral, kept to its middle 60 % each way.
      const u = 0.2 + (0.6 * i) / 6;
      const v = 0.2 + (0.6 * j) / 6;
      const top = { x: ls.x + (rs.x - ls.x) * u, y: ls.y + (rs.y - ls.y) * u };
      const bottom = { x: lh.x + (rh.x - lh.x) * u, y: lh.y + (rh.y - lh.y) * u };
      out.push({ x: top.x + (bottom.x - top.x) * v, y: top.y + (bottom.y - top.y) * v });
    }
  }
  return out;
}
