import sharp from 'sharp';
import { type PoseId, drawMannequinPose } from '../../src/demo/art/index.ts';
import type { RgbaImage } from '../../src/ingest/poseEstimator.ts';
import type { Coco17Name, Point } from '../../src/twins/keypoints.schema.ts';

/** A demo mannequin pose as an image with the keypoints the demo drew it from, and the figure's height in pixels. */
export interface PoseTruth {
  image: RgbaImage;
  keypoints: Record<Coco17Name, Point>;
  figureHeight: number;
}

const rgba = (data: Buffer, width: number, height: number): RgbaImage => ({
  data: new Uint8Array(data.buffer, data.byteOffset, data.length),
  width,
  height,
});

/** Rows holding alpha above 8: the figure's height, head to toe. */
function alphaHeight(image: RgbaImage): number {
  let top = -1;
  let bottom = -1;
  for (let y = 0; y < image.height; y++)
    for (let x = 0; x < image.width; x++)
      if ((image.data[(y * image.width + x) * 4 + 3] as number) > 8) {
        if (top < 0) top = y;
        bottom = y;
        break;
      }
  return bottom - top + 1;
}

/** The 1024×1536 cut-out (RGBA, transparent around the figure) of a demo pose. */
export async function mannequinCutout(pose: PoseId): Promise<PoseTruth> {
  const art = await drawMannequinPose(pose);
  const { data, info } = await sharp(art.png).ensureAlpha().raw().toBuffer({ resolveWithObject: true });
  const image = rgba(data, info.width, info.height);
  return { image, keypoints: art.keypoints, figureHeight: alphaHeight(image) };
}

/**
 * The cut-out scaled by `scale` and laid, opaque, on a light grey studio backdrop (a vertical gradient) of
 * `width`×`height`, its left edge at 30 % of the width, with grain, through JPEG q85: a photo with no alpha, the
 * figure off-centre.
 */
export async function mannequinPhoto(
  pose: PoseId,
  size: { width: number; height: number; scale: number },
): Promise<PoseTruth> {
  const cut = await mannequinCutout(pose);
  const { width, height, scale } = size;
  const fw = Math.round(cut.image.width * scale);
  const fh = Math.round(cut.image.height * scale);
  const left = Math.round(width * 0.3);
  const top = Math.round((height - fh) / 2);
  const figure = await sharp(Buffer.from(cut.image.data), {
    raw: { width: cut.image.width, height: cut.image.height, channels: 4 },
  })
    .resize(fw, fh)
    .png()
    .toBuffer();
  const backdrop =
    `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}"><defs>` +
    '<linearGradient id="g" x1="0" y1="0" x2="0" y2="1"><stop offset="0" stop-color="#d8d8d8"/>' +
    `<stop offset="1" stop-color="#b4b4b4"/></linearGradient></defs><rect width="${width}" height="${height}" fill="url(#g)"/></svg>`;
  const flat = await sharp(Buffer.from(backdrop), { limitInputPixels: false })
    .composite([{ input: figure, left, top }])
    .removeAlpha()
    .raw()
    .toBuffer();
  // Sensor-like grain (±6 levels, a fixed sequence), then a JPEG at quality 85 as cameras and studios deliver.
  let state = 1;
  for (let i = 0; i < flat.length; i++) {
    state = (state * 1664525 + 1013904223) >>> 0;
    flat[i] = Math.max(0, Math.min(255, (flat[i] as number) + ((state >>> 24) % 13) - 6));
  }
  const jpeg = await sharp(flat, { raw: { width, height, channels: 3 }, limitInputPixels: false })
    .jpeg({ quality: 85 })
    .toBuffer();
  const { data } = await sharp(jpeg, { limitInputPixels: false })
    .ensureAlpha()
    .raw()
    .toBuffer({ resolveWithObject: true });
  const keypoints = Object.fromEntries(
    Object.entries(cut.keypoints).map(([k, p]) => [
      k,
      { x: left + (p.x * fw) / cut.image.width, y: top + (p.y * fh) / cut.image.height },
    ]),
  ) as Record<Coco17Name, Point>;
  return { image: rgba(data, width, height), keypoints, figureHeight: cut.figureHeight * (fh / cut.image.height) };
}
