/** Menu items send commands to the renderer (the same shortcuts the canvas handles), nothing else. */
export type MenuCommand = 'undo' | 'redo' | 'save' | 'render' | 'zoom-in' | 'zoom-out' | 'zoom-fit' | 'import';

export interface MenuItem {
  label?: string;
  role?: string;
  type?: 'separator';
  accelerator?: string;
  submenu?: MenuItem[];
  click?: () => void;
}

export function buildMenuTemplate(
  send: (command: MenuCommand) => void,
  platform: NodeJS.Platform = process.platform,
): MenuItem[] {
  const item = (label: string, accelerator: string, command: MenuCommand): MenuItem => ({
    label,
    accelerator,
    click: () => send(command),
  });
  return [
    ...(platform === 'darwin' ? [{ role: 'appMenu' }] : []),
    {
      label: 'File',
      submenu: [
        item('Import…', 'CmdOrCtrl+O', 'import'),
        item('Save Shot', 'CmdOrCtrl+S', 'save'),
        { type: 'separator' },
        { role: platform === 'darwin' ? 'close' : 'quit' },
      ],
    },
    {
      label: 'Edit',
      submenu: [
        item('Undo', 'CmdOrCtrl+Z', 'undo'),
        item('Redo', 'CmdOrCtrl+Shift+Z', 'redo'),
        { type: 'separator' },
        { role: 'cut' },
        { role: 'copy' },
        { role: 'paste' },
      ],
    },
    {
      label: 'View',
      submenu: [
        item('Zoom In', 'CmdOrCtrl+=', 'zoom-in'),
        item('Zoom Out', 'CmdOrCtrl+-', 'zoom-out'),
        item('Fit', 'CmdOrCtrl+0', 'zoom-fit'),
        { type: 'separator' },
        { role: 'togglefullscreen' },
      ],
    },
    { label: 'Shot', submenu: [item('Render', 'CmdOrCtrl+Enter', 'render')] },
  ];
}
