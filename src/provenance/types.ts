/** Shared vocabulary of the provenance stamp: formats, the usage facts, and the watermark seam. */

export type StampFormat = 'jpeg' | 'png' | 'webp';

export const STAMP_FORMATS: readonly StampFormat[] = ['jpeg', 'png', 'webp'];

/** IPTC code for "composite including generative AI elements". http, not https, per the IPTC vocabulary. */
export const DIGITAL_SOURCE_TYPE =
  'http://cv.iptc.org/newscodes/digitalsourcetype/compositeWithTrainedAlgorithmicMedia';

/** Our custom C2PA assertion; reverse-domain label per the C2PA spec. */
export const USAGE_ASSERTION_LABEL = 'dev.twin-studio.usage';

/** Names the invisible watermark in the C2PA soft-binding assertion (entity-specific, not a registered alg). */
export const WATERMARK_ALGORITHM = 'dev.twin-studio.watermark.tsss.1';

export const TWIN_NAMESPACE = 'https://twin-studio.dev/ns/1.0/';

export interface ModelRef {
  id: string;
  sha256: string;
}

/** Everything the stamp writes about one output. */
export interface UsageFacts {
  /** UUIDv7 of the usage record. */
  usageId: string;
  /** Short human-readable usage code printed in the badge. */
  code: string;
  twinId: string;
  displayName: string;
  licenceId: string;
  consentId: string;
  licensor: string;
  modelIds: ModelRef[];
}

export interface RgbaImage {
  data: Buffer;
  width: number;
  height: number;
}

export interface WatermarkImage {
  data: Buffer;
  width: number;
  height: number;
  channels: number;
}

export type WatermarkDetection =
  { found: true; payload: bigint; confidence: number } | { found: false; confidence?: number; reason?: string };

/** The seam to the invisible watermark (src/provenance/watermark), injected so this folder does not depend on it. */
export interface Watermarker {
  /**
   * Marks the pixels and returns them; may mark `image.data` in place (the stamper passes pixels it owns).
   * Synchronous: the stamper runs it on pixels resident in the pixel kernel (kernel/kernel.ts).
   */
  embed(image: WatermarkImage, payload: bigint): WatermarkImage;
  detect(image: WatermarkImage): WatermarkDetection | Promise<WatermarkDetection>;
  /** The usage id's short form that the mark carries. */
  payloadFromUsageId(usageId: string): bigint;
  formatPayload(payload: bigint): string;
}
