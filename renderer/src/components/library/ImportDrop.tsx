import { useRef, useState, type ReactNode } from 'react';
import { useStudio } from '../../store/store.ts';

/** File picker and drop zone for twin packs, licences, garments and scenes; the client works out which is which. */
export function ImportDrop({ children }: { children: ReactNode }) {
  const importFiles = useStudio((s) => s.importFiles);
  const input = useRef<HTMLInputElement>(null);
  const [over, setOver] = useState(false);
  const [busy, setBusy] = useState(false);
  const run = async (files: File[]) => {
    if (files.length === 0) return;
    setBusy(true);
    try {
      await importFiles(files);
    } finally {
      setBusy(false);
    }
  };
  return (
    <div
      className={`import-drop ${over ? 'over' : ''}`}
      onDragOver={(e) => {
        if (e.dataTransfer.types.includes('Files')) {
          e.preventDefault();
          setOver(true);
        }
      }}
      onDragLeave={() => setOver(false)}
      onDrop={(e) => {
        if (!e.dataTransfer.types.includes('Files')) return;
        e.preventDefault();
        setOver(false);
        void run([...e.dataTransfer.files]);
      }}
    >
      {children}
      <div className="import-bar">
        <button className="btn" disabled={busy} onClick={() => input.current?.click()} data-testid="import">
          {busy ? 'Importing…' : 'Import…'}
        </button>
        <span className="muted small">or drop .twinpack, .licence.json, garment/scene files</span>
        <input
          ref={input}
          type="file"
          multiple
          hidden
          data-testid="import-input"
          accept=".twinpack,.json,.png,.jpg,.jpeg,.webp"
          onChange={(e) => {
            void run([...(e.target.files ?? [])]);
            e.target.value = '';
          }}
        />
      </div>
    </div>
  );
}
