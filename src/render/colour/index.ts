export { deltaE00, type Lab } from './ciede2000.ts';
export { linearRgbToXyz, linearToSrgb, srgb8ToLab, srgbToLinear, xyzToLab, xyzToLinearRgb } from './srgb.ts';
export { measureShotColour, type DeltaStats, type ShotColourReport } from './measure.ts';
