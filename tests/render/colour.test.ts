import { describe, expect, it } from 'vitest';
import { deltaE00, srgb8ToLab, type Lab } from '../../src/render/colour/index.ts';

/**
 * Sharma, Wu & Dalal (2005), "The CIEDE2000 Color-Difference Formula: Implementation Notes, Supplementary Test Data,
 * and Mathematical Observations", Table 1: every pair with its published ΔE00 (four decimals).
 */
const SHARMA: [[number, number, number], [number, number, number], number][] = [
  [[50, 2.6772, -79.7751], [50, 0, -82.7485], 2.0425],
  [[50, 3.1571, -77.2803], [50, 0, -82.7485], 2.8615],
  [[50, 2.8361, -74.02], [50, 0, -82.7485], 3.4412],
  [[50, -1.3802, -84.2814], [50, 0, -82.7485], 1.0],
  [[50, -1.1848, -84.8006], [50, 0, -82.7485], 1.0],
  [[50, -0.9009, -85.5211], [50, 0, -82.7485], 1.0],
  [[50, 0, 0], [50, -1, 2], 2.3669],
  [[50, -1, 2], [50, 0, 0], 2.3669],
  [[50, 2.49, -0.001], [50, -2.49, 0.0009], 7.1792],
  [[50, 2.49, -0.001], [50, -2.49, 0.001], 7.1792],
  [[50, 2.49, -0.001], [50, -2.49, 0.0011], 7.2195],
  [[50, 2.49, -0.001], [50, -2.49, 0.0012], 7.2195],
  [[50, -0.001, 2.49], [50, 0.0009, -2.49], 4.8045],
  [[50, -0.001, 2.49], [50, 0.001, -2.49], 4.8045],
  [[50, -0.001, 2.49], [50, 0.0011, -2.49], 4.7461],
  [[50, 2.5, 0], [50, 0, -2.5], 4.3065],
  [[50, 2.5, 0], [73, 25, -18], 27.1492],
  [[50, 2.5, 0], [61, -5, 29], 22.8977],
  [[50, 2.5, 0], [56, -27, -3], 31.903],
  [[50, 2.5, 0], [58, 24, 15], 19.4535],
  [[50, 2.5, 0], [50, 3.1736, 0.5854], 1.0],
  [[50, 2.5, 0], [50, 3.2972, 0], 1.0],
  [[50, 2.5, 0], [50, 1.8634, 0.5757], 1.0],
  [[50, 2.5, 0], [50, 3.2592, 0.335], 1.0],
  [[60.2574, -34.0099, 36.2677], [60.4626, -34.1751, 39.4387], 1.2644],
  [[63.0109, -31.0961, -5.8663], [62.8187, -29.7946, -4.0864], 1.263],
  [[61.2901, 3.7196, -5.3901], [61.4292, 2.248, -4.962], 1.8731],
  [[35.0831, -44.1164, 3.7933], [35.0232, -40.0716, 1.5901], 1.8645],
  [[22.7233, 20.0904, -46.694], [23.0331, 14.973, -42.5619], 2.0373],
  [[36.4612, 47.858, 18.3852], [36.2715, 50.5065, 21.2231], 1.4146],
  [[90.8027, -2.0831, 1.441], [91.1528, -1.6435, 0.0447], 1.4441],
  [[90.9257, -0.5406, -0.9208], [88.6381, -0.8985, -0.7239], 1.5381],
  [[6.7747, -0.2908, -2.4247], [5.8714, -0.0985, -2.2286], 0.6377],
  [[2.0776, 0.0795, -1.135], [0.9033, -0.0636, -0.5514], 0.9082],
];

const lab = ([L, a, b]: [number, number, number]): Lab => ({ L, a, b });

describe('CIEDE2000', () => {
  it.each(SHARMA.map((row, i) => [i + 1, ...row] as const))('Sharma pair %i', (_, x, y, expected) => {
    expect(deltaE00(lab(x), lab(y))).toBeCloseTo(expected, 4);
    // The formula is symmetric in its two colours.
    expect(deltaE00(lab(y), lab(x))).toBeCloseTo(expected, 4);
  });

  it('is zero for a colour against itself', () => {
    expect(deltaE00({ L: 41, a: 12, b: -30 }, { L: 41, a: 12, b: -30 })).toBe(0);
  });
});

describe('sRGB to CIELAB', () => {
  it('maps white, black and mid grey onto the neutral axis', () => {
    const white = srgb8ToLab(255, 255, 255);
    expect(white.L).toBeCloseTo(100, 3);
    expect(Math.hypot(white.a, white.b)).toBeLessThan(1e-3);
    expect(srgb8ToLab(0, 0, 0).L).toBeCloseTo(0, 6);
    expect(srgb8ToLab(119, 119, 119).L).toBeCloseTo(50.03, 1);
  });

  it('gives the known Lab of sRGB blue and the flat tee recoloured by the old harmonize', () => {
    const blue = srgb8ToLab(0, 0, 255);
    expect([blue.L, blue.a, blue.b].map((v) => Math.round(v * 10) / 10)).toEqual([32.3, 79.2, -107.9]);
    expect(deltaE00(srgb8ToLab(0x2e, 0x5e, 0xaa), srgb8ToLab(0x5d, 0x79, 0xa3))).toBeCloseTo(10.6, 1);
  });
});
