import type Konva from 'konva';
import { useEffect, useLayoutEffect, useMemo, useRef, useState } from 'react';
import { Circle, Group, Image as KImage, Layer, Line, Rect, Stage, Text } from 'react-konva';
import type { BrushStroke } from '../../../../src/contract/index.ts';
import {
  POSE_BONES,
  brushOf,
  type BrushTarget,
  type IngestDoc,
  type IngestTool,
} from '../../../editor/ingestEditor.ts';
import { fit, toDoc, toScreen, zoomAt, type Viewport } from '../../../editor/viewport.ts';
import { useCutoutCanvas, useFrontCanvas } from './useCutoutCanvas.ts';

export interface IngestCanvasProps {
  kind: 'pose' | 'garment';
  preview: { image: string; alpha: string; scale: number };
  size: { width: number; height: number };
  doc: IngestDoc;
  selected: string | null;
  tool: IngestTool;
  brush: { radius: number; softness: number };
  viewport: Viewport | null;
  onViewport(v: Viewport): void;
  onSelect(name: string | null): void;
  /** A point moved; `done` when the drag ends. */
  onMove(name: string, p: { x: number; y: number }): void;
  onStroke(stroke: BrushStroke, target: BrushTarget): void;
  /** The painted cut-out, each time it is painted again (the fit preview draws it too). */
  onPaint?(cutout: { canvas: HTMLCanvasElement | null; version: number }): void;
}

/** Screen pixels within which a press picks a point up. */
const HIT = 12;
/** The tool bar's height over the bottom of the canvas. */
const TOOLBAR = 56;

function checkerPattern(): HTMLCanvasElement {
  const c = document.createElement('canvas');
  c.width = c.height = 16;
  const ctx = c.getContext('2d')!;
  ctx.fillStyle = '#3a3b42';
  ctx.fillRect(0, 0, 16, 16);
  ctx.fillStyle = '#55565e';
  ctx.fillRect(0, 0, 8, 8);
  ctx.fillRect(8, 8, 8, 8);
  return c;
}

type Gesture =
  | { kind: 'point'; name: string; dx: number; dy: number }
  | { kind: 'pan'; x: number; y: number; v: Viewport }
  | { kind: 'stroke'; stroke: BrushStroke; target: BrushTarget }
  | null;

/** Test and automation hook: points in the cut-out and where they are on the page (Konva has no DOM per shape). */
function exposeProbe(doc: IngestDoc, v: Viewport, host: HTMLElement | null) {
  (window as unknown as { twinStudioIngest?: unknown }).twinStudioIngest = {
    points: () => doc.points,
    strokes: () => doc.strokes.length,
    frontStrokes: () => doc.front.length,
    viewport: () => v,
    pagePointOf(p: { x: number; y: number }) {
      const box = host?.getBoundingClientRect();
      const s = toScreen(v, p);
      return box ? { x: box.left + s.x, y: box.top + s.y } : null;
    },
  };
}

