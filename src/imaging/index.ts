export {
  IMAGE_LIMITS,
  decodeImage,
  probeImage,
  readImageHeader,
  type DecodedImage,
  type ImageInfo,
} from './probeImage.ts';
