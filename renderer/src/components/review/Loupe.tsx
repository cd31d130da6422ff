import type { FrameRect } from './viewMath.ts';

const RADIUS = 90;

/**
 * The magnifier: a disc at the pointer showing the image under it at 100 % or 200 % of its own pixels, drawn
 * from the same file as the pane (the browser scales it; nothing is fetched again).
 */
export function Loupe(props: {
  src: string;
  image: { w: number; h: number };
  frame: FrameRect;
  at: { x: number; y: number };
  scale: 1 | 2;
}) {
  const { frame, at, image, scale } = props;
  const px = (at.x - frame.left) / frame.w;
  const py = (at.y - frame.top) / frame.h;
  if (px < 0 || px > 1 || py < 0 || py > 1) return null;
  const w = image.w * scale;
  const h = image.h * scale;
  return (
    <div
      className="loupe"
      data-testid="loupe"
      data-scale={scale}
      style={{
        left: at.x - RADIUS,
        top: at.y - RADIUS,
        width: RADIUS * 2,
        height: RADIUS * 2,
        backgroundImage: `url("${props.src}")`,
        backgroundSize: `${w}px ${h}px`,
        backgroundPosition: `${RADIUS - px * w}px ${RADIUS - py * h}px`,
      }}
    >
      <span className="loupe-label">{scale * 100}%</span>
    </div>
  );
}
