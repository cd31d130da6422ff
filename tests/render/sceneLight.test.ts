import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { measureShotColour } from '../../src/render/colour/index.ts';
import { GARMENT_SLOTS } from '../../src/render/graphs/catalog.ts';
import { planSceneLight, sceneLightInput, shadeKernel } from '../../src/render/light/sceneLight.ts';
import { prepareShot, renderShot, type RenderResult } from '../../src/render/pipeline/index.ts';
import type { Shot } from '../../src/shots/index.ts';
import { makeRenderWorkspace, useRenderFixture, withTees } from '../helpers/renderWorkspace.ts';

describe('the scene light plan', () => {
  it('casts away from the light: long and crisp under a low hard sun, short, soft and faint under a soft light', () => {
    const hard = planSceneLight({ direction: 150, softness: 0.1 }, 1400, 1200, 0.6);
    const soft = planSceneLight({ direction: 150, softness: 0.9 }, 1400, 1200, 0.6);
    expect(hard.cast.dx).toBeGreaterThan(0); // light from the upper left: the shadow falls to the right
    expect(planSceneLight({ direction: 30, softness: 0.1 }, 1400, 1200, 0.6).cast.dx).toBeLessThan(0);
    expect(hard.cast.dx).toBeGreaterThan(1.5 * soft.cast.dx);
    expect(hard.cast.sigma).toBeLessThan(soft.cast.sigma / 3);
    expect(hard.cast.strength).toBeGreaterThan(1.5 * soft.cast.strength);
    expect(hard.shade.strength).toBeGreaterThan(soft.shade.strength);
    // A light from straight above casts nothing beyond the contact shadow.
    const overhead = planSceneLight({ direction: 90, softness: 0.1 }, 1400, 1200, 0.6);
    expect(Math.abs(overhead.cast.dx)).toBeLessThan(1e-9);
    const corners = [
      { x: 0, y: 0 },
      { x: 10, y: 0 },
      { x: 0, y: 20 },
      { x: 10, y: 20 },
    ];
    const image = { data: new Uint8Array(4 * 200), width: 10, height: 20, channels: 4 as const };
    const twin = { image, dest: corners, src: corners };
    expect(sceneLightInput(twin, overhead, { width: 64, height: 64 }).castStrength).toBe(0);
    // The shot's shadow setting at 0: a flat figure, no shadow.
    const flat = planSceneLight({ direction: 150, softness: 0.1 }, 1400, 1200, 0);
    expect([flat.cast.strength, flat.shade.strength, flat.contact.strength]).toEqual([0, 0, 0]);
  });

  it('shades with a kernel that reads nothing on a flat field and more on the side turned from the light', () => {
    const k = shadeKernel({ toLight: { x: -1, y: 0 }, shift: 2.5, sigma: 1.5, strength: 0.2 });
    expect(Math.abs(k.reduce((s, v) => s + v, 0))).toBeLessThan(1e-6);
    const side = Math.sqrt(k.length);
    const mid = (side - 1) / 2;
    // Light from the left: the kernel weighs the cells toward the light (left of centre) positively.
    expect(k[mid * side + mid - 3]).toBeGreaterThan(0);
    expect(k[mid * side + mid]).toBeLessThan(0);
  });
});

/** Pixels whose blue differs by more than 20 between two renders of one frame. */
function blueChanged(a: RenderResult, b: RenderResult): number {
  let changed = 0;
  for (let i = 0; i < a.rgba.length; i += 4)
    if (Math.abs((a.rgba[i + 2] as number) - (b.rgba[i + 2] as number)) > 20) changed++;
  return changed;
}

