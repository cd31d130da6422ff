import sharp from 'sharp';
import { IMAGE_LIMITS } from '../imaging/index.ts';

/** Alpha above this (of 255) counts as the figure. */
const VISIBLE = 16;

/**
 * The rows of a pose image (PNG or any format sharp reads) that hold the figure: the crown (topmost row with
 * opacity) and one past the soles (the lowest), what placeTwinOnFloor stands on the floor line.
 */
export async function figureRows(image: Buffer): Promise<{ crownY: number; solesY: number }> {
  const { data, info } = await sharp(image, { limitInputPixels: IMAGE_LIMITS.maxPixels })
    .ensureAlpha()
    .extractChannel(3)
    .raw()
    .toBuffer({ resolveWithObject: true });
  const visible = (y: number): boolean => {
    for (let x = 0, p = y * info.width; x < info.width; x++, p++) if ((data[p] as number) > VISIBLE) return true;
    return false;
  };
  let crownY = 0;
  while (crownY < info.height - 1 && !visible(crownY)) crownY++;
  let solesY = info.height;
  while (solesY > crownY + 1 && !visible(solesY - 1)) solesY--;
  return { crownY, solesY };
}
