import { SHADOW_POOL } from '../graphs/parts.ts';
import type { Planar } from '../tensors.ts';
import type { TpsTensors } from '../warpInputs.ts';
import type { SceneLightInput } from '../light/sceneLight.ts';
import { overReference, opaqueReference } from './composite.ts';
import { lightReference } from './harmonize.ts';
import { planar } from './sampling.ts';
import { channelsOf, darkenReference, figureLightReference, stackChannels } from './sceneLight.ts';
import { type ShadowParams, shadowReference } from './shadow.ts';
import { placeCropReference, warpReference } from './warp.ts';

/** The scene light's inputs as the model takes them (light/sceneLight.ts `SceneLightInput`), the mask in [0, 1]. */
export type SceneLightReference = Omit<SceneLightInput, 'front'> & { front: Planar };

export interface CombinedInputs {
  scene: Planar;
  /** The twin's image (premultiplied) and the affine spline that places it, as the model takes them. */
  twin: { image: Planar; tps: TpsTensors };
  /** `cutsFront: false` marks a sleeve: the twin's front parts do not show through it. */
  garments: readonly { image: Planar; tps: TpsTensors; cutsFront?: boolean }[];
  /** The gain per channel on the twin and on the garments (light matching). */
  light: { twin: readonly [number, number, number]; garments: readonly [number, number, number] };
  shadow: ShadowParams;
  /** Absent: none (a clear front mask, no cast shadow, no shading, no contact darkening). */
  sceneLight?: SceneLightReference;
}

/** The combined render model, stage by stage. */
export function combinedReference(x: CombinedInputs, coarse: boolean): Planar {
  const { width, height } = x.scene;
  const n = width * height;
  const sl = x.sceneLight;
  const front = sl?.front ?? planar(x.twin.image.width, x.twin.image.height, 1);
  const warped = warpReference(stackChannels(x.twin.image, front), x.twin.tps, coarse);
  const twin = channelsOf(warped, 0, 4);
  const person = placeCropReference(twin, x.twin.tps, width, height);
  const behind = placeCropReference(channelsOf(warped, 4, 5), x.twin.tps, width, height);
  for (let i = 0; i < n; i++) behind.data[i] = 1 - (behind.data[i] as number);
  const placed = x.garments.map((garment) =>
    placeCropReference(
      lightReference(warpReference(garment.image, garment.tps, coarse), x.light.garments),
      garment.tps,
      width,
      height,
    ),
  );
  // As the model: where the front mask is and no sleeve lies, the stack thins as a whole, so the twin shows through.
  const thinned = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    let clear = 1;
    placed.forEach((layer, k) => {
      if (x.garments[k]?.cutsFront === false) clear *= 1 - (layer.data[3 * n + i] as number);
    });
    thinned[i] = 1 - (1 - (behind.data[i] as number)) * clear;
  }
  const thin = (layer: Planar): Planar => {
    const out = planar(width, height, layer.channels);
    for (let c = 0; c < layer.channels; c++)
      for (let i = 0; i < n; i++) out.data[c * n + i] = (layer.data[c * n + i] as number) * (thinned[i] as number);
    return out;
  };
  const litTwin = placeCropReference(lightReference(twin, x.light.twin), x.twin.tps, width, height);
  // As the model: the garment layers stacked, thinned, then laid over the twin.
  const stack = placed.length > 0 ? placed.reduce((below, layer) => overReference(layer, below)) : undefined;
  const clothes = stack ? thin(stack) : undefined;
  const garments = placed.map(thin);
  let fg = clothes ? overReference(clothes, litTwin) : litTwin;
  if (sl) {
    const sum = (layers: readonly Planar[]): Planar => {
      const out = planar(width, height, 1);
      for (const g of layers)
        for (let i = 0; i < n; i++) out.data[i] = (out.data[i] as number) + (g.data[3 * n + i] as number);
      return out;
    };
    const light = { covered: sum(garments), alpha: channelsOf(fg, 3, 4), behind };
    // As the model's slots (the layers fill the top ones): the top layer over the ones below it.
    const layered = { upper: sum(garments.slice(-1)), lower: sum(garments.slice(0, -1)) };
    fg = darkenReference(fg, figureLightReference({ ...light, ...layered }, sl));
  }
  const alpha = channelsOf(person, 3, 4);
  let shadow = x.shadow;
  if (sl) {
    const pw = Math.ceil(width / SHADOW_POOL);
    const ph = Math.ceil(height / SHADOW_POOL);
    const cast = warpReference(channelsOf(x.twin.image, 3, 4), sl.cast, false);
    shadow = {
      ...shadow,
      cast: { placed: placeCropReference(cast, sl.cast, pw, ph), strength: sl.castStrength, kernel: sl.castKernel },
    };
  }
  return overReference(fg, opaqueReference(shadowReference(x.scene, alpha, shadow)));
}
