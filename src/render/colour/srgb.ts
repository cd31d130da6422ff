import type { Lab } from './ciede2000.ts';

/** IEC 61966-2-1: an sRGB-encoded value in [0, 1] to linear light. */
export function srgbToLinear(v: number): number {
  return v <= 0.04045 ? v / 12.92 : ((v + 0.055) / 1.055) ** 2.4;
}

export function linearToSrgb(v: number): number {
  return v <= 0.0031308 ? v * 12.92 : 1.055 * v ** (1 / 2.4) - 0.055;
}

/** Linear sRGB (D65) to CIE XYZ, Y of white = 1. */
export function linearRgbToXyz(r: number, g: number, b: number): [number, number, number] {
  return [
    0.4124564 * r + 0.3575761 * g + 0.1804375 * b,
    0.2126729 * r + 0.7151522 * g + 0.072175 * b,
    0.0193339 * r + 0.119192 * g + 0.9503041 * b,
  ];
}

/** CIE XYZ to linear sRGB (D65). */
export function xyzToLinearRgb(x: number, y: number, z: number): [number, number, number] {
  return [
    3.2404542 * x - 1.5371385 * y - 0.4985314 * z,
    -0.969266 * x + 1.8760108 * y + 0.041556 * z,
    0.0556434 * x - 0.2040259 * y + 1.0572252 * z,
  ];
}

/** The sRGB white (D65) in XYZ, from the matrix above so white maps to L* 100, a* = b* = 0. */
const WHITE = linearRgbToXyz(1, 1, 1);

const f = (t: number): number => (t > 216 / 24389 ? Math.cbrt(t) : ((24389 / 27) * t + 16) / 116);

export function xyzToLab(x: number, y: number, z: number): Lab {
  const fx = f(x / WHITE[0]);
  const fy = f(y / WHITE[1]);
  const fz = f(z / WHITE[2]);
  return { L: 116 * fy - 16, a: 500 * (fx - fy), b: 200 * (fy - fz) };
}

/** An sRGB colour, each channel in [0, 255] (fractions allowed), to CIELAB (D65). */
export function srgb8ToLab(r: number, g: number, b: number): Lab {
  return xyzToLab(...linearRgbToXyz(srgbToLinear(r / 255), srgbToLinear(g / 255), srgbToLinear(b / 255)));
}
