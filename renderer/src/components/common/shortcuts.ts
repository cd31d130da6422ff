/** Every keyboard shortcut the studio answers, by view: the sheet on `?` lists exactly these. */
export const SHORTCUTS: readonly { view: string; keys: string; does: string }[] = [
  { view: 'Anywhere', keys: '?', does: 'Show or hide this sheet' },
  { view: 'Compose', keys: 'R', does: 'Render the shot' },
  { view: 'Compose', keys: 'P', does: 'Proof: the shot at screen size on the canvas (no licence image)' },
  { view: 'Compose', keys: 'Ctrl+S', does: 'Save now' },
  { view: 'Compose', keys: 'Ctrl+Z / Ctrl+Shift+Z', does: 'Undo / redo' },
  { view: 'Compose', keys: 'Delete', does: 'Remove the selected garment' },
  { view: 'Compose', keys: '[ / ]', does: 'Send the selected layer back / bring it forward' },
  { view: 'Compose', keys: 'H', does: 'Hide or show the selected layer' },
  { view: 'Compose', keys: 'Arrows (Shift: ×10)', does: 'Nudge the selection by 1 px (10 px)' },
  { view: 'Compose', keys: '+ / − / 0', does: 'Zoom in / out / fit' },
  { view: 'Compose', keys: 'Esc', does: 'Clear the selection' },
  { view: 'Outputs', keys: 'Arrows / PgUp / PgDn', does: 'Move to the next output, row or screen of the grid' },
  { view: 'Outputs', keys: 'Home / End', does: 'The first / last output loaded' },
  { view: 'Outputs', keys: 'Enter', does: 'Open the output in the viewer' },
  { view: 'Review', keys: 'A / R', does: 'Approve / reject' },
  { view: 'Review', keys: '← / →', does: 'Previous / next output' },
  { view: 'Review', keys: 'Esc', does: 'Back to the grid (on the grid: clear the selection)' },
  { view: 'Review', keys: '1–5 / 0', does: 'Rate 1 to 5 stars / clear the stars' },
  {
    view: 'Review',
    keys: '6 / 7 / 8 / 9',
    does: 'Colour label red / yellow / green / blue (the same key again clears it)',
  },
  { view: 'Review', keys: 'Shift+click / Ctrl+click', does: 'Select a run / add or remove one output' },
  { view: 'Review', keys: 'Ctrl+A', does: 'Select every output in the grid' },
  { view: 'Review', keys: 'A / R on a selection', does: 'Approve / reject all selected, with one comment' },
  { view: 'Review', keys: 'C / W', does: 'Compare side by side / as a wipe (zoom and pan together)' },
  { view: 'Review', keys: 'L', does: 'Loupe at 100 %, then 200 %, then off' },
  { view: 'Review', keys: 'P', does: 'Clean view without the proof mark (in the studio only)' },
  { view: 'Review', keys: 'Wheel / drag', does: 'Zoom about the pointer / pan when zoomed' },
  { view: 'Ingest', keys: 'Ctrl+Z / Ctrl+Y', does: 'Undo / redo (Ctrl+Shift+Z redoes too)' },
  { view: 'Ingest', keys: 'Arrows (Shift: ×10)', does: 'Nudge the selected point by 1 px (10 px) of the cut-out' },
  { view: 'Ingest', keys: 'Delete', does: 'Hide or show the selected point' },
  { view: 'Ingest', keys: 'V / B / E', does: 'Move points / brush: add / brush: remove' },
  {
    view: 'Ingest',
    keys: 'F / Shift+F',
    does: "A pose's front parts (forearms, hands in front of garments): paint / erase",
  },
  { view: 'Ingest', keys: '[ / ]', does: 'Smaller / larger brush' },
  { view: 'Ingest', keys: '+ / − / 0', does: 'Zoom in / out / fit' },
];

/** Whether a key press belongs to a field the user is typing in (shortcuts leave it alone). */
export const isTyping = (target: EventTarget | null): boolean =>
  target instanceof HTMLElement &&
  (target.isContentEditable || ['INPUT', 'SELECT', 'TEXTAREA'].includes(target.tagName));
