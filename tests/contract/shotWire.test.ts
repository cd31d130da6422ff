import { describe, expect, it } from 'vitest';
import { parseInput, shotSchema, StudioApiError, unwrap } from '../../src/contract/index.ts';
import { migrateShot, SHOT_FORMAT } from '../../src/shots/index.ts';
import { minimalShot as shot } from '../helpers/minimalShot.ts';

describe('the shot schema', () => {
  it('fills the defaults a saved shot relies on', () => {
    expect(shotSchema.parse(shot)).toMatchObject({
      twin: { hidden: false },
      garments: [{ garmentId: 'tee', z: 0, fit: 'tps', hidden: false }],
      sku: '',
      labels: {},
    });
  });

  it('refuses bad documents at the API boundary, naming the field', () => {
    const bad: [unknown, string][] = [
      [{ ...shot, shotId: '../x' }, 'shot.shotId'],
      [{ ...shot, garments: Array(9).fill({ garmentId: 'tee', z: 0 }) }, 'shot.garments'],
      [{ ...shot, extra: 1 }, 'shot'],
      [{ ...shot, use: { channel: 'tv', territory: 'EU' } }, 'shot.use.channel'],
      [{ ...shot, format: 'shot/3' }, 'shot.format'],
      [
        { ...shot, twin: { ...shot.twin, transform: { ...shot.twin.transform, scale: 0 } } },
        'shot.twin.transform.scale',
      ],
    ];
    for (const [doc, field] of bad) {
      const result = parseInput('shots.save', { shot: doc });
      expect(result.ok ? [] : (result.error.details.fields as string[]), JSON.stringify(doc)).toContain(field);
    }
    expect(parseInput('shots.save', { shot }).ok).toBe(true);
  });

  it("is the format the core's migrations end at", () => {
    expect(shotSchema.shape.format.value).toBe(SHOT_FORMAT);
    expect(migrateShot({ ...shot }, 'test')).toEqual(shotSchema.parse(shot));
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
