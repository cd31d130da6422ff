import type { Cutout, CutoutStage } from './cutout.ts';

export interface CutoutRequest {
  bytes: Uint8Array;
  what: string;
  workingPixels?: number;
}

export type CutoutReply =
  | { kind: 'progress'; stage: CutoutStage; fraction: number }
  | { kind: 'done'; cutout: Cutout }
  | { kind: 'error'; code: string; message: string; details: Record<string, unknown> };
