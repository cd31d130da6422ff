export { detectWatermark, type DetectResult } from './detect.ts';
export { embedWatermark } from './embed.ts';
export { DEFAULT_KEY } from './params.ts';
export { formatPayload, payloadFromUsageId } from './payload.ts';
export type { RgbaImage } from './raster.ts';
export { createWatermarker } from './watermarker.ts';
