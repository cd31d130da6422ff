import { useEffect, useRef, useState } from 'react';
import type { IngestSessionView } from '../../../../src/contract/index.ts';
import { garmentPreviewFit, similarityFit } from '../../../editor/index.ts';
import type { IngestDoc } from '../../../editor/ingestEditor.ts';
import { useClient, useStudio } from '../../store/store.ts';
import { useHtmlImage } from '../canvas/useHtmlImage.ts';

const W = 264;
const H = 300;

type Pts = Record<string, { x: number; y: number }>;
const shown = (doc: IngestDoc): Pts =>
  Object.fromEntries(
    Object.entries(doc.points)
      .filter(([, p]) => !p.hidden)
      .map(([n, p]) => [n, { x: p.x, y: p.y }]),
  );

/**
 * A live preview of the fit, as the compose canvas previews it (a least-squares similarity on the shared keypoints;
 * the render bends the garment part by part): a library garment on the pose being edited, or the garment
 * being edited on a twin's pose. It follows every drag and brush stroke.
 */
export function FitPreview(props: {
  session: IngestSessionView;
  doc: IngestDoc;
  cutout: { canvas: HTMLCanvasElement | null; version: number };
}) {
  const { session, doc, cutout } = props;
  const client = useClient();
  const garments = useStudio((s) => s.garments);
  const twins = useStudio((s) => s.twins);
  const poses = twins.flatMap((t) =>
    t.poses.map((p) => ({ key: `${t.twinId}/${p.poseId}`, label: `${t.displayName}: ${p.name}`, pose: p })),
  );
  const [garmentId, setGarmentId] = useState<string>('');
  const [poseKey, setPoseKey] = useState<string>('');
  const garment = garments.find((g) => g.garmentId === garmentId) ?? garments[0];
  const pose = (poses.find((p) => p.key === poseKey) ?? poses[0])?.pose;
  const isPose = session.kind === 'pose';
  const other = useHtmlImage(
    isPose ? (garment ? client.fileUrl(garment.image) : null) : pose ? client.fileUrl(pose.image) : null,
  );
  const ref = useRef<HTMLCanvasElement>(null);

  useEffect(() => {
    const ctx = ref.current?.getContext('2d');
    if (!ctx) return;
    ctx.setTransform(1, 0, 0, 1, 0, 0);
    ctx.clearRect(0, 0, W, H);
    // The scene of the preview: the pose (edited, or the twin's), fitted into the box.
    const base = isPose
      ? { image: cutout.canvas, width: session.width, height: session.height }
      : { image: other, width: pose?.width ?? 1, height: pose?.height ?? 1 };
    if (!base.image) return;
    const k = Math.min(W / base.width, H / base.height);
    const ox = (W - base.width * k) / 2;
    const oy = (H - base.height * k) / 2;
    ctx.setTransform(k, 0, 0, k, ox, oy);
    ctx.drawImage(base.image, 0, 0, base.width, base.height);
    const over = isPose
      ? { image: other, width: garment?.width ?? 1, height: garment?.height ?? 1 }
      : { image: cutout.canvas, width: session.width, height: session.height };
    const m = isPose
      ? garment && similarityFit(garment.keypoints, shown(doc))
      : pose && garmentPreviewFit(shown(doc), session.category ?? 'top', pose.keypoints);
    if (!over.image || !m) return;
    ctx.transform(m[0], m[1], m[2], m[3], m[4], m[5]);
    ctx.drawImage(over.image, 0, 0, over.width, over.height);
  }, [isPose, cutout.canvas, cutout.version, other, doc, garment, pose, session.width, session.height]);

  const choices = isPose
    ? garments.map((g) => ({ key: g.garmentId, label: g.name }))
    : poses.map((p) => ({ key: p.key, label: p.label }));
  return (
    <div className="fit-preview" data-testid="fit-preview">
      <div className="section-label">Fit preview</div>
      {choices.length === 0 ? (
        <div className="muted small">
          {isPose ? 'Import a garment to preview it on this pose.' : 'Import a twin to preview the garment on it.'}
        </div>
      ) : (
        <>
          <select
            value={isPose ? (garment?.garmentId ?? '') : (poses.find((p) => p.pose === pose)?.key ?? '')}
            onChange={(e) => (isPose ? setGarmentId(e.target.value) : setPoseKey(e.target.value))}
            aria-label={isPose ? 'Garment to preview' : 'Twin pose to preview on'}
          >
            {choices.map((c) => (
              <option key={c.key} value={c.key}>
                {c.label}
              </option>
            ))}
          </select>
          <canvas ref={ref} width={W} height={H} className="checker fit-canvas" />
        </>
      )}
    </div>
  );
}
