import { COCO17, type Coco17Name } from '../../twins/keypoints.schema.ts';
import type { RgbaImage } from '../poseEstimator.ts';

/** A keypoint in the image's pixels with the model's score. */
export interface ScoredPoint {
  x: number;
  y: number;
  score: number;
}

/** Shoulders, elbows and hips at or above this score take part; below it nothing is moved. */
const SCORE = 0.3;
/** Alpha above this is the figure when the silhouette's top is sought. */
const SOLID = 128;
/** Half-width (pixels) of the columns whose median top stands for a shoulder's. */
const COLUMNS = 2;
/** An arm whose upper arm points down at least this steeply (sine of its angle) leaves the shoulder's top free. */
const ARM_DOWN = 0.6;
/** A shoulder this far (share of the torso's length) lower under its top than the other is lifted. */
const UNEVEN = 0.03;
/** A shoulder's depth under its top beyond this share of the torso is not a shoulder's (the head, an arm). */
const MAX_DEPTH = 0.35;

const index = (name: Coco17Name): number => COCO17.indexOf(name);

/**
 * The first row of the figure's silhouette above (x, y), reading up the column while it stays solid: the top of
 * the shoulder under a shoulder joint. Undefined where (x, y) itself is not solid.
 */
function topAbove(image: RgbaImage, x: number, y: number): number | undefined {
  const { data, width, height } = image;
  const tops: number[] = [];
  for (let cx = Math.round(x) - COLUMNS; cx <= Math.round(x) + COLUMNS; cx++) {
    let row = Math.round(y);
    if (cx < 0 || cx >= width || row < 0 || row >= height) return undefined;
    if ((data[(row * width + cx) * 4 + 3] as number) <= SOLID) return undefined;
    while (row > 0 && (data[((row - 1) * width + cx) * 4 + 3] as number) > SOLID) row--;
    tops.push(row);
  }
  tops.sort((a, b) => a - b);
  return tops[tops.length >> 1];
}

/**
 * MoveNet places the far shoulder of a turned figure (three-quarter, walking) low: 1.5–2 % of the figure's height
 * on the demo mannequin, where the near one is within 0.4 %, and a garment fitted to it sits low on that side. On a
 * cut-out the silhouette gives each shoulder's top: a shoulder joint lies about as far under its own top as the
 * other does under its, so the one that lies further under is lifted to the other's depth. Only with both arms
 * down (else the top above a shoulder may be an arm) and both depths plausible for a shoulder (not the head's top);
 * points are never lowered. Returns new points, or the same array when nothing moves.
 */
export function levelShoulders(points: readonly ScoredPoint[], image: RgbaImage): readonly ScoredPoint[] {
  const get = (name: Coco17Name): ScoredPoint => points[index(name)] as ScoredPoint;
  const sides = (['left', 'right'] as const).map((side) => ({
    shoulder: get(`${side}_shoulder`),
    elbow: get(`${side}_elbow`),
    hip: get(`${side}_hip`),
    at: index(`${side}_shoulder`),
  }));
  if (sides.some((s) => s.shoulder.score < SCORE || s.elbow.score < SCORE || s.hip.score < SCORE)) return points;
  for (const { shoulder, elbow } of sides) {
    const arm = Math.hypot(elbow.x - shoulder.x, elbow.y - shoulder.y);
    if (!(arm > 0) || (elbow.y - shoulder.y) / arm < ARM_DOWN) return points;
  }
  const torso = (sides[0]!.hip.y + sides[1]!.hip.y) / 2 - (sides[0]!.shoulder.y + sides[1]!.shoulder.y) / 2;
  if (!(torso > 0)) return points;
  const depths = sides.map(({ shoulder }) => {
    const top = topAbove(image, shoulder.x, shoulder.y);
    return top === undefined ? undefined : shoulder.y - top;
  });
  if (depths.some((d) => d === undefined || d > MAX_DEPTH * torso)) return points;
  const [left, right] = depths as [number, number];
  if (Math.abs(left - right) <= UNEVEN * torso) return points;
  const lower = left > right ? 0 : 1;
  const { shoulder, at } = sides[lower]!;
  const out = points.slice();
  out[at] = { ...shoulder, y: shoulder.y - Math.abs(left - right) };
  return out;
}
