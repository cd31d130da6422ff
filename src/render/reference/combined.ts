import type { Planar } from '../tensors.ts';
import type { TpsTensors } from '../warpInputs.ts';
import { overReference, opaqueReference } from './composite.ts';
import { lightReference } from './harmonize.ts';
import { planar } from './sampling.ts';
import { type ShadowParams, shadowReference } from './shadow.ts';
import { placeCropReference, warpReference } from './warp.ts';

export interface CombinedInputs {
  scene: Planar;
  /** The twin's image (premultiplied) and the affine spline that places it, as the model takes them. */
  twin: { image: Planar; tps: TpsTensors };
  garments: readonly { image: Planar; tps: TpsTensors }[];
  /** The gain per channel on the twin and on the garments (light matching). */
  light: { twin: readonly [number, number, number]; garments: readonly [number, number, number] };
  shadow: ShadowParams;
}

/** The combined render model, stage by stage. */
export function combinedReference(x: CombinedInputs, coarse: boolean): Planar {
  const { width, height } = x.scene;
  const twin = warpReference(x.twin.image, x.twin.tps, coarse);
  const person = placeCropReference(twin, x.twin.tps, width, height);
  let fg = placeCropReference(lightReference(twin, x.light.twin), x.twin.tps, width, height);
  for (const garment of x.garments) {
    const crop = lightReference(warpReference(garment.image, garment.tps, coarse), x.light.garments);
    fg = overReference(placeCropReference(crop, garment.tps, width, height), fg);
  }
  const n = width * height;
  const alpha = planar(width, height, 1, person.data.slice(3 * n, 4 * n));
  return overReference(fg, opaqueReference(shadowReference(x.scene, alpha, x.shadow)));
}
