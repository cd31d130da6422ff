import { describe, expect, it } from 'vitest';
import { parseInput, shotWireSchema, StudioApiError, unwrap } from '../../src/contract/index.ts';
import { shotSchema } from '../../src/shots/index.ts';

const shot = {
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

describe('the wire shot schema', () => {
  it('agrees with the core schema on good and bad documents', () => {
    const bad = [{ ...shot, shotId: '../x' }, { ...shot, garments: Array(9).fill({ garmentId: 'tee', z: 0 }) }, { ...shot, extra: 1 }, { ...shot, use: { channel: 'tv', territory: 'EU' } }];
    expect(shotWireSchema.parse(shot)).toEqual(shotSchema.parse(shot));
    for (const doc of bad) expect([shotWireSchema.safeParse(doc).success, shotSchema.safeParse(doc).success]).toEqual([false, false]);
  });

  it('rebuilds a typed error from a failed result', () => {
    const parsed = parseInput('shots.save', { shot: { ...shot, twin: { ...shot.twin, transform: { x: 'left' } } } });
    expect(() => unwrap('shots.save', parsed)).toThrow(StudioApiError);
    try {
      unwrap('shots.save', parsed);
    } catch (e) {
      expect((e as StudioApiError).code).toBe('INVALID_INPUT');
      expect((e as StudioApiError).details.fields).toContain('shot.twin.transform.x');
    }
  });
});
