/*
 * Where things land in the output frame: the one placement the editor's canvas draws and snaps with and the render
 * composites with. Pure arithmetic (no Node, no DOM), so the renderer and the core import the same functions.
 */
import type { Point } from './views.ts';

export interface Size {
  width: number;
  height: number;
}

/** A twin's placement: its pose image's centre to (x, y), scaled, turned clockwise by `rotation` degrees (y down). */
export interface Placement {
  x: number;
  y: number;
  scale: number;
  rotation: number;
}

/** A 2×3 affine matrix [a, b, c, d, e, f]: x' = a·x + c·y + e, y' = b·x + d·y + f (the canvas convention). */
export type Matrix = [number, number, number, number, number, number];

export const IDENTITY: Matrix = [1, 0, 0, 1, 0, 0];

export function multiply(m: Matrix, n: Matrix): Matrix {
  return [
    m[0] * n[0] + m[2] * n[1],
    m[1] * n[0] + m[3] * n[1],
    m[0] * n[2] + m[2] * n[3],
    m[1] * n[2] + m[3] * n[3],
    m[0] * n[4] + m[2] * n[5] + m[4],
    m[1] * n[4] + m[3] * n[5] + m[5],
  ];
}

export function apply(m: Matrix, p: Point): Point {
  return { x: m[0] * p.x + m[2] * p.y + m[4], y: m[1] * p.x + m[3] * p.y + m[5] };
}

export function invert(m: Matrix): Matrix {
  const det = m[0] * m[3] - m[1] * m[2];
  if (Math.abs(det) < 1e-12) return IDENTITY;
  const [a, b, c, d, e, f] = m;
  return [d / det, -b / det, -c / det, a / det, (c * f - d * e) / det, (b * e - a * f) / det];
}

/**
 * How the scene fills the output: scaled by `scale` to cover it and centre-cropped. `x`, `y` is where the scene's
 * top-left corner lands in output pixels (≤ 0: the part cropped off), `width` × `height` its scaled size.
 */
export interface SceneCover {
  scale: number;
  x: number;
  y: number;
  width: number;
  height: number;
}

export function sceneCover(scene: Size, output: Size): SceneCover {
  const scale = Math.max(output.width / scene.width, output.height / scene.height);
  const width = scene.width * scale;
  const height = scene.height * scale;
  return { scale, x: (output.width - width) / 2, y: (output.height - height) / 2, width, height };
}

/** A scene pixel's place in the output. */
export function sceneToOutput(p: Point, scene: Size, output: Size): Point {
  const c = sceneCover(scene, output);
  return { x: p.x * c.scale + c.x, y: p.y * c.scale + c.y };
}

/** A scene row's place in the output. */
export function sceneToOutputY(sceneY: number, scene: Size, output: Size): number {
  const c = sceneCover(scene, output);
  return sceneY * c.scale + c.y;
}

/** The part of the scene that shows in the output, in scene pixels (what a canvas crops the scene image to). */
export function sceneCrop(scene: Size, output: Size): { x: number; y: number; width: number; height: number } {
  const c = sceneCover(scene, output);
  return { x: -c.x / c.scale, y: -c.y / c.scale, width: output.width / c.scale, height: output.height / c.scale };
}

/** The scene's floor line in output pixels. */
export function floorLineY(scene: Size & { floorY: number }, output: Size): number {
  return sceneToOutputY(scene.floorY, scene, output);
}

function turn(t: Placement): { cos: number; sin: number } {
  const r = (t.rotation * Math.PI) / 180;
  return { cos: Math.cos(r), sin: Math.sin(r) };
}

/** The twin's placement as a matrix from pose-image pixels to output pixels. */
export function twinMatrix(t: Placement, pose: Size): Matrix {
  const { cos, sin } = turn(t);
  const a = cos * t.scale;
  const b = sin * t.scale;
  const cx = pose.width / 2;
  const cy = pose.height / 2;
  return [a, b, -b, a, t.x - (a * cx - b * cy), t.y - (b * cx + a * cy)];
}

/** The same map as twinMatrix, both ways, evaluated about the pose image's centre (what the render samples with). */
export interface PoseAffine {
  toOutput(p: Point): Point;
  toPose(p: Point): Point;
}

export function poseAffine(t: Placement, pose: Size): PoseAffine {
  const { cos, sin } = turn(t);
  const s = t.scale;
  const cx = pose.width / 2;
  const cy = pose.height / 2;
  return {
    toOutput: (p) => {
      const dx = p.x - cx;
      const dy = p.y - cy;
      return { x: t.x + s * (cos * dx - sin * dy), y: t.y + s * (sin * dx + cos * dy) };
    },
    toPose: (p) => {
      const dx = (p.x - t.x) / s;
      const dy = (p.y - t.y) / s;
      return { x: cx + cos * dx + sin * dy, y: cy - sin * dx + cos * dy };
    },
  };
}

/** Where a pose's figure stands, in its own pixels: the ankles' middle, and the soles' row (the ankles stand in). */
export interface Footing {
  x: number;
  solesY: number;
}

/** The lower of the two ankles (their middle across), else near the image's bottom; `solesY` when known. */
export function footing(pose: Size & { keypoints: Partial<Record<string, Point>>; solesY?: number }): Footing {
  const { left_ankle: la, right_ankle: ra } = pose.keypoints;
  const ankle =
    la && ra ? { x: (la.x + ra.x) / 2, y: Math.max(la.y, ra.y) } : { x: pose.width / 2, y: pose.height * 0.95 };
  return { x: ankle.x, solesY: pose.solesY ?? ankle.y };
}

/** The least share of the frame's height left below the feet: a shop's crop needs floor under the figure. */
export const MIN_FLOOR_MARGIN = 0.03;

/** What the default placement needs of a pose: its size, keypoints and opaque rows (crown; soles when known). */
export interface PoseFigure extends Size {
  keypoints: Partial<Record<string, Point>>;
  /** Topmost opaque row of the pose image (the crown). */
  crownY: number;
  /** One past the lowest opaque row of the pose image (under the soles); the ankles stand in when absent. */
  solesY?: number;
}

/**
 * Where a twin stands by default: soles on the scene's floor line (raised to leave MIN_FLOOR_MARGIN of the frame
 * below them when the line lies lower), centred (plus `offsetX`), crown to soles the scene's suggested height.
 */
export function standOnFloor(
  pose: PoseFigure,
  scene: Size & { floorY: number; twinHeight: number },
  output: Size,
  offsetX = 0,
): Placement {
  const foot = footing(pose);
  const { scale: k } = sceneCover(scene, output);
  const floor = Math.min(floorLineY(scene, output), output.height * (1 - MIN_FLOOR_MARGIN));
  const scale = (scene.twinHeight * k) / Math.max(1, foot.solesY - pose.crownY);
  return {
    x: output.width / 2 + offsetX - (foot.x - pose.width / 2) * scale,
    y: floor - (foot.solesY - pose.height / 2) * scale,
    scale,
    rotation: 0,
  };
}
