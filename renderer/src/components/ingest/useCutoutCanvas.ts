import { useEffect, useMemo, useRef, useState } from 'react';
import {
  maskWithin,
  paintStrokes,
  suggestFrontParts,
  type BrushStroke,
  type FrontKeypoints,
} from '../../../../src/contract/index.ts';

interface Base {
  canvas: HTMLCanvasElement;
  pixels: ImageData;
  alpha: Uint8Array;
}

function load(url: string): Promise<HTMLImageElement> {
  return new Promise((resolve, reject) => {
    const img = new window.Image();
    img.onload = () => resolve(img);
    img.onerror = () => reject(new Error('The cut-out preview could not be decoded'));
    img.src = url;
  });
}

/** An image's pixels through a canvas of its size. */
function pixelsOf(img: HTMLImageElement): { canvas: HTMLCanvasElement; pixels: ImageData } {
  const canvas = document.createElement('canvas');
  canvas.width = img.naturalWidth;
  canvas.height = img.naturalHeight;
  const ctx = canvas.getContext('2d', { willReadFrequently: true })!;
  ctx.drawImage(img, 0, 0);
  return { canvas, pixels: ctx.getImageData(0, 0, canvas.width, canvas.height) };
}

/**
 * The cut-out preview as a canvas with the brush strokes painted into its alpha, as the save will paint them (the
 * strokes speak cut-out pixels; the preview is `scale` of that). Colour and alpha arrive as two opaque images, so
 * the colour under transparent pixels survives for the "add" brush. Returns the canvas and a counter that moves on
 * each repaint, for Konva to draw again.
 */
export function useCutoutCanvas(
  preview: { image: string; alpha: string; scale: number },
  strokes: readonly BrushStroke[],
): { canvas: HTMLCanvasElement | null; version: number } {
  const [base, setBase] = useState<Base | null>(null);
  const [version, setVersion] = useState(0);
  const painted = useRef<readonly BrushStroke[] | null>(null);

  useEffect(() => {
    setBase(null);
    let live = true;
    void Promise.all([load(preview.image), load(preview.alpha)]).then(([rgbImage, alphaImage]) => {
      if (!live) return;
      const { canvas, pixels } = pixelsOf(rgbImage);
      const grey = pixelsOf(alphaImage).pixels.data;
      const alpha = new Uint8Array(canvas.width * canvas.height);
      for (let i = 0; i < alpha.length; i++) alpha[i] = grey[i * 4] as number;
      painted.current = null;
      setBase({ canvas, pixels, alpha });
    });
    return () => {
      live = false;
    };
  }, [preview.image, preview.alpha]);

  useEffect(() => {
    if (!base || painted.current === strokes) return;
    const { canvas, pixels, alpha } = base;
    const now = Uint8Array.from(alpha);
    paintStrokes(now, canvas.width, canvas.height, strokes, preview.scale);
    for (let i = 0; i < now.length; i++) pixels.data[i * 4 + 3] = now[i] as number;
    canvas.getContext('2d')!.putImageData(pixels, 0, 0);
    painted.current = strokes;
    setVersion((v) => v + 1);
  }, [base, strokes, preview.scale]);

  return { canvas: base?.canvas ?? null, version };
}

/**
 * The front-parts mask shown over a pose's cut-out, in orange, as the save makes it: the mask suggested from the
 * points (`suggestFrontParts`, at the preview's scale) with the front brush's strokes painted on, kept to the
 * cut-out's pixels. Null while it marks nothing.
 */
export function useFrontCanvas(
  cutout: HTMLCanvasElement | null,
  /** Moves on when the cut-out is painted again (its alpha bounds the mask). */
  cutoutVersion: number,
  scale: number,
  strokes: readonly BrushStroke[],
  /** The pose's points in cut-out pixels, hidden ones as the save sends them (occluded); null for a garment. */
  points: Record<string, { x: number; y: number; hidden: boolean }> | null,
): { canvas: HTMLCanvasElement; version: number } | null {
  const [shown, setShown] = useState<{ canvas: HTMLCanvasElement; version: number } | null>(null);
  // The cut-out's pixels are read once per repaint of it, not on every move of a point.
  const under = useMemo(
    () => cutout?.getContext('2d', { willReadFrequently: true })!.getImageData(0, 0, cutout.width, cutout.height).data,
    // `cutoutVersion` moves when the same canvas is painted again.
    [cutout, cutoutVersion],
  );
  useEffect(() => {
    if (!cutout || !under || (!points && strokes.length === 0)) return setShown(null);
    const { width, height } = cutout;
    const scaled: FrontKeypoints = {};
    for (const [name, p] of Object.entries(points ?? {})) {
      scaled[name] = { x: p.x * scale, y: p.y * scale, visibility: p.hidden ? 'occluded' : 'visible' };
    }
    const suggested = points ? suggestFrontParts(under, width, height, scaled) : undefined;
    if (!suggested && strokes.length === 0) return setShown(null);
    const mask = maskWithin(under, width, height, strokes, scale, suggested);
    if (!mask.some((a) => a > 0)) return setShown(null);
    const canvas = document.createElement('canvas');
    canvas.width = width;
    canvas.height = height;
    const ctx = canvas.getContext('2d')!;
    const pixels = ctx.createImageData(width, height);
    for (let i = 0; i < mask.length; i++) {
      pixels.data[i * 4] = 255;
      pixels.data[i * 4 + 1] = 159;
      pixels.data[i * 4 + 2] = 67;
      pixels.data[i * 4 + 3] = mask[i] as number;
    }
    ctx.putImageData(pixels, 0, 0);
    setShown((s) => ({ canvas, version: (s?.version ?? 0) + 1 }));
  }, [cutout, under, scale, strokes, points]);
  return shown;
}
