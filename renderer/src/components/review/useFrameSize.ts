import { useEffect, useState, type RefObject } from 'react';

/** The on-screen size of an image of `width`×`height` in `box`: fitted (zoom null) or at an explicit zoom. */
export function useFrameSize(
  box: RefObject<HTMLElement | null>,
  width: number,
  height: number,
  zoom: number | null,
): { w: number; h: number } {
  const [room, setRoom] = useState({ w: 0, h: 0 });
  useEffect(() => {
    const el = box.current;
    if (!el) return;
    const measure = () => setRoom({ w: el.clientWidth, h: el.clientHeight });
    measure();
    const observer = new ResizeObserver(measure);
    observer.observe(el);
    return () => observer.disconnect();
  }, [box]);
  const scale = zoom ?? Math.max(0.01, Math.min((room.w - 16) / width, (room.h - 16) / height));
  return { w: Math.round(width * scale), h: Math.round(height * scale) };
}
