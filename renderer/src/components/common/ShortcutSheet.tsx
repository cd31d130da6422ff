import { useEffect, useState } from 'react';
import { isTyping, SHORTCUTS } from './shortcuts.ts';

/** The keyboard shortcut sheet: `?` opens and closes it, Esc or a click outside closes it. */
export function ShortcutSheet() {
  const [open, setOpen] = useState(false);
  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      if (e.key === '?' && !isTyping(e.target)) {
        e.preventDefault();
        setOpen((o) => !o);
      } else if (e.key === 'Escape') setOpen(false);
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, []);
  if (!open) return null;
  const views = [...new Set(SHORTCUTS.map((s) => s.view))];
  return (
    <div className="sheet-backdrop" onClick={() => setOpen(false)} data-testid="shortcut-sheet">
      <div className="sheet" role="dialog" aria-label="Keyboard shortcuts" onClick={(e) => e.stopPropagation()}>
        <h2>Keyboard shortcuts</h2>
        {views.map((view) => (
          <section key={view}>
            <div className="section-label">{view}</div>
            <table>
              <tbody>
                {SHORTCUTS.filter((s) => s.view === view).map((s) => (
                  <tr key={s.keys}>
                    <td className="keys">
                      <kbd>{s.keys}</kbd>
                    </td>
                    <td>{s.does}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </section>
        ))}
      </div>
    </div>
  );
}
