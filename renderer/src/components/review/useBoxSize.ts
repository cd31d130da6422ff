import { useEffect, useState, type RefObject } from 'react';

/** The inner size of an element, kept current as the window or the layout around it changes. */
export function useBoxSize(box: RefObject<HTMLElement | null>): { w: number; h: number } {
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
  return room;
}
