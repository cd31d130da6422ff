import type { UsageFacts } from '../../src/provenance/index.ts';

export function usageFacts(overrides: Partial<UsageFacts> = {}): UsageFacts {
  return {
    usageId: '0192f3a1-7b2c-7d4e-8f90-a1b2c3d4e5f6',
    code: 'K7QX-29FD',
    twinId: 'tw_mannequin_01',
    displayName: 'Ana Silva',
    licenceId: 'lic_0001',
    consentId: 'cons_0001',
    licensor: 'Northlight Models Agency',
    modelIds: [
      { id: 'tps-warp', sha256: 'a'.repeat(64) },
      { id: 'harmonize', sha256: 'b'.repeat(64) },
    ],
    ...overrides,
  };
}

/** Rows of the image that hold light (luma > threshold) pixels, grouped into contiguous bands. */
export function lightBands(
  image: { data: Buffer; width: number; height: number },
  threshold = 200,
): { top: number; bottom: number; left: number; right: number }[] {
  const bands: { top: number; bottom: number; left: number; right: number }[] = [];
  let current: { top: number; bottom: number; left: number; right: number } | undefined;
  for (let y = 0; y < image.height; y++) {
    let left = -1;
    let right = -1;
    for (let x = 0; x < image.width; x++) {
      const i = (y * image.width + x) * 4;
      const l =
        0.299 * (image.data[i] as number) +
        0.587 * (image.data[i + 1] as number) +
        0.114 * (image.data[i + 2] as number);
      if (l > threshold) {
        if (left < 0) left = x;
        right = x;
      }
    }
    if (left >= 0) {
      if (current) {
        current.bottom = y;
        current.left = Math.min(current.left, left);
        current.right = Math.max(current.right, right);
      } else {
        current = { top: y, bottom: y, left, right };
      }
    } else if (current) {
      bands.push(current);
      current = undefined;
    }
  }
  if (current) bands.push(current);
  return bands;
}
