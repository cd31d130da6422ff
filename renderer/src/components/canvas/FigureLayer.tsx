import type Konva from 'konva';
import { forwardRef } from 'react';
import { Group, Image as KImage } from 'react-konva';
import { decompose, type Layer } from '../../../editor/index.ts';
import { useHtmlImage } from './useHtmlImage.ts';

function GarmentImage({ layer, url }: { layer: Layer; url: string }) {
  const image = useHtmlImage(url);
  if (!image || !layer.local) return null;
  const d = decompose(layer.local);
  return (
    <KImage
      image={image}
      x={d.x}
      y={d.y}
      rotation={d.rotation}
      scaleX={d.scale}
      scaleY={d.scale}
      visible={!layer.hidden}
      listening={false}
    />
  );
}

/**
 * The twin and its garments as one Konva group placed by the twin transform: garments are fitted to the
 * body, so they move with it. The canvas updates the group's attributes directly while dragging.
 */
export const FigureLayer = forwardRef<Konva.Group, { layers: Layer[]; urlOf: (rel: string) => string }>(
  function FigureLayer({ layers, urlOf }, ref) {
    const twin = layers.find((l) => l.kind === 'twin');
    const image = useHtmlImage(twin?.image ? urlOf(twin.image) : null);
    if (!twin) return null;
    return (
      <Group ref={ref} listening={false}>
        {image && <KImage image={image} visible={!twin.hidden} listening={false} />}
        {layers
          .filter((l) => l.kind === 'garment' && l.image)
          .map((l) => (
            <GarmentImage key={l.id} layer={l} url={urlOf(l.image!)} />
          ))}
      </Group>
    );
  },
);
