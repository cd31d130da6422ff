/*
 * The shapes handlers return. Plain data only. Image locations are workspace-relative paths
 * (`twins/tw_x/poses/front.png`); each transport turns them into a URL it can serve.
 */
import type { ErrorCode } from '../errors/codes.ts';

export interface Point {
  x: number;
  y: number;
}
export type Keypoints = Partial<Record<string, Point>>;

export interface PoseView {
  poseId: string;
  name: string;
  image: string;
  width: number;
  height: number;
  keypoints: Keypoints;
  /** One past the figure's lowest visible row (under the soles): what a twin stands on the floor line with. */
  solesY?: number;
}

/** One licence as the user needs to see it: can it be used now, and if not, why and what to do. */
export interface LicenceStatus {
  licenceId: string;
  twinId: string;
  licensee: string;
  channels: string[];
  territories: string[];
  garmentCategories: string[] | null;
  validFrom: string;
  validUntil: string;
  maxImages: number;
  imagesUsed: number;
  imagesLeft: number;
  usable: boolean;
  /** One plain sentence: "Valid until 1 Oct 2027 · 480 of 500 images left" or the refusal. */
  summary: string;
  /** Present when not usable: the gate's code, rule and message, and what the user can do about it. */
  refusal: Refusal | null;
}

export interface Refusal {
  code: ErrorCode;
  rule: string;
  message: string;
  advice: string;
  facts: Record<string, unknown>;
}

export interface TwinView {
  twinId: string;
  displayName: string;
  ownerName: string;
  agency: string;
  consentId: string;
  consentValidUntil: string;
  prohibitedCategories: string[];
  importedAt: string;
  poses: PoseView[];
  licences: LicenceStatus[];
  /** Set when the pack no longer verifies (altered on disk): the twin is listed but unusable. */
  problem: Refusal | null;
}

export interface GarmentView {
  garmentId: string;
  sku: string;
  name: string;
  category: string;
  layer: 'under' | 'over';
  image: string;
  width: number;
  height: number;
  /**
   * The body points the studio previews the garment's fit by (one similarity onto the pose's): its own, or for a
   * garment known by its landmarks alone, the body the render fits it to (`previewBodyPoints`).
   */
  keypoints: Keypoints;
}

export interface SceneView {
  sceneId: string;
  name: string;
  kind: 'studio' | 'lifestyle';
  image: string;
  width: number;
  height: number;
  floorY: number;
  twinHeight: number;
  light: { direction: number; softness: number };
}

export type PolicyCheck =
  | { allowed: true; licenceId: string; imagesLeft: number; fee: { perImage: number; currency: string } }
  | ({ allowed: false } & Refusal);

/** Which services this process has. The UI shows "not available" for the ones that are absent. */
export interface AppInfo {
  version: string;
  mode: 'electron' | 'browser';
  workspaceDir: string;
  services: { render: boolean; outputs: boolean; sync: boolean; review: boolean; export: boolean };
}
