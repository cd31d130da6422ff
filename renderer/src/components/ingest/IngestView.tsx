import { useCallback, useEffect, useRef, useState } from 'react';
import { GARMENT_CATEGORIES, type IngestSessionView } from '../../../../src/contract/index.ts';
import {
  addStroke,
  edit,
  ingestKey,
  movePoint,
  redo,
  startHistory,
  toggleHidden,
  undo,
  type IngestDoc,
  type IngestHistory,
  type IngestTool,
} from '../../../editor/ingestEditor.ts';
import { fit, zoomAt, type Viewport } from '../../../editor/viewport.ts';
import { useClient, useStudio } from '../../store/store.ts';
import { isTyping } from '../common/shortcuts.ts';
import { FitPreview } from './FitPreview.tsx';
import { IngestCanvas } from './IngestCanvas.tsx';
import { PackBuilder } from './PackBuilder.tsx';
import { SavePanel } from './SavePanel.tsx';

const docOf = (s: IngestSessionView): IngestDoc => ({
  points: Object.fromEntries(
    Object.entries(s.points).map(([n, p]) => [n, { x: p.x, y: p.y, hidden: p.visibility === 'missing' }]),
  ),
  strokes: [],
  front: [],
});

interface Photo {
  file: File;
  state: 'waiting' | 'opening' | 'open' | 'refused';
  message?: string;
}

