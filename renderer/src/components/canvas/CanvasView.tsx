import type Konva from 'konva';
import { useEffect, useLayoutEffect, useRef, useState } from 'react';
import { Group, Image as KImage, Layer, Line, Rect, Stage } from 'react-konva';
import type { Transform } from '../../../../src/contract/index.ts';
import { floorLine, sceneCrop, toScreen, type Editor } from '../../../editor/index.ts';
import { useClient, useStudio } from '../../store/store.ts';
import { FigureLayer } from './FigureLayer.tsx';
import { ProofBadge, useProofState } from './ProofBadge.tsx';
import { drawOverlay } from './overlay.ts';
import { useHtmlImage } from './useHtmlImage.ts';

function placeFigure(group: Konva.Group | null, t: Transform, size: { width: number; height: number }) {
  group?.setAttrs({
    x: t.x,
    y: t.y,
    rotation: t.rotation,
    scaleX: t.scale,
    scaleY: t.scale,
    offsetX: size.width / 2,
    offsetY: size.height / 2,
  });
}

/** The scene covers the frame, centre-cropped, as the render draws it (the floor line and snapping assume as much). */
function coverCrop(image: HTMLImageElement, output: { width: number; height: number }) {
  return sceneCrop({ width: image.naturalWidth, height: image.naturalHeight }, output);
}

/** Test and automation hook: where a layer is on the page, and what a page point hits (Konva has no DOM per shape). */
function exposeProbe(editor: Editor, stage: () => Konva.Stage | null) {
  (window as unknown as { twinStudioCanvas?: unknown }).twinStudioCanvas = {
    state: () => editor.state(),
    selection: () => editor.selection(),
    transform: () => ({ ...editor.shot().twin.transform }),
    pagePointOf(doc: { x: number; y: number }) {
      const box = stage()?.container().getBoundingClientRect();
      const p = toScreen(editor.viewport(), doc);
      return box ? { x: box.left + p.x, y: box.top + p.y } : null;
    },
    hitAtPage(x: number, y: number) {
      const box = stage()?.container().getBoundingClientRect();
      return box ? editor.hitTest({ x: x - box.left, y: y - box.top }) : null;
    },
  };
}

