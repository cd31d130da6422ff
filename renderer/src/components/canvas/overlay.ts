import Konva from 'konva';
import type { Editor } from '../../../editor/index.ts';
import { toScreen } from '../../../editor/index.ts';

const ACCENT = '#5b8cff';
const GUIDE = '#ff5fa2';

/**
 * Draws selection outline, handles and snapping guides in screen space. Called on every editor change,
 * including each drag frame, straight into Konva (no React render per frame).
 */
export function drawOverlay(group: Konva.Group, editor: Editor, size: { width: number; height: number }): void {
  group.destroyChildren();
  const view = editor.viewport();
  const shot = editor.shot();
  const frame = [
    { x: 0, y: 0 },
    { x: shot.output.width, y: shot.output.height },
  ].map((p) => toScreen(view, p));
  for (const guide of editor.transient()?.guides ?? []) {
    const at = guide.axis === 'x' ? toScreen(view, { x: guide.at, y: 0 }).x : toScreen(view, { x: 0, y: guide.at }).y;
    const points = guide.axis === 'x' ? [at, frame[0]!.y, at, frame[1]!.y] : [frame[0]!.x, at, frame[1]!.x, at];
    group.add(new Konva.Line({ points, stroke: GUIDE, strokeWidth: 1, dash: [4, 4], listening: false }));
    group.add(
      new Konva.Text({
        text: guide.label,
        x: guide.axis === 'x' ? at + 4 : frame[0]!.x + 4,
        y: guide.axis === 'x' ? frame[0]!.y + 4 : at - 16,
        fill: GUIDE,
        fontSize: 11,
        listening: false,
      }),
    );
  }
  const handles = editor.handles();
  if (handles.length === 5) {
    const box = handles.slice(0, 4).flatMap((h) => [h.at.x, h.at.y]);
    group.add(new Konva.Line({ points: box, closed: true, stroke: ACCENT, strokeWidth: 1, listening: false }));
    const rotate = handles[4]!.at;
    const top = { x: (handles[0]!.at.x + handles[1]!.at.x) / 2, y: (handles[0]!.at.y + handles[1]!.at.y) / 2 };
    group.add(
      new Konva.Line({ points: [top.x, top.y, rotate.x, rotate.y], stroke: ACCENT, strokeWidth: 1, listening: false }),
    );
    for (const h of handles) {
      group.add(
        h.handle === 'rotate'
          ? new Konva.Circle({
              x: h.at.x,
              y: h.at.y,
              radius: 5,
              fill: '#17181b',
              stroke: ACCENT,
              strokeWidth: 1.5,
              listening: false,
            })
          : new Konva.Rect({
              x: h.at.x - 4,
              y: h.at.y - 4,
              width: 8,
              height: 8,
              fill: '#ffffff',
              stroke: ACCENT,
              strokeWidth: 1.5,
              listening: false,
            }),
      );
    }
  }
  group.getLayer()?.batchDraw();
  void size;
}
