/** The smallest valid shot document as it crosses the API (defaults left out), for schema and wording tests. */
export const minimalShot = {
  format: 'shot/2',
  revision: 0,
  shotId: 'shot_a',
  name: 'A',
  scene: { sceneId: 'studio' },
  twin: { twinId: 'tw_a', poseId: 'front', licenceId: 'lic_a', transform: { x: 1, y: 2, scale: 1, rotation: 0 } },
  garments: [{ garmentId: 'tee', z: 0 }],
  look: { shadow: 0.5, harmonize: 0.5 },
  output: { width: 100, height: 100 },
  use: { channel: 'ecommerce', territory: 'EU' },
};
