import { describe, expect, it } from 'vitest';
import { measureShotColour } from '../../src/render/colour/index.ts';
import { MAX_LEVEL_EV, MAX_MIRED_SHIFT, lightMatch } from '../../src/render/light/index.ts';
import { prepareShot, renderShot } from '../../src/render/pipeline/index.ts';
import type { Shot } from '../../src/shots/index.ts';
import { useRenderFixture } from '../helpers/renderWorkspace.ts';

/** Product colour is sacred: a render keeps each garment's and the twin's own colours (CIEDE2000 against them). */
describe('product and skin colour in a render', () => {
  // 512×768, the pose at 4× so the tee and the skin have thousands of their own pixels.
  const fix = useRenderFixture('twin-colour-', { output: { width: 512, height: 768 }, poseScale: 4 });
  const measure = async (shot: Shot) => {
    const prepared = await prepareShot(fix.fx.ws, shot);
    const result = await renderShot(prepared, fix.sessions);
    return { prepared, colour: measureShotColour(prepared, result.rgba) };
  };

  it('keeps the tee within ΔE00 2 and the skin within ΔE00 1 of their own images at any light-matching strength', async () => {
    for (const harmonize of [0.5, 1]) {
      const { colour } = await measure({ ...fix.fx.shot, look: { ...fix.fx.shot.look, harmonize } });
      const tee = colour.garments[0]!.deltaE00;
      expect(tee.pixels).toBeGreaterThan(5000);
      expect(tee.median, `tee at strength ${harmonize}`).toBeLessThanOrEqual(2);
      expect(colour.skin!.pixels).toBeGreaterThan(2000);
      expect(colour.skin!.median, `skin at strength ${harmonize}`).toBeLessThanOrEqual(1);
    }
  });

  it('leaves the skin alone when the look asks to relight the twin but the consent prohibits skin-tone changes', async () => {
    // The gate refuses this look (tests/policy/lookConsent.test.ts); the renderer holds the line even without it.
    const { prepared, colour } = await measure({
      ...fix.fx.shot,
      look: { ...fix.fx.shot.look, harmonize: 1, relightTwin: true },
    });
    expect(prepared.light.twinRelit).toBe(false);
    expect(prepared.light.twin).toEqual([1, 1, 1]);
    expect(colour.skin!.median).toBeLessThanOrEqual(1);
  });

  it('gives the garments the light the scene asks for, bounded', async () => {
    const { prepared } = await measure(fix.fx.shot);
    // The fixture's backdrop is a warm beige: the light warms, by no more than the bound.
    expect(prepared.light.match.miredShift).toBeGreaterThan(0);
    expect(prepared.light.match.miredShift).toBeLessThanOrEqual(MAX_MIRED_SHIFT);
    expect(prepared.light.garments[0]).toBeGreaterThan(prepared.light.garments[2]);
  });
});

describe('light matching', () => {
  it('is no change at strength 0 and for a scene at the reference light', () => {
    expect(lightMatch([0.3, 0.2, 0.1], 0).gain).toEqual([1, 1, 1]);
    const d65Grey = lightMatch([0.42, 0.42, 0.42], 1);
    expect(d65Grey.levelEv).toBeCloseTo(0, 6);
    expect(Math.abs(d65Grey.miredShift)).toBeLessThan(0.5);
    d65Grey.gain.forEach((g) => expect(g).toBeCloseTo(1, 3));
  });

  it('stays within its bounds for scenes far from the reference: dark, deep blue, deep orange', () => {
    for (const mean of [
      [0.02, 0.02, 0.02],
      [0.05, 0.1, 0.6],
      [0.7, 0.3, 0.02],
    ] as const) {
      const m = lightMatch(mean, 1);
      expect(m.levelEv).toBeGreaterThanOrEqual(-MAX_LEVEL_EV);
      expect(m.levelEv).toBeLessThanOrEqual(0);
      expect(Math.abs(m.miredShift)).toBeLessThanOrEqual(MAX_MIRED_SHIFT);
    }
    expect(lightMatch([0.05, 0.1, 0.6], 1).miredShift).toBe(-MAX_MIRED_SHIFT);
    expect(lightMatch([0.7, 0.3, 0.02], 1).miredShift).toBe(MAX_MIRED_SHIFT);
    expect(lightMatch([0.02, 0.02, 0.02], 1).levelEv).toBe(-MAX_LEVEL_EV);
  });
});