export function CanvasView({ editor }: { editor: Editor }) {
  const client = useClient();
  const shot = useStudio((s) => s.shot)!;
  useStudio((s) => s.twins); // re-render when assets arrive
  const hostRef = useRef<HTMLDivElement>(null);
  const stageRef = useRef<Konva.Stage>(null);
  // The scene, backdrop and floor line: drawn again only when the view pans or zooms, never while the twin is dragged.
  const docRef = useRef<Konva.Layer>(null);
  // What changes per frame: the figure, the proof over it and the overlay (in screen space), on one layer: every
  // layer is a canvas the browser composites on each frame, so there are two.
  const figureLayerRef = useRef<Konva.Layer>(null);
  const figureRef = useRef<Konva.Group>(null);
  const overlayRef = useRef<Konva.Group>(null);
  const [size, setSize] = useState({ width: 800, height: 600 });
  const [cursor, setCursor] = useState('default');
  const assets = editor.assets();
  const scene = useHtmlImage(assets.scene ? client.fileUrl(assets.scene.image) : null);
  const floor = floorLine(shot, assets);
  const onCanvas = useStudio((s) => s.onCanvas);
  const shown = onCanvas && onCanvas.shotId === shot.shotId ? onCanvas : null;
  const proofImage = useHtmlImage(shown ? client.fileUrl(shown.file) : null);
  const proofState = useProofState(editor, shown?.key ?? null);

  useLayoutEffect(() => {
    const el = hostRef.current;
    if (!el) return;
    const observer = new ResizeObserver(() => {
      const next = { width: el.clientWidth, height: el.clientHeight };
      setSize(next);
      editor.setViewSize(next);
    });
    observer.observe(el);
    const first = { width: el.clientWidth, height: el.clientHeight };
    setSize(first);
    editor.setViewSize(first);
    editor.fitToView();
    return () => observer.disconnect();
  }, [editor]);

  // Everything that moves per frame goes straight to Konva from the editor, outside React.
  useEffect(() => {
    let lastView = '';
    const sync = () => {
      const v = editor.viewport();
      const view = `${v.panX},${v.panY},${v.zoom}`;
      if (view !== lastView) {
        lastView = view;
        for (const layer of [docRef.current, figureLayerRef.current]) {
          layer?.setAttrs({ x: v.panX, y: v.panY, scaleX: v.zoom, scaleY: v.zoom });
          layer?.batchDraw();
        }
        // The overlay draws in screen pixels: undo the layer's view transform for it.
        overlayRef.current?.setAttrs({
          x: -v.panX / v.zoom,
          y: -v.panY / v.zoom,
          scaleX: 1 / v.zoom,
          scaleY: 1 / v.zoom,
        });
      }
      const pose = editor.assets().pose;
      if (pose) placeFigure(figureRef.current, editor.transient()?.transform ?? editor.shot().twin.transform, pose);
      figureLayerRef.current?.batchDraw();
      if (overlayRef.current) drawOverlay(overlayRef.current, editor, size);
    };
    sync();
    exposeProbe(editor, () => stageRef.current);
    return editor.subscribe(sync);
    // Every change of the editor emits; only another editor or another view size needs a new subscription.
  }, [editor, size]);

  const local = (e: Konva.KonvaEventObject<PointerEvent>) => {
    const p = stageRef.current?.getPointerPosition() ?? { x: 0, y: 0 };
    return { x: p.x, y: p.y, button: e.evt.button, shift: e.evt.shiftKey };
  };
  const updateCursor = (x: number, y: number) => {
    const hit = editor.hitTest({ x, y });
    setCursor(
      hit?.kind === 'handle'
        ? hit.handle === 'rotate'
          ? 'grab'
          : 'nwse-resize'
        : hit?.kind === 'layer'
          ? 'move'
          : 'default',
    );
  };

  return (
    <div
      className="canvas-host"
      ref={hostRef}
      style={{ cursor }}
      data-testid="canvas"
      data-state={editor.state()}
      onWheel={(e) => {
        const box = hostRef.current!.getBoundingClientRect();
        if (e.ctrlKey || e.metaKey)
          editor.zoomBy(e.deltaY < 0 ? 1.1 : 1 / 1.1, { x: e.clientX - box.left, y: e.clientY - box.top });
        else editor.panBy(-e.deltaX, -e.deltaY);
      }}
    >
      <Stage
        ref={stageRef}
        width={size.width}
        height={size.height}
        onPointerDown={(e) => {
          try {
            // Keep receiving moves when the pointer leaves the canvas mid-drag.
            (e.evt.target as Element).setPointerCapture(e.evt.pointerId);
          } catch {
            // Synthetic or already-released pointers cannot be captured; the drag still works inside the canvas.
          }
          editor.pointerDown(local(e));
        }}
        onPointerMove={(e) => {
          const p = local(e);
          if (editor.state() === 'select.idle') updateCursor(p.x, p.y);
          else editor.pointerMove(p);
        }}
        onPointerUp={() => editor.pointerUp()}
      >
        <Layer ref={docRef} listening={false}>
          <Rect
            x={-2}
            y={-2}
            width={shot.output.width + 4}
            height={shot.output.height + 4}
            fill="#000"
            opacity={0.35}
            shadowBlur={24}
            shadowColor="#000"
          />
          <Rect width={shot.output.width} height={shot.output.height} fill="#2a2b30" />
          {scene && (
            <KImage
              image={scene}
              crop={coverCrop(scene, shot.output)}
              width={shot.output.width}
              height={shot.output.height}
            />
          )}
          {floor !== null && (
            <Line
              points={[0, floor, shot.output.width, floor]}
              stroke="#ffffff"
              opacity={0.25}
              strokeWidth={1}
              strokeScaleEnabled={false}
              dash={[6, 6]}
            />
          )}
        </Layer>
        <Layer ref={figureLayerRef} listening={false}>
          <FigureLayer ref={figureRef} layers={editor.layers()} urlOf={client.fileUrl} />
          {proofImage && proofState === 'fresh' && (
            <KImage image={proofImage} width={shot.output.width} height={shot.output.height} listening={false} />
          )}
          <Group ref={overlayRef} />
        </Layer>
      </Stage>
      <ProofBadge state={proofState} drawn={proofImage !== undefined && proofState === 'fresh'} />
    </div>
  );
}
