export { IMAGE_LIMITS, probeImage, type ImageInfo } from './probeImage.ts';
