export { IMAGE_LIMITS, decodeImage, probeImage, type DecodedImage, type ImageInfo } from './probeImage.ts';