describe('the scene light in a render', () => {
  const fix = useRenderFixture('twin-scene-light-', { light: { direction: 170, softness: 0 }, frontDisc: 9 });

  const render = async (shot: Shot): Promise<RenderResult> =>
    renderShot(await prepareShot(fix.fx.ws, shot), fix.sessions);

  it("draws the pose's front parts over the garment: ≥ 95 % of them visible, against none without", async () => {
    const inputs = await prepareShot(fix.fx.ws, fix.fx.shot);
    expect(inputs.twin?.front).toBeDefined();
    const result = await renderShot(inputs, fix.sessions);
    const drawn = measureShotColour(inputs, result.rgba);
    expect(drawn.hands).toHaveLength(1);
    expect(drawn.hands[0]!.visible).toBeGreaterThanOrEqual(0.95);
    // The same shot measured as a renderer that ignores the mask would draw it: the tee covers the disc.
    expect(measureShotColour(inputs, result.rgba, true, false).hands[0]!.visible).toBeLessThan(0.5);
    // And the pixels there are the twin's: its skin stays within ΔE00 1 (median) with the front parts counted, and
    // the render without the mask shows the tee there instead.
    expect(drawn.skin!.median).toBeLessThanOrEqual(1);
    const { front: _front, ...bare } = inputs.twin!;
    const covered = await renderShot({ ...inputs, twin: bare }, fix.sessions);
    expect(blueChanged(result, covered)).toBeGreaterThan(0.8 * drawn.hands[0]!.pixels);
  });

  it('keeps the front parts over every garment layer of a shot with three layers', async () => {
    // Three tees: more layers than the model once took in one pass, where the later pass drew the top one over the
    // hand.
    const shot = withTees(fix.fx.shot, 3);
    const inputs = await prepareShot(fix.fx.ws, shot);
    expect(inputs.garments.length).toBeGreaterThan(2);
    const result = await renderShot(inputs, fix.sessions);
    const drawn = measureShotColour(inputs, result.rgba);
    expect(drawn.hands).toHaveLength(1);
    expect(drawn.hands[0]!.visible).toBeGreaterThanOrEqual(0.95);
    // The measure reads the masks; the pixels say whether the renderer drew it so: the render without the front
    // mask shows the tees where the hand is, the one with it the hand, over every layer.
    const { front: _front, ...bare } = inputs.twin!;
    const covered = await renderShot({ ...inputs, twin: bare }, fix.sessions);
    expect(blueChanged(result, covered)).toBeGreaterThan(0.8 * drawn.hands[0]!.pixels);
  });

  it('keeps the front parts in front in a later pass too (more layers than the model has slots)', async () => {
    const shot = withTees(fix.fx.shot, GARMENT_SLOTS + 1);
    const inputs = await prepareShot(fix.fx.ws, shot);
    const stages: string[] = [];
    const result = await renderShot(inputs, fix.sessions, {
      onStage: (e) => (e.ms === undefined ? stages.push(e.stage) : undefined),
    });
    expect(stages).toContain('composite-2');
    const hand = measureShotColour(inputs, result.rgba).hands[0]!;
    const { front: _front, ...bare } = inputs.twin!;
    const covered = await renderShot({ ...inputs, twin: bare }, fix.sessions);
    expect(blueChanged(result, covered)).toBeGreaterThan(0.8 * hand.pixels);
  });

  it('casts a long shadow away from a low hard light, shorter under a soft one, and marks it for the badge', async () => {
    const flat = await render({ ...fix.fx.shot, look: { ...fix.fx.shot.look, shadow: 0 } });
    const lit = await render(fix.fx.shot);
    const inputs = await prepareShot(fix.fx.ws, fix.fx.shot);
    const { width, height } = lit;
    const feetX = inputs.twin!.dest.reduce((s, p) => s + p.x, 0) / 4;
    /** The rightmost column where the floor, right of the feet, came out darker than without any shadow. */
    const reach = (r: RenderResult): number => {
      let right = -1;
      for (let y = Math.floor(height * 0.6); y < height; y++)
        for (let x = Math.ceil(feetX); x < width; x++) {
          const p = 4 * (y * width + x);
          if ((flat.rgba[p] as number) - (r.rgba[p] as number) > 6) right = Math.max(right, x);
        }
      return right;
    };
    const hardReach = reach(lit);
    expect(hardReach - feetX).toBeGreaterThan(width * 0.3);
    const grid = lit.foreground!;
    for (let y = 0; y < height; y++)
      for (let x = 0; x < width; x++) {
        const p = 4 * (y * width + x);
        if (Math.abs((flat.rgba[p] as number) - (lit.rgba[p] as number)) <= 2) continue;
        const cell = Math.floor((y / height) * grid.rows) * grid.cols + Math.floor((x / width) * grid.cols);
        expect({ x, y, marked: grid.cells[cell] }).toEqual({ x, y, marked: 1 });
      }
    const softWs = await makeRenderWorkspace(path.join(fix.dir, 'soft'), { light: { direction: 170, softness: 1 } });
    try {
      const softInputs = await prepareShot(softWs.ws, softWs.shot);
      const soft = await renderShot(softInputs, fix.sessions);
      // Far from the feet the soft light's short, faint shadow leaves the floor nearly as it was.
      const far = (r: RenderResult): number => {
        let sum = 0;
        for (let y = Math.floor(height * 0.6); y < height; y++)
          for (let x = Math.ceil(feetX + width * 0.35); x < width; x++) {
            const p = 4 * (y * width + x);
            sum += Math.max(0, (flat.rgba[p] as number) - (r.rgba[p] as number));
          }
        return sum;
      };
      expect(far(lit)).toBeGreaterThan(2 * far(soft));
    } finally {
      softWs.ws.close();
    }
  });
});
