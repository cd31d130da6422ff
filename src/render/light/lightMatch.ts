import { linearRgbToXyz, srgbToLinear, xyzToLinearRgb } from '../colour/srgb.ts';
import type { Pixels } from '../tensors.ts';

/**
 * Light matching: the scene's light on the foreground, as a photographer would meet it — exposure and colour
 * temperature, each within a bound — never the scene's colours. It is one gain per channel, the same for every pixel
 * whatever the garments are, so a navy trouser stays navy under any top, and a bound keeps every product colour
 * within the colour budget (docs/render.md "Light matching").
 */

/** The most the level moves (EV, darker only: a catalog colour is never pushed toward clipping). */
export const MAX_LEVEL_EV = 0.1;
/** The most the colour temperature moves, in mireds (a 1/8 CTO gel is about 20): a near-white product moves ≤ 1.6 ΔE00. */
export const MAX_MIRED_SHIFT = 5;
/** The luminance (linear, white = 1) of a scene lit like the studio the catalog was shot in: a light grey paper. */
export const REFERENCE_LUMINANCE = 0.42;

/** The linear mean colour of a scene (interleaved RGB or RGBA uint8), every `step`-th pixel of every `step`-th row: a mean needs few (~5 ms at 2048×3072 with 4). */
export function sceneMeanLinear(scene: Pixels, step = 4): [number, number, number] {
  const lut = new Float64Array(256);
  for (let i = 0; i < 256; i++) lut[i] = srgbToLinear(i / 255);
  const sums = [0, 0, 0];
  let n = 0;
  const { data, width, height, channels } = scene;
  for (let y = 0; y < height; y += step)
    for (let x = 0, p = y * width * channels; x < width; x += step, p += step * channels, n++)
      for (let c = 0; c < 3; c++) sums[c] = (sums[c] as number) + (lut[data[p + c] as number] as number);
  return sums.map((s) => s / Math.max(n, 1)) as [number, number, number];
}

/** The locus is searched over 2000–25000 K, in half-mired steps. */
const MIRED_RANGE = [40, 500] as const;

/**
 * The colour temperature (mireds) of a linear RGB colour: the point of the Planckian locus whose red and blue, each
 * against green, lie nearest in log ratio. Unlike McCamy's formula this stays meaningful far from the locus (a
 * saturated blue wall reads as cool, an orange one as warm), where a scene's mean may well lie.
 */
export function sceneMired(mean: readonly [number, number, number]): number {
  const ratio = (c: readonly number[]): [number, number] => {
    const [r, g, b] = c.map((v) => Math.max(v, 1e-6)) as [number, number, number];
    return [Math.log(r / g), Math.log(b / g)];
  };
  const [sr, sb] = ratio(mean);
  let best: number = MIRED_RANGE[0];
  let bestDistance = Number.POSITIVE_INFINITY;
  for (let m = MIRED_RANGE[0]; m <= MIRED_RANGE[1]; m += 0.5) {
    const [lr, lb] = ratio(locusRgb(m));
    const d = (sr - lr) ** 2 + (sb - lb) ** 2;
    if (d < bestDistance) {
      bestDistance = d;
      best = m;
    }
  }
  return best;
}

/** Chromaticity of the Planckian locus at T kelvin (Kim et al. 2002 cubic fit, 1667–25000 K). */
export function planckianXy(t: number): [number, number] {
  const k = Math.min(25000, Math.max(1667, t));
  const x =
    k <= 4000
      ? -0.2661239e9 / k ** 3 - 0.2343589e6 / k ** 2 + 0.8776956e3 / k + 0.17991
      : -3.0258469e9 / k ** 3 + 2.1070379e6 / k ** 2 + 0.2226347e3 / k + 0.24039;
  const y =
    k <= 2222
      ? -1.1063814 * x ** 3 - 1.3481102 * x ** 2 + 2.18555832 * x - 0.20219683
      : k <= 4000
        ? -0.9549476 * x ** 3 - 1.37418593 * x ** 2 + 2.09137015 * x - 0.16748867
        : 3.081758 * x ** 3 - 5.8733867 * x ** 2 + 3.75112997 * x - 0.37001483;
  return [x, y];
}

/** The linear RGB of the locus white at `mired`, luminance 1. */
function locusRgb(mired: number): [number, number, number] {
  const [x, y] = planckianXy(1e6 / mired);
  return xyzToLinearRgb(x / y, 1, (1 - x - y) / y);
}

/** The catalog's white, D65 (about 6500 K), as sceneMired reads it: a neutral scene asks for no change. */
const REFERENCE_MIRED = sceneMired([1, 1, 1]);

export interface LightMatch {
  /** Exposure change applied, EV (≤ 0). */
  levelEv: number;
  /** Colour temperature change applied, mireds (positive: warmer). */
  miredShift: number;
  /** The gain per channel on sRGB-encoded values (see `lightMatch`). */
  gain: [number, number, number];
}

export const NO_LIGHT_CHANGE: LightMatch = { levelEv: 0, miredShift: 0, gain: [1, 1, 1] };

/**
 * The light match for a scene whose mean linear colour is `mean`, at `strength` (0: none, 1: the full bounded move):
 * the level follows the scene's luminance down from REFERENCE_LUMINANCE, the white point moves along the Planckian
 * locus toward the scene's correlated colour temperature, each clamped. The gain is a von Kries scaling in linear
 * sRGB, carried to encoded values as its 1/2.2 power (exact for a pure power-law curve, within a code value for sRGB).
 */
export function lightMatch(mean: readonly [number, number, number], strength: number): LightMatch {
  const s = Math.min(1, Math.max(0, strength));
  const Y = linearRgbToXyz(...mean)[1];
  if (!(s > 0) || !(Y > 1e-6)) return NO_LIGHT_CHANGE;
  const levelEv = Math.max(-MAX_LEVEL_EV, Math.min(0, s * Math.log2(Y / REFERENCE_LUMINANCE)));
  const miredShift = Math.max(-MAX_MIRED_SHIFT, Math.min(MAX_MIRED_SHIFT, s * (sceneMired(mean) - REFERENCE_MIRED)));
  const to = locusRgb(REFERENCE_MIRED + miredShift);
  const from = locusRgb(REFERENCE_MIRED);
  const level = 2 ** levelEv;
  const gain = [0, 1, 2].map((c) => ((level * (to[c] as number)) / (from[c] as number)) ** (1 / 2.2)) as [
    number,
    number,
    number,
  ];
  return { levelEv, miredShift, gain };
}
