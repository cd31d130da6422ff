/** Every keyboard shortcut the studio answers, by view: the sheet on `?` lists exactly these. */
export const SHORTCUTS: readonly { view: string; keys: string; does: string }[] = [
  { view: 'Anywhere', keys: '?', does: 'Show or hide this sheet' },
  { view: 'Compose', keys: 'R', does: 'Render the shot' },
  { view: 'Compose', keys: 'Ctrl+S', does: 'Save now' },
  { view: 'Compose', keys: 'Ctrl+Z / Ctrl+Shift+Z', does: 'Undo / redo' },
  { view: 'Compose', keys: 'Delete', does: 'Remove the selected garment' },
  { view: 'Compose', keys: '[ / ]', does: 'Send the selected layer back / bring it forward' },
  { view: 'Compose', keys: 'H', does: 'Hide or show the selected layer' },
  { view: 'Compose', keys: 'Arrows (Shift: ×10)', does: 'Nudge the selection by 1 px (10 px)' },
  { view: 'Compose', keys: '+ / − / 0', does: 'Zoom in / out / fit' },
  { view: 'Compose', keys: 'Esc', does: 'Clear the selection' },
  { view: 'Review', keys: 'A / R', does: 'Approve / reject' },
  { view: 'Review', keys: '← / →', does: 'Previous / next output' },
  { view: 'Review', keys: 'Esc', does: 'Back to the grid' },
  { view: 'Ingest', keys: 'Ctrl+Z / Ctrl+Y', does: 'Undo / redo (Ctrl+Shift+Z redoes too)' },
  { view: 'Ingest', keys: 'Arrows (Shift: ×10)', does: 'Nudge the selected point by 1 px (10 px) of the cut-out' },
  { view: 'Ingest', keys: 'Delete', does: 'Hide or show the selected point' },
  { view: 'Ingest', keys: 'V / B / E', does: 'Move points / brush: add / brush: remove' },
  { view: 'Ingest', keys: '[ / ]', does: 'Smaller / larger brush' },
  { view: 'Ingest', keys: '+ / − / 0', does: 'Zoom in / out / fit' },
];

/** Whether a key press belongs to a field the user is typing in (shortcuts leave it alone). */
export const isTyping = (target: EventTarget | null): boolean =>
  target instanceof HTMLElement &&
  (target.isContentEditable || ['INPUT', 'SELECT', 'TEXTAREA'].includes(target.tagName));
