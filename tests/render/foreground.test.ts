import { describe, expect, it } from 'vitest';
import { prepareShot, renderShot } from '../../src/render/pipeline/index.ts';
import { useRenderFixture } from '../helpers/renderWorkspace.ts';

describe('the render foreground coverage (where the AI badge may not go)', () => {
  const fix = useRenderFixture('twin-foreground-', { output: { width: 512, height: 768 }, poseScale: 2 });

  it('marks every pixel the twin, its garments or the contact shadow changed, and leaves a corner clear', async () => {
    const inputs = await prepareShot(fix.fx.ws, fix.fx.shot);
    const result = await renderShot(inputs, fix.sessions);
    const grid = result.foreground!;
    const { width, height } = result;
    expect(grid.cols * grid.rows).toBe(grid.cells.length);
    // Every pixel that is not the scene as it was lies in a marked cell.
    let changed = 0;
    let outside = 0;
    for (let y = 0; y < height; y++) {
      for (let x = 0; x < width; x++) {
        const p = y * width + x;
        const d = Math.max(
          ...[0, 1, 2].map((c) =>
            Math.abs((result.rgba[p * 4 + c] as number) - (inputs.scene.data[p * 3 + c] as number)),
          ),
        );
        if (d <= 2) continue;
        changed++;
        if (!grid.cells[Math.floor((y / height) * grid.rows) * grid.cols + Math.floor((x / width) * grid.cols)])
          outside++;
      }
    }
    expect(changed).toBeGreaterThan(width * height * 0.05);
    expect(outside).toBe(0);
    // Conservative, not everything: the figure leaves most of the frame clear.
    const marked = grid.cells.reduce((s, v) => s + v, 0);
    expect(marked / grid.cells.length).toBeLessThan(0.6);
    const clear = (c0: number, r0: number) => {
      for (let r = r0; r < r0 + 8; r++)
        for (let c = c0; c < c0 + 8; c++) if (grid.cells[r * grid.cols + c]) return false;
      return true;
    };
    expect([
      clear(0, 0),
      clear(grid.cols - 8, 0),
      clear(0, grid.rows - 8),
      clear(grid.cols - 8, grid.rows - 8),
    ]).toContain(true);
  });
});
