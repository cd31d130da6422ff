import { describe, expect, it } from 'vitest';
import { removeLabel } from '../../src/export/index.ts';
import { createLabelRenderer, disclosureText } from '../../src/provenance/index.ts';
import { photoFrame } from '../helpers/outputsFixture.ts';
import { photoLikeRgba } from '../helpers/photoLike.ts';
import { embedWatermark } from '../../src/provenance/watermark/index.ts';

function meanAbsDiff(
  a: Buffer,
  b: Buffer,
  box?: { left: number; top: number; width: number; height: number },
  width = 0,
): number {
  let sum = 0;
  let n = 0;
  for (let i = 0; i < a.length; i += 4) {
    const p = i / 4;
    if (box) {
      const x = p % width;
      const y = Math.floor(p / width);
      if (x < box.left || y < box.top || x >= box.left + box.width || y >= box.top + box.height) continue;
    }
    for (let c = 0; c < 3; c++) sum += Math.abs((a[i + c] as number) - (b[i + c] as number));
    n += 3;
  }
  return sum / n;
}

describe('removeLabel', () => {
  const labels = createLabelRenderer();
  const wording = disclosureText({ displayName: 'Test Mannequin' });

  it('takes the badge and tiled mark back out of labelled pixels (glyph cores filled from neighbours)', async () => {
    const original = await photoFrame(400, 600, 3);
    const labelled = await labels.drawLabel(original, { displayName: '', wording, code: 'ABCD-1234-EF56' });
    const { plate } = labelled.layout;
    expect(meanAbsDiff(labelled.data, original.data, plate, 400)).toBeGreaterThan(40);

    const cleaned = await removeLabel(labels, labelled, { wording, code: 'ABCD-1234-EF56' });
    expect(cleaned.corner).toBe('bottom-right');
    expect(meanAbsDiff(cleaned.image.data, original.data)).toBeLessThan(0.6);
    expect(meanAbsDiff(cleaned.image.data, original.data, plate, 400)).toBeLessThan(6);
  });

  it('finds a badge in the other corner, and leaves unlabelled pixels alone', async () => {
    const original = await photoFrame(400, 600, 4);
    const left = await labels.drawLabel(original, {
      displayName: '',
      wording,
      code: 'ABCD-1234-EF56',
      corner: 'bottom-left',
    });
    expect((await removeLabel(labels, left, { wording, code: 'ABCD-1234-EF56' })).corner).toBe('bottom-left');
    const none = await removeLabel(labels, original, { wording, code: 'ABCD-1234-EF56' });
    expect(none.corner).toBeNull();
    expect(none.image.data.equals(original.data)).toBe(true);
  });

  it('leaves no textured rectangle where the plate was when the watermark went on after the label', async () => {
    const [width, height] = [1024, 1536];
    const original = await photoLikeRgba(width, height, 6);
    // As the stamp does: label, then the invisible mark over everything, the plate included.
    const labelled = await labels.drawLabel(original, {
      displayName: '',
      wording,
      code: 'ABCD-1234-EF56',
      corner: 'top-right',
    });
    embedWatermark({ data: labelled.data, width, height, channels: 4 }, 0x0123456789abn, { inPlace: true });
    const cleaned = await removeLabel(labels, labelled, { wording, code: 'ABCD-1234-EF56' });
    expect(cleaned.corner).toBe('top-right');
    // Texture: mean |pixel − its right neighbour| in green, inside the plate and in a same-size box beside it.
    const { plate } = labelled.layout;
    const texture = (left: number) => {
      let sum = 0;
      let n = 0;
      for (let y = plate.top + 4; y < plate.top + plate.height - 4; y++) {
        for (let x = left + 4; x < left + plate.width - 5; x++) {
          const i = (y * width + x) * 4 + 1;
          sum += Math.abs((cleaned.image.data[i] as number) - (cleaned.image.data[i + 4] as number));
          n++;
        }
      }
      return sum / n;
    };
    const inside = texture(plate.left);
    const beside = texture(plate.left - plate.width - 8);
    // Restored closer to the picture than the plain inversion (mean error 6.5 levels, from the mark × 2.5), and no
    // more textured than the picture beside it.
    expect(meanAbsDiff(cleaned.image.data, original.data, plate, width)).toBeLessThan(5);
    expect(inside).toBeLessThan(beside);
  });
});
