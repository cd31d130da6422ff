import { useEffect, useState } from 'react';

/** Loads an image element for Konva; undefined until it has decoded (or when the URL is absent). */
export function useHtmlImage(url: string | null): HTMLImageElement | undefined {
  const [image, setImage] = useState<HTMLImageElement>();
  useEffect(() => {
    if (!url) return setImage(undefined);
    const img = new window.Image();
    let live = true;
    img.onload = () => live && setImage(img);
    img.src = url;
    return () => {
      live = false;
    };
  }, [url]);
  return image;
}
