import { useEffect, useRef, useState } from 'react';
import { paintStrokes, type BrushStroke } from '../../../../src/contract/index.ts';

interface Base {
  canvas: HTMLCanvasElement;
  pixels: ImageData;
  alpha: Uint8Array;
}

/**
 * The cut-out preview as a canvas with the brush strokes painted into its alpha, as the save will paint them (the
 * strokes speak cut-out pixels; the preview is `scale` of that). Returns the canvas and a counter that moves on
 * each repaint, for Konva to draw again.
 */
export function useCutoutCanvas(
  url: string | null,
  scale: number,
  strokes: readonly BrushStroke[],
): { canvas: HTMLCanvasElement | null; version: number } {
  const [base, setBase] = useState<Base | null>(null);
  const [version, setVersion] = useState(0);
  const painted = useRef<readonly BrushStroke[] | null>(null);

  useEffect(() => {
    setBase(null);
    if (!url) return;
    let live = true;
    const img = new window.Image();
    img.onload = () => {
      if (!live) return;
      const canvas = document.createElement('canvas');
      canvas.width = img.naturalWidth;
      canvas.height = img.naturalHeight;
      const ctx = canvas.getContext('2d', { willReadFrequently: true })!;
      ctx.drawImage(img, 0, 0);
      const pixels = ctx.getImageData(0, 0, canvas.width, canvas.height);
      const alpha = new Uint8Array(canvas.width * canvas.height);
      for (let i = 0; i < alpha.length; i++) alpha[i] = pixels.data[i * 4 + 3] as number;
      painted.current = null;
      setBase({ canvas, pixels, alpha });
    };
    img.src = url;
    return () => {
      live = false;
    };
  }, [url]);

  useEffect(() => {
    if (!base || painted.current === strokes) return;
    const { canvas, pixels, alpha } = base;
    const now = Uint8Array.from(alpha);
    paintStrokes(now, canvas.width, canvas.height, strokes, scale);
    for (let i = 0; i < now.length; i++) pixels.data[i * 4 + 3] = now[i] as number;
    canvas.getContext('2d')!.putImageData(pixels, 0, 0);
    painted.current = strokes;
    setVersion((v) => v + 1);
  }, [base, strokes, scale]);

  return { canvas: base?.canvas ?? null, version };
}
