import type { Pixels } from '../tensors.ts';
import { layerAsTwin, planLight, type PreparedShot } from './prepareShot.ts';

/**
 * A self-contained prepared shot (gradient scene, an oval figure, one square garment with four keypoints)
 * for the doctor's self-test: no workspace, no files, the same pixels every time.
 */
export function syntheticShot(width = 512, height = 768): PreparedShot {
  const n = width * height;
  const scene: Pixels = { data: new Uint8Array(3 * n), width, height, channels: 3 };
  // The figure: an oval on an image the frame's size, placed one to one.
  const figure: Pixels = { data: new Uint8Array(4 * n), width, height, channels: 4 };
  const byte = (v: number): number => Math.round(v * 255);
  for (let y = 0; y < height; y++)
    for (let x = 0; x < width; x++) {
      const i = y * width + x;
      scene.data[3 * i] = byte(0.8 - 0.3 * (y / height));
      scene.data[3 * i + 1] = byte(0.75 - 0.3 * (y / height));
      scene.data[3 * i + 2] = byte(0.7 - 0.3 * (y / height));
      const inside = ((x - width / 2) / (width * 0.15)) ** 2 + ((y - height * 0.5) / (height * 0.4)) ** 2 <= 1;
      if (inside) figure.data.set([byte(0.85), byte(0.7), byte(0.6), 255], 4 * i);
    }
  const g = 64;
  // Opaque, straight RGBA (51, 255, 255).
  const garment: Pixels = { data: new Uint8Array(4 * g * g).fill(255), width: g, height: g, channels: 4 };
  for (let i = 0; i < g * g; i++) garment.data[4 * i] = byte(0.2);
  const cx = width / 2;
  const src = [
    { x: 4, y: 4 },
    { x: 60, y: 4 },
    { x: 4, y: 60 },
    { x: 60, y: 60 },
  ];
  const dest = [
    { x: cx - width * 0.12, y: height * 0.3 },
    { x: cx + width * 0.12, y: height * 0.3 },
    { x: cx - width * 0.1, y: height * 0.55 },
    { x: cx + width * 0.1, y: height * 0.55 },
  ];
  return {
    shotId: 'self-test',
    output: { width, height },
    scene,
    twin: layerAsTwin(figure),
    garments: [{ garmentId: 'self-test', z: 0, fit: 'tps', image: garment, dest, src }],
    light: planLight(scene, { shadow: 1, harmonize: 0.5 }, false),
    shadow: { floorY: height * 0.88, band: 20, strength: 1, sigma: 12 },
    timings: {},
  };
}