export function IngestCanvas(props: IngestCanvasProps) {
  const { doc, size: cut, tool, brush, selected } = props;
  const hostRef = useRef<HTMLDivElement>(null);
  const imageRef = useRef<Konva.Image>(null);
  const [view, setView] = useState({ width: 0, height: 0 });
  const [gesture, setGesture] = useState<Gesture>(null);
  const [hover, setHover] = useState<{ x: number; y: number } | null>(null);
  const checker = useMemo(checkerPattern, []);
  // The fit leaves the tool bar at the bottom clear.
  const v = props.viewport ?? fit({ width: view.width, height: Math.max(1, view.height - TOOLBAR) }, cut);
  const strokes = useMemo(
    () => (gesture?.kind === 'stroke' && gesture.target === 'cutout' ? [...doc.strokes, gesture.stroke] : doc.strokes),
    [doc.strokes, gesture],
  );
  const frontStrokes = useMemo(
    () => (gesture?.kind === 'stroke' && gesture.target === 'front' ? [...doc.front, gesture.stroke] : doc.front),
    [doc.front, gesture],
  );
  const { canvas, version } = useCutoutCanvas(props.preview, strokes);
  const front = useFrontCanvas(
    canvas,
    version,
    props.preview.scale,
    frontStrokes,
    props.kind === 'pose' ? doc.points : null,
  );

  useLayoutEffect(() => {
    const el = hostRef.current;
    if (!el) return;
    const observer = new ResizeObserver(() => setView({ width: el.clientWidth, height: el.clientHeight }));
    observer.observe(el);
    setView({ width: el.clientWidth, height: el.clientHeight });
    return () => observer.disconnect();
  }, []);
  useEffect(() => {
    imageRef.current?.getLayer()?.batchDraw();
    props.onPaint?.({ canvas, version });
    // A repaint is what moves `version`; the callback is the parent's and may change each render.
  }, [canvas, version]);
  useEffect(() => exposeProbe(doc, v, hostRef.current), [doc, v]);
  // The fitted viewport becomes the view's own (its zoom shows in the tool bar; keys zoom from it).
  useEffect(() => {
    if (!props.viewport && view.width > 1) props.onViewport(v);
  });

  const local = (e: { clientX: number; clientY: number }) => {
    const box = hostRef.current!.getBoundingClientRect();
    return { x: e.clientX - box.left, y: e.clientY - box.top };
  };
  const hitPoint = (s: { x: number; y: number }): string | null => {
    let best: string | null = null;
    let bestD = HIT;
    for (const [name, p] of Object.entries(doc.points)) {
      const q = toScreen(v, p);
      const d = Math.hypot(q.x - s.x, q.y - s.y);
      if (d <= bestD) ((best = name), (bestD = d));
    }
    return best;
  };

  const onPointerDown = (e: React.PointerEvent) => {
    try {
      (e.target as Element).setPointerCapture(e.pointerId);
    } catch {
      // A synthetic pointer cannot be captured; the gesture still works inside the canvas.
    }
    const s = local(e);
    const d = toDoc(v, s);
    if (e.button === 1 || (e.button === 0 && e.altKey)) return setGesture({ kind: 'pan', ...s, v });
    if (tool !== 'move') {
      const { target, mode } = brushOf(tool);
      const stroke = { mode, radius: brush.radius, softness: brush.softness, points: [d] };
      return setGesture({ kind: 'stroke', stroke, target });
    }
    const name = hitPoint(s);
    props.onSelect(name);
    if (name) {
      const p = doc.points[name]!;
      return setGesture({ kind: 'point', name, dx: p.x - d.x, dy: p.y - d.y });
    }
    setGesture({ kind: 'pan', ...s, v });
  };
  const onPointerMove = (e: React.PointerEvent) => {
    const s = local(e);
    const d = toDoc(v, s);
    setHover(d);
    if (!gesture) return;
    if (gesture.kind === 'pan')
      props.onViewport({
        ...gesture.v,
        panX: gesture.v.panX + s.x - gesture.x,
        panY: gesture.v.panY + s.y - gesture.y,
      });
    else if (gesture.kind === 'point') props.onMove(gesture.name, { x: d.x + gesture.dx, y: d.y + gesture.dy });
    else {
      // The brush lays discs a quarter radius apart anyway: closer points only make the save's request larger.
      const last = gesture.stroke.points[gesture.stroke.points.length - 1]!;
      if (Math.hypot(d.x - last.x, d.y - last.y) < Math.max(1, gesture.stroke.radius / 8)) return;
      setGesture({ ...gesture, stroke: { ...gesture.stroke, points: [...gesture.stroke.points, d] } });
    }
  };
  const onPointerUp = () => {
    if (gesture?.kind === 'stroke') props.onStroke(gesture.stroke, gesture.target);
    setGesture(null);
  };

  const r = 5 / v.zoom;
  const pts = doc.points;
  const bones =
    props.kind === 'pose' ? POSE_BONES.filter(([a, b]) => pts[a] && pts[b] && !pts[a].hidden && !pts[b].hidden) : [];
  return (
    <div
      className="canvas-host"
      ref={hostRef}
      data-testid="ingest-canvas"
      style={{ cursor: tool === 'move' ? (gesture?.kind === 'pan' ? 'grabbing' : 'default') : 'crosshair' }}
      onWheel={(e) => {
        if (e.ctrlKey || e.metaKey) props.onViewport(zoomAt(v, local(e), e.deltaY < 0 ? 1.1 : 1 / 1.1));
        else props.onViewport({ ...v, panX: v.panX - e.deltaX, panY: v.panY - e.deltaY });
      }}
      onPointerDown={onPointerDown}
      onPointerMove={onPointerMove}
      onPointerUp={onPointerUp}
      onPointerLeave={() => setHover(null)}
    >
      <Stage width={view.width} height={view.height} listening={false}>
        <Layer listening={false}>
          <Group x={v.panX} y={v.panY} scaleX={v.zoom} scaleY={v.zoom}>
            <Rect
              width={cut.width}
              height={cut.height}
              fillPatternImage={checker as unknown as HTMLImageElement}
              fillPatternScaleX={1 / v.zoom}
              fillPatternScaleY={1 / v.zoom}
            />
            {canvas && <KImage ref={imageRef} image={canvas} width={cut.width} height={cut.height} />}
            {front && (
              <KImage image={front.canvas} width={cut.width} height={cut.height} opacity={0.55} key={front.version} />
            )}
            <Rect width={cut.width} height={cut.height} stroke="#ffffff" opacity={0.3} strokeWidth={1 / v.zoom} />
            {bones.map(([a, b]) => (
              <Line
                key={`${a}-${b}`}
                points={[pts[a]!.x, pts[a]!.y, pts[b]!.x, pts[b]!.y]}
                stroke={a.startsWith('left') || b.startsWith('left') ? '#6aa8ff' : '#ffb347'}
                strokeWidth={2 / v.zoom}
                opacity={0.85}
              />
            ))}
            {Object.entries(pts).map(([name, p]) => (
              <Group key={name} x={p.x} y={p.y} opacity={p.hidden ? 0.35 : 1}>
                <Circle
                  radius={name === selected ? r * 1.5 : r}
                  fill={name.startsWith('left') ? '#6aa8ff' : name.startsWith('right') ? '#ffb347' : '#e8e8ee'}
                  stroke={name === selected ? '#ffffff' : '#111'}
                  strokeWidth={(name === selected ? 2 : 1) / v.zoom}
                  dash={p.hidden ? [3 / v.zoom, 2 / v.zoom] : undefined}
                />
                {name === selected && (
                  <Text text={name.replaceAll('_', ' ')} x={r * 2} y={-r} fontSize={12 / v.zoom} fill="#fff" />
                )}
              </Group>
            ))}
            {tool !== 'move' && hover && (
              <Circle
                x={hover.x}
                y={hover.y}
                radius={brush.radius}
                stroke={tool === 'add' ? '#3ecf8e' : tool === 'front' ? '#ff9f43' : '#ff6b6b'}
                strokeWidth={1.5 / v.zoom}
              />
            )}
          </Group>
        </Layer>
      </Stage>
    </div>
  );
}
