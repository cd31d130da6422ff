import { drawCamelCoat, drawDenimJacket, drawTee } from './tops.ts';
import { drawPleatedSkirt, drawTrousers } from './bottoms.ts';
import { drawFloralDress } from './dress.ts';
import { FRONT } from './fabric.ts';
import type { GarmentDrawing } from './fabric.ts';
import { noiseTile, renderRgba, svgDoc } from './svg.ts';
import type { GarmentCategory } from '../../catalog/garment.schema.ts';
import type { Coco17Name, Keypoints } from '../../twins/keypoints.schema.ts';
import { expectedFor, StudioError } from '../../errors/index.ts';
import type { GarmentLandmarks } from '../../catalog/garmentLandmarks.ts';

export type DemoGarmentId =
  'tee-white' | 'trousers-navy' | 'dress-floral' | 'jacket-denim' | 'skirt-pleated' | 'coat-camel';

export type DemoGarment = {
  garmentId: DemoGarmentId;
  sku: string;
  name: string;
  category: GarmentCategory;
  layer: 'under' | 'over';
  /** The body points the garment covers: its image is cut to hold them. */
  keypointNames: readonly Coco17Name[];
};

const SHOULDERS = ['left_shoulder', 'right_shoulder'] as const;
const ELBOWS = ['left_elbow', 'right_elbow'] as const;
const WRISTS = ['left_wrist', 'right_wrist'] as const;
const HIPS = ['left_hip', 'right_hip'] as const;
const KNEES = ['left_knee', 'right_knee'] as const;
const ANKLES = ['left_ankle', 'right_ankle'] as const;

export const DEMO_GARMENTS: readonly DemoGarment[] = [
  {
    garmentId: 'tee-white',
    sku: 'TS-TEE-001-WHT',
    name: 'Relaxed cotton tee, white',
    category: 'top',
    layer: 'under',
    keypointNames: [...SHOULDERS, ...ELBOWS, ...HIPS],
  },
  {
    garmentId: 'trousers-navy',
    sku: 'TS-TRS-014-NVY',
    name: 'Straight-leg wool trousers, navy',
    category: 'trousers',
    layer: 'under',
    keypointNames: [...HIPS, ...KNEES, ...ANKLES],
  },
  {
    garmentId: 'dress-floral',
    sku: 'TS-DRS-203-FLR',
    name: 'Floral tea dress',
    category: 'dress',
    layer: 'under',
    keypointNames: [...SHOULDERS, ...HIPS, ...KNEES],
  },
  {
    garmentId: 'jacket-denim',
    sku: 'TS-JKT-077-DNM',
    name: 'Cropped denim trucker jacket',
    category: 'jacket',
    layer: 'over',
    keypointNames: [...SHOULDERS, ...ELBOWS, ...WRISTS, ...HIPS],
  },
  {
    garmentId: 'skirt-pleated',
    sku: 'TS-SKT-031-SGE',
    name: 'Pleated midi skirt, sage',
    category: 'skirt',
    layer: 'under',
    keypointNames: [...HIPS, ...KNEES],
  },
  {
    garmentId: 'coat-camel',
    sku: 'TS-COT-120-CML',
    name: 'Double-breasted wool coat, camel',
    category: 'coat',
    layer: 'over',
    keypointNames: [...SHOULDERS, ...ELBOWS, ...WRISTS, ...HIPS, ...KNEES],
  },
];

/** A drawn garment: its image, the body points it covers and its landmarks, in the image's pixels. */
export type GarmentArt = {
  png: Buffer;
  width: number;
  height: number;
  keypoints: Keypoints;
  landmarks: GarmentLandmarks;
};

const round2 = (n: number): number => Math.round(n * 100) / 100;

const PAD = 16;

export async function drawGarment(id: DemoGarmentId): Promise<GarmentArt> {
  const meta = DEMO_GARMENTS.find((g) => g.garmentId === id);
  if (!meta) {
    throw new StudioError(
      'DEMO_GARMENT_UNKNOWN',
      expectedFor(`one of ${DEMO_GARMENTS.map((g) => g.garmentId).join(', ')}`, 'the demo garment', id),
      { garmentId: id },
    );
  }
  const grain = `<pattern id="grain" patternUnits="userSpaceOnUse" width="128" height="128"><image width="128" height="128" href="${await noiseTile(11)}"/></pattern>`;
  const drawing = await drawingFor(id);
  const kp = meta.keypointNames.map((n) => FRONT[n as keyof typeof FRONT]);
  const xs = [...drawing.extent.map((p) => p.x), ...kp.map((p) => p.x)];
  const ys = [...drawing.extent.map((p) => p.y), ...kp.map((p) => p.y)];
  const x0 = Math.floor(Math.min(...xs) - PAD);
  const y0 = Math.floor(Math.min(...ys) - PAD);
  const width = Math.ceil(Math.max(...xs) + PAD) - x0;
  const height = Math.ceil(Math.max(...ys) + PAD) - y0;
  const svg = svgDoc(
    width,
    height,
    `<defs>${grain}${drawing.defs.join('')}</defs>${drawing.body}`,
    `${x0} ${y0} ${width} ${height}`,
  );
  const png = await renderRgba(svg);
  const keypoints: Keypoints = {};
  for (const n of meta.keypointNames) {
    const p = FRONT[n as keyof typeof FRONT];
    keypoints[n] = { x: round2(p.x - x0), y: round2(p.y - y0) };
  }
  const landmarks: GarmentLandmarks = {};
  for (const [n, p] of Object.entries(drawing.landmarks))
    landmarks[n as keyof GarmentLandmarks] = { x: round2(p.x - x0), y: round2(p.y - y0) };
  return { png, width, height, keypoints, landmarks };
}

async function drawingFor(id: DemoGarmentId): Promise<GarmentDrawing> {
  switch (id) {
    case 'tee-white':
      return drawTee();
    case 'trousers-navy':
      return drawTrousers('grain');
    case 'dress-floral':
      return drawFloralDress('grain');
    case 'jacket-denim':
      return withDenim(drawDenimJacket('twill', 'grain'));
    case 'skirt-pleated':
      return drawPleatedSkirt('grain');
    case 'coat-camel':
      return drawCamelCoat('grain');
  }
}

/** Denim's diagonal twill: fine light and dark diagonals repeating every 6 px. */
function withDenim(d: GarmentDrawing): GarmentDrawing {
  // Diagonals drawn inside an unrotated tile: a rotated pattern costs librsvg several hundred ms.
  const twill =
    `<pattern id="twill" patternUnits="userSpaceOnUse" width="6" height="6">` +
    `<rect width="6" height="6" fill="#4d6b93"/>` +
    `<path d="M-1,7L7,-1M-4,4L4,-4M2,10L10,2" stroke="#a9bdd6" stroke-width="1.6"/>` +
    `<path d="M-2.5,5.5L5.5,-2.5M0.5,8.5L8.5,0.5" stroke="#2c4466" stroke-width="0.9"/></pattern>`;
  return { ...d, defs: [twill, ...d.defs] };
}
