import { useEffect } from 'react';
import { useStudio, useStudioStore } from '../store/store.ts';
import { ComposeView } from './ComposeView.tsx';
import { Notices } from './common/Notices.tsx';
import { ShortcutSheet } from './common/ShortcutSheet.tsx';
import { isTyping } from './common/shortcuts.ts';
import { ExportView } from './export/ExportView.tsx';
import { IngestView } from './ingest/IngestView.tsx';
import { OutputsView } from './outputs/OutputsView.tsx';
import { ReviewView } from './review/ReviewView.tsx';
import { SettingsView } from './settings/SettingsView.tsx';
import { TopBar } from './TopBar.tsx';

/** Canvas shortcuts go to the editor unless the user is typing in a field. */
function useShortcuts() {
  const store = useStudioStore();
  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      const s = store.getState();
      if (s.view !== 'compose' || !s.editor || isTyping(e.target)) return;
      const action = s.editor.keyDown({ key: e.key, ctrl: e.ctrlKey || e.metaKey, shift: e.shiftKey });
      if (action === null) return;
      e.preventDefault();
      if (action === 'save') void s.saveNow();
      if (action === 'render' && s.info?.services.render) void s.render();
      if (action === 'proof' && s.info?.services.render) void s.makeProof();
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [store]);
}

export function App() {
  const view = useStudio((s) => s.view);
  useShortcuts();
  return (
    <div className="app">
      <TopBar />
      {view === 'compose' && <ComposeView />}
      {view === 'outputs' && <OutputsView />}
      {view === 'review' && <ReviewView />}
      {view === 'export' && <ExportView />}
      {view === 'ingest' && <IngestView />}
      {view === 'settings' && <SettingsView />}
      <Notices />
      <ShortcutSheet />
    </div>
  );
}
