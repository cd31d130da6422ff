import { statSync } from 'node:fs';
import type { DesktopService } from '../../src/api/index.ts';

/** The part of Electron's `dialog` the studio uses. */
export interface DialogLike {
  showOpenDialog(
    window: unknown,
    options: { title: string; buttonLabel: string; properties: string[] },
  ): Promise<{ canceled: boolean; filePaths: string[] }>;
}
/** The part of Electron's `shell` the studio uses. */
export interface ShellLike {
  /** Resolves to '' on success, else the OS's error text. */
  openPath(path: string): Promise<string>;
  showItemInFolder(path: string): void;
}

const isDirectory = (target: string): boolean | undefined => {
  try {
    return statSync(target).isDirectory();
  } catch {
    return undefined;
  }
};

/**
 * What the desktop app adds to an export: a folder dialog for the destination (folders may be created from it) and
 * "open folder" — a batch folder opens in the file manager, a zip is selected in its folder.
 */
export function createDesktopService(deps: {
  dialog: DialogLike;
  shell: ShellLike;
  /** The window the dialog belongs to (modal over it); null: a free-standing dialog. */
  window: () => unknown;
  isDirectory?: (target: string) => boolean | undefined;
}): DesktopService {
  const { dialog, shell } = deps;
  const kindOf = deps.isDirectory ?? isDirectory;
  return {
    async chooseFolder() {
      const answer = await dialog.showOpenDialog(deps.window(), {
        title: 'Export to folder',
        buttonLabel: 'Export here',
        properties: ['openDirectory', 'createDirectory', 'promptToCreate'],
      });
      return answer.canceled ? null : (answer.filePaths[0] ?? null);
    },
    async reveal(target) {
      const directory = kindOf(target);
      if (directory === undefined) return false;
      if (directory) return (await shell.openPath(target)) === '';
      shell.showItemInFolder(target);
      return true;
    },
  };
}
