import type { WatermarkDetection, WatermarkImage, Watermarker } from '../types.ts';
import { detectWatermark } from './detect.ts';
import { embedWatermark } from './embed.ts';
import { formatPayload, payloadFromUsageId } from './payload.ts';

function channelsOf(image: WatermarkImage): 3 | 4 {
  return image.channels === 3 ? 3 : 4;
}

/** The product's invisible watermark behind the stamper's Watermarker seam. */
export function createWatermarker(options: { key?: string } = {}): Watermarker {
  const opts = options.key ? { key: options.key } : {};
  return {
    embed(image: WatermarkImage, payload: bigint): WatermarkImage {
      const marked = embedWatermark(
        { data: image.data, width: image.width, height: image.height, channels: channelsOf(image) },
        payload,
        { ...opts, inPlace: true },
      );
      return {
        data: Buffer.from(marked.data.buffer, marked.data.byteOffset, marked.data.byteLength),
        width: marked.width,
        height: marked.height,
        channels: marked.channels,
      };
    },
    detect(image: WatermarkImage): WatermarkDetection {
      const result = detectWatermark(
        { data: image.data, width: image.width, height: image.height, channels: channelsOf(image) },
        opts,
      );
      return result.found
        ? { found: true, payload: result.payload, confidence: result.confidence }
        : { found: false, confidence: result.bestScore, reason: result.reason };
    },
    payloadFromUsageId,
    formatPayload,
  };
}