export function IngestView() {
  const client = useClient();
  const notify = useStudio((s) => s.notify);
  const [kind, setKind] = useState<'pose' | 'garment'>('pose');
  const [category, setCategory] = useState<string>('top');
  const [photos, setPhotos] = useState<Photo[]>([]);
  const [session, setSession] = useState<IngestSessionView | null>(null);
  const [history, setHistory] = useState<IngestHistory | null>(null);
  const [selected, setSelected] = useState<string | null>(null);
  const [tool, setTool] = useState<IngestTool>('move');
  const [brush, setBrush] = useState({ radius: 24, softness: 0.5 });
  const [viewport, setViewport] = useState<Viewport | null>(null);
  const [dragOver, setDragOver] = useState(false);
  const [mode, setMode] = useState<'photos' | 'pack'>('photos');
  const [packDir, setPackDir] = useState('');
  const [painted, setPainted] = useState<{ canvas: HTMLCanvasElement | null; version: number }>({
    canvas: null,
    version: 0,
  });
  const inputRef = useRef<HTMLInputElement>(null);
  const stageRef = useRef<HTMLElement>(null);

  const open = useCallback(
    async (file: File) => {
      const mark = (state: Photo['state'], message?: string) =>
        setPhotos((ps) => ps.map((p) => (p.file === file ? { ...p, state, ...(message ? { message } : {}) } : p)));
      mark('opening');
      try {
        // One staging folder per photo: the core removes it once the photo is read.
        const staged = await client.stage([file]);
        const s = await client.call('ingest.open', {
          path: staged.paths[0]!,
          kind,
          ...(kind === 'garment' ? { category: category as (typeof GARMENT_CATEGORIES)[number] } : {}),
        });
        setPhotos((ps) => ps.map((p) => (p.state === 'open' ? { ...p, state: 'waiting' } : p)));
        mark('open');
        setSession(s);
        setHistory(startHistory(docOf(s)));
        setSelected(null);
        setViewport(null);
      } catch (error) {
        mark('refused', (error as Error).message);
        notify({ tone: 'error', title: `${file.name} was not opened`, body: (error as Error).message });
      }
    },
    [client, kind, category, notify],
  );

  const add = (files: File[]) => {
    const images = files.filter((f) => /\.(png|jpe?g|webp)$/i.test(f.name));
    if (images.length === 0) return notify({ tone: 'error', title: 'Expected PNG, JPEG or WebP photos' });
    setPhotos((ps) => [...ps, ...images.map((file) => ({ file, state: 'waiting' as const }))]);
    if (!session) void open(images[0]!);
  };

  const doc = history?.doc ?? null;
  const change = (next: (doc: IngestDoc) => IngestDoc, key: string | null) =>
    setHistory((h) => (h ? edit(h, next(h.doc), key, performance.now()) : h));

  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      if (!history || !session || isTyping(e.target)) return;
      const action = ingestKey({ key: e.key, ctrl: e.ctrlKey || e.metaKey, shift: e.shiftKey });
      if (!action) return;
      e.preventDefault();
      const host = stageRef.current;
      const view = { width: host?.clientWidth ?? 800, height: host?.clientHeight ?? 600 };
      const v = viewport ?? fit(view, session);
      switch (action.kind) {
        case 'undo':
          return setHistory(undo(history));
        case 'redo':
          return setHistory(redo(history));
        case 'nudge': {
          const p = selected ? history.doc.points[selected] : undefined;
          if (!selected || !p) return;
          const to = { x: p.x + action.dx, y: p.y + action.dy };
          return change((d) => movePoint(d, selected, to), `nudge:${selected}`);
        }
        case 'hide':
          if (selected) change((d) => toggleHidden(d, selected), null);
          return;
        case 'brush':
          return setBrush((b) => ({ ...b, radius: Math.min(1000, Math.max(1, b.radius * action.factor)) }));
        case 'tool':
          // The front-parts brush is a pose's: a garment has no body in front of it.
          if (session.kind !== 'pose' && (action.tool === 'front' || action.tool === 'unfront')) return;
          return setTool(action.tool);
        case 'fit':
          return setViewport(null);
        case 'zoom':
          return setViewport(zoomAt(v, { x: view.width / 2, y: view.height / 2 }, action.factor));
      }
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  });

  return (
    <div className="ingest" data-testid="ingest-view">
      <aside className="panel">
        <div className="tabs ingest-modes">
          {(
            [
              ['photos', 'Photos'],
              ['pack', 'Pack builder'],
            ] as const
          ).map(([m, label]) => (
            <button
              key={m}
              className={`tab ${mode === m ? 'active' : ''}`}
              onClick={() => setMode(m)}
              data-testid={`ingest-mode-${m}`}
            >
              {label}
            </button>
          ))}
        </div>
        {mode === 'pack' ? (
          <div className="panel-scroll">
            <div className="muted small pad">
              Save poses from Photos into a pack folder, then fill in the model's consent and sign the pack with the
              owner's key. It is checked as twin verify checks it before the signature is kept.
            </div>
          </div>
        ) : (
          <div className="panel-scroll">
            <div className="seg" role="group" aria-label="What the photos are">
              {(['pose', 'garment'] as const).map((k) => (
                <button
                  key={k}
                  className={`seg-btn ${kind === k ? 'active' : ''}`}
                  onClick={() => setKind(k)}
                  data-testid={`ingest-kind-${k}`}
                >
                  {k === 'pose' ? 'Twin pose' : 'Garment'}
                </button>
              ))}
            </div>
            {kind === 'garment' && (
              <label className="field stack">
                <span className="muted small">Category</span>
                <select value={category} onChange={(e) => setCategory(e.target.value)} data-testid="ingest-category">
                  {GARMENT_CATEGORIES.map((c) => (
                    <option key={c}>{c}</option>
                  ))}
                </select>
              </label>
            )}
            <button className="btn wide" onClick={() => inputRef.current?.click()} data-testid="ingest-pick">
              Add photos…
            </button>
            <input
              ref={inputRef}
              type="file"
              accept=".png,.jpg,.jpeg,.webp"
              multiple
              hidden
              data-testid="ingest-file"
              onChange={(e) => {
                add([...(e.target.files ?? [])]);
                e.target.value = '';
              }}
            />
            <ul className="photo-list">
              {photos.map((p, i) => (
                <li key={i}>
                  <button
                    className={`photo-row ${p.state}`}
                    onClick={() => void open(p.file)}
                    title={p.message ?? p.file.name}
                    disabled={p.state === 'opening'}
                  >
                    <span className="layer-name">{p.file.name}</span>
                    <span className="badge">
                      {p.state === 'opening' ? 'cutting out…' : p.state === 'refused' ? 'refused' : p.state}
                    </span>
                  </button>
                </li>
              ))}
            </ul>
            {doc && (
              <>
                <div className="section-label">{session?.kind === 'pose' ? 'Keypoints' : 'Landmarks'}</div>
                <ul className="layers" data-testid="ingest-points">
                  {Object.entries(doc.points).map(([name, p]) => (
                    <li
                      key={name}
                      className={`layer-row ${selected === name ? 'selected' : ''}`}
                      onClick={() => setSelected(name)}
                    >
                      <span className="layer-name">{name.replaceAll('_', ' ')}</span>
                      <span className="muted small">
                        {p.hidden ? 'hidden' : `${Math.round(p.x)}, ${Math.round(p.y)}`}
                      </span>
                    </li>
                  ))}
                </ul>
              </>
            )}
          </div>
        )}
      </aside>
      <main
        ref={stageRef}
        className={`stage ${dragOver ? 'drop-target' : ''}`}
        onDragOver={(e) => {
          if (!e.dataTransfer.types.includes('Files')) return;
          e.preventDefault();
          setDragOver(true);
        }}
        onDragLeave={() => setDragOver(false)}
        onDrop={(e) => {
          if (e.dataTransfer.files.length === 0) return;
          e.preventDefault();
          setDragOver(false);
          add([...e.dataTransfer.files]);
        }}
      >
        {mode === 'pack' ? (
          <div className="pack-host">
            <PackBuilder packDir={packDir} />
          </div>
        ) : session && doc ? (
          <>
            <IngestCanvas
              key={session.sessionId}
              kind={session.kind}
              preview={session.preview}
              size={session}
              doc={doc}
              selected={selected}
              tool={tool}
              brush={brush}
              viewport={viewport}
              onViewport={setViewport}
              onSelect={setSelected}
              onMove={(name, p) => change((d) => movePoint(d, name, p), `move:${name}`)}
              onStroke={(stroke, target) => change((d) => addStroke(d, stroke, target), null)}
              onPaint={setPainted}
            />
            <div className="ingest-tools" role="toolbar" aria-label="Ingest tools">
              {(
                [
                  ['move', 'Move', 'Move points (V)'],
                  ['add', 'Add', 'Brush: add to the cut-out (B)'],
                  ['remove', 'Remove', 'Brush: remove from the cut-out (E)'],
                  ...(session.kind === 'pose'
                    ? ([
                        [
                          'front',
                          'Front',
                          'Front parts: add to the forearms and hands in front of worn garments, suggested in orange (F)',
                        ],
                        ['unfront', 'Unfront', 'Front parts: erase (Shift+F)'],
                      ] as const)
                    : []),
                ] as const
              ).map(([t, label, title]) => (
                <button
                  key={t}
                  className={`seg-btn ${tool === t ? 'active' : ''}`}
                  onClick={() => setTool(t)}
                  title={title}
                  aria-label={title}
                  data-testid={`ingest-tool-${t}`}
                >
                  {label}
                </button>
              ))}
              <label className="field" title="Brush size ([ and ])">
                <span className="muted small">Size</span>
                <input
                  type="range"
                  min={1}
                  max={300}
                  value={Math.round(brush.radius)}
                  onChange={(e) => setBrush({ ...brush, radius: Number(e.target.value) })}
                />
              </label>
              <label className="field" title="Soft edge">
                <span className="muted small">Soft</span>
                <input
                  type="range"
                  min={0}
                  max={100}
                  value={Math.round(brush.softness * 100)}
                  onChange={(e) => setBrush({ ...brush, softness: Number(e.target.value) / 100 })}
                />
              </label>
              <span className="sep" />
              {(
                [
                  ['Undo', 'Ctrl+Z', '↶', undo, !history?.past.length],
                  ['Redo', 'Ctrl+Y', '↷', redo, !history?.future.length],
                ] as const
              ).map(([label, key, icon, step, off]) => (
                <button
                  key={label}
                  className="icon-btn"
                  disabled={off}
                  onClick={() => history && setHistory(step(history))}
                  title={`${label} (${key})`}
                  aria-label={label}
                  data-testid={`ingest-${label.toLowerCase()}`}
                >
                  {icon}
                </button>
              ))}
              <button className="zoom" onClick={() => setViewport(null)} title="Fit (0)">
                {Math.round((viewport?.zoom ?? 1) * 100)}%
              </button>
            </div>
          </>
        ) : (
          <div className="stage-empty">
            <div className="ingest-drop" data-testid="ingest-drop">
              <div className="card-title">Drop studio photos here</div>
              <div className="muted small">
                A model's pose or a garment on a plain backdrop: the studio cuts it out and places the{' '}
                {kind === 'pose' ? 'body keypoints' : 'garment landmarks'} for you to check.
              </div>
              <button className="btn" onClick={() => inputRef.current?.click()}>
                Pick photos…
              </button>
            </div>
          </div>
        )}
      </main>
      <aside className="panel right" data-testid="ingest-panel">
        <div className="panel-title">Save</div>
        <div className="panel-scroll">
          {session && doc ? (
            <>
              <SavePanel session={session} doc={doc} packDir={packDir} onPackDir={setPackDir} />
              <FitPreview session={session} doc={doc} cutout={painted} />
            </>
          ) : (
            <div className="muted small pad">Open a photo to save it as a twin pose or a garment.</div>
          )}
        </div>
      </aside>
    </div>
  );
}
