import type { Editor } from '../../../editor/index.ts';
import { LayersList } from './LayersList.tsx';
import { ShotSection } from './ShotSection.tsx';
import { TransformFields } from './TransformFields.tsx';
import { UseSection } from './UseSection.tsx';

export function Inspector({ editor }: { editor: Editor }) {
  return (
    <div className="inspector" data-testid="inspector">
      <LayersList editor={editor} />
      <TransformFields editor={editor} />
      <UseSection editor={editor} />
      <ShotSection editor={editor} />
    </div>
  );
}
