import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { createDesktopService, type DialogLike, type ShellLike } from '../../electron/main/desktop.ts';

/** Electron's dialog and shell, faked at the boundary: what was asked, and a scripted answer. */
function fakes(answer: { canceled: boolean; filePaths: string[] }, openPathResult = '') {
  const calls: { dialog: unknown[][]; openPath: string[]; shown: string[] } = { dialog: [], openPath: [], shown: [] };
  const dialog: DialogLike = {
    showOpenDialog: async (...args) => {
      calls.dialog.push(args);
      return answer;
    },
  };
  const shell: ShellLike = {
    openPath: async (p) => {
      calls.openPath.push(p);
      return openPathResult;
    },
    showItemInFolder: (p) => void calls.shown.push(p),
  };
  return { dialog, shell, calls };
}

describe('the desktop glue for export', () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'desktop-'));
  const zip = path.join(dir, 'batch.zip');
  writeFileSync(zip, 'zip');
  afterAll(() => rmSync(dir, { recursive: true, force: true }));
  const win = { id: 1 };

  it('asks for a folder over the studio window, and answers the one picked', async () => {
    const f = fakes({ canceled: false, filePaths: ['/Users/ana/Exports/SS27'] });
    const desktop = createDesktopService({ ...f, window: () => win });
    await expect(desktop.chooseFolder()).resolves.toBe('/Users/ana/Exports/SS27');
    expect(f.calls.dialog).toEqual([
      [win, expect.objectContaining({ properties: expect.arrayContaining(['openDirectory', 'createDirectory']) })],
    ]);
  });

  it('answers null when the dialog is dismissed', async () => {
    const f = fakes({ canceled: true, filePaths: [] });
    await expect(createDesktopService({ ...f, window: () => null }).chooseFolder()).resolves.toBeNull();
  });

  it('opens a batch folder, selects a zip in its folder, and says false for what is gone or failed', async () => {
    const f = fakes({ canceled: true, filePaths: [] });
    const desktop = createDesktopService({ ...f, window: () => win });
    await expect(desktop.reveal(dir)).resolves.toBe(true);
    await expect(desktop.reveal(zip)).resolves.toBe(true);
    await expect(desktop.reveal(path.join(dir, 'gone'))).resolves.toBe(false);
    expect(f.calls).toMatchObject({ openPath: [dir], shown: [zip] });
    const failing = fakes({ canceled: true, filePaths: [] }, 'No application is associated');
    await expect(createDesktopService({ ...failing, window: () => win }).reveal(dir)).resolves.toBe(false);
  });
});
