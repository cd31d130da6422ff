import type { Planar } from '../tensors.ts';
import type { TpsTensors } from '../warpInputs.ts';
import { overReference, opaqueReference } from './composite.ts';
import { harmonizeReference } from './harmonize.ts';
import { planar } from './sampling.ts';
import { type ShadowParams, shadowReference } from './shadow.ts';
import { placeCropReference, warpReference } from './warp.ts';

export interface CombinedInputs {
  scene: Planar;
  /** The twin's image (premultiplied) and the affine spline that places it, as the model takes them. */
  twin: { image: Planar; tps: TpsTensors };
  garments: readonly { image: Planar; tps: TpsTensors }[];
  harmonizeStrength: number;
  shadow: ShadowParams;
}

/** The combined render model, stage by stage. */
export function combinedReference(x: CombinedInputs, coarse: boolean): Planar {
  const { width, height } = x.scene;
  const person = placeCropReference(warpReference(x.twin.image, x.twin.tps, coarse), x.twin.tps, width, height);
  let fg = person;
  for (const garment of x.garments) {
    const crop = warpReference(garment.image, garment.tps, coarse);
    fg = overReference(placeCropReference(crop, garment.tps, width, height), fg);
  }
  const harmonized = harmonizeReference(fg, x.scene, x.harmonizeStrength);
  const n = width * height;
  const alpha = planar(width, height, 1, person.data.slice(3 * n, 4 * n));
  return overReference(harmonized, opaqueReference(shadowReference(x.scene, alpha, x.shadow)));
}
