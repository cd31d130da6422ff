import type { Scene } from '../catalog/scene.schema.ts';
import { placeTwinOnFloor, type PoseGeometry, type Shot } from '../shots/index.ts';

export interface ShotPlan {
  shotId: string;
  name: string;
  sceneId: string;
  twinId: string;
  poseId: string;
  licenceId: string;
  garments: string[];
  use: Shot['use'];
  sku: string;
  /** The refusal the policy gate must give this shot; absent for shots that render. */
  refusedWith?: string;
}

/** The demo's example shots: looks that render, and one per refusal rule the demo licences reach. */
export function demoShotPlans(): ShotPlan[] {
  const ava = { twinId: 'ava-synthetic', licenceId: 'lic-ava-ecom-social' };
  const eu = { channel: 'ecommerce', territory: 'DE' } as const;
  return [
    {
      shotId: 'ava-tee-trousers-studio',
      name: 'Tee and trousers · studio grey',
      sceneId: 'studio-warm-grey',
      ...ava,
      poseId: 'front',
      garments: ['tee-white', 'trousers-navy'],
      use: eu,
      sku: 'SKU-TEE-001',
    },
    {
      shotId: 'ava-dress-loft',
      name: 'Floral dress · loft',
      sceneId: 'loft-window',
      ...ava,
      poseId: 'three-quarter',
      garments: ['dress-floral'],
      use: { channel: 'social', territory: 'US' },
      sku: 'SKU-DRS-014',
    },
    {
      shotId: 'ava-jacket-skirt-street',
      name: 'Denim jacket and pleated skirt · street',
      sceneId: 'street-sunlit',
      ...ava,
      poseId: 'walking',
      garments: ['tee-white', 'skirt-pleated', 'jacket-denim'],
      use: eu,
      sku: 'SKU-JKT-007',
    },
    {
      shotId: 'ava-coat-blue',
      name: 'Camel coat · powder blue',
      sceneId: 'studio-powder-blue',
      ...ava,
      poseId: 'front',
      garments: ['tee-white', 'trousers-navy', 'coat-camel'],
      use: { channel: 'social', territory: 'FR' },
      sku: 'SKU-COA-003',
    },
    {
      shotId: 'ava-dress-blush',
      name: 'Floral dress · blush',
      sceneId: 'studio-blush',
      ...ava,
      poseId: 'walking',
      garments: ['dress-floral'],
      use: eu,
      sku: 'SKU-DRS-014',
    },
    {
      shotId: 'refused-expired',
      name: 'Refused: expired licence',
      sceneId: 'studio-warm-grey',
      ...ava,
      licenceId: 'lic-ava-expired',
      poseId: 'front',
      garments: ['tee-white', 'trousers-navy'],
      use: eu,
      sku: 'SKU-TEE-001',
      refusedWith: 'LICENCE_EXPIRED',
    },
    {
      shotId: 'refused-revoked',
      name: 'Refused: revoked licence',
      sceneId: 'studio-warm-grey',
      ...ava,
      licenceId: 'lic-ava-revoked',
      poseId: 'front',
      garments: ['tee-white', 'trousers-navy'],
      use: eu,
      sku: 'SKU-TEE-001',
      refusedWith: 'LICENCE_REVOKED',
    },
    {
      shotId: 'refused-withdrawn',
      name: 'Refused: consent withdrawn',
      sceneId: 'studio-warm-grey',
      twinId: 'noor-synthetic',
      licenceId: 'lic-noor-ecom',
      poseId: 'front',
      garments: ['tee-white'],
      use: eu,
      sku: 'SKU-TEE-001',
      refusedWith: 'CONSENT_WITHDRAWN',
    },
    {
      shotId: 'refused-channel',
      name: 'Refused: print is not licensed',
      sceneId: 'studio-warm-grey',
      ...ava,
      poseId: 'front',
      garments: ['tee-white'],
      use: { channel: 'print', territory: 'DE' },
      sku: 'SKU-TEE-001',
      refusedWith: 'CHANNEL_NOT_LICENSED',
    },
    {
      shotId: 'refused-territory',
      name: 'Refused: Japan is not licensed',
      sceneId: 'studio-warm-grey',
      ...ava,
      poseId: 'front',
      garments: ['tee-white'],
      use: { channel: 'ecommerce', territory: 'JP' },
      sku: 'SKU-TEE-001',
      refusedWith: 'TERRITORY_NOT_LICENSED',
    },
    {
      shotId: 'refused-category',
      name: 'Refused: coats are outside the EU licence',
      sceneId: 'studio-warm-grey',
      ...ava,
      licenceId: 'lic-ava-eu-ecom',
      poseId: 'front',
      garments: ['tee-white', 'coat-camel'],
      use: eu,
      sku: 'SKU-COA-003',
      refusedWith: 'CATEGORY_EXCLUDED',
    },
  ];
}

export function shotFromPlan(
  plan: ShotPlan,
  pose: PoseGeometry,
  scene: Scene,
  output = { width: 1024, height: 1536 },
): Shot {
  return {
    format: 'shot/2',
    revision: 0,
    shotId: plan.shotId,
    name: plan.name,
    scene: { sceneId: plan.sceneId },
    twin: {
      twinId: plan.twinId,
      poseId: plan.poseId,
      licenceId: plan.licenceId,
      transform: placeTwinOnFloor(pose, scene, output),
      hidden: false,
    },
    garments: plan.garments.map((garmentId, z) => ({ garmentId, z, fit: 'tps' as const, hidden: false })),
    look: { shadow: 0.6, harmonize: 0.5 },
    output,
    use: plan.use,
    sku: plan.sku,
    labels: {},
  };
}
