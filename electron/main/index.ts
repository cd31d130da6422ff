// Electron's composition root: builds the core once, then the window, protocols, menu and IPC router around it.
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { app, BrowserWindow, dialog, ipcMain, Menu, protocol, session, shell } from 'electron';
import { createDispatcher, createStudioHandlers } from '../../src/api/index.ts';
import { systemClock } from '../../src/clock/index.ts';
import { IPC_EVENT_CHANNEL } from '../../src/contract/index.ts';
import { createStudioRuntime } from '../../src/app/runtime.ts';
import { resolveWorkspaceDir } from '../../src/workspace/index.ts';
import { createDesktopService } from './desktop.ts';
import { createIpcRouter, registerIpcRouter } from './ipcRouter.ts';
import { buildMenuTemplate } from './menu.ts';
import { PRIVILEGED_SCHEMES, registerProtocols } from './protocol.ts';
import { createMainWindow, type WindowFactory } from './window.ts';

protocol.registerSchemesAsPrivileged(PRIVILEGED_SCHEMES);

function workspaceFlag(argv: string[]): string | undefined {
  const i = argv.indexOf('--workspace');
  return i >= 0 ? argv[i + 1] : undefined;
}

async function main(): Promise<void> {
  await app.whenReady();
  // The bundle lives in dist/electron/; the renderer beside it in dist/renderer/.
  const distDir = path.resolve(__dirname, '..');
  // The render pool's workers run the bundled worker beside this file, not the TypeScript source.
  const runtime = await createStudioRuntime(resolveWorkspaceDir(workspaceFlag(process.argv)), {
    now: systemClock,
    env: process.env,
    workerUrl: pathToFileURL(path.join(__dirname, 'renderWorker.cjs')),
    cutoutWorkerUrl: pathToFileURL(path.join(__dirname, 'cutoutWorker.cjs')),
  });
  const { workspace } = runtime;
  let mainWindow: BrowserWindow | null = null;
  // The folder dialog and "open folder" of an export: only the desktop app has them.
  const desktop = createDesktopService({ dialog, shell, window: () => mainWindow });
  const studio = createStudioHandlers({ workspace, mode: 'electron', services: { ...runtime.services, desktop } });
  const dispatch = createDispatcher(studio.handlers, (method, error) =>
    console.error(`[studio] ${method} failed:`, error),
  );

  session.defaultSession.setPermissionRequestHandler((_wc, _permission, callback) => callback(false));
  registerProtocols(protocol, { workspaceDir: workspace.dir, rendererDir: path.join(distDir, 'renderer') });
  registerIpcRouter(ipcMain, createIpcRouter({ dispatch }));

  const makeWindow: WindowFactory = (options) => new BrowserWindow(options);
  const win = createMainWindow(makeWindow, {
    preload: path.join(distDir, 'electron', 'preload.cjs'),
  }) as unknown as BrowserWindow;
  mainWindow = win;
  const unsubscribe = studio.events.subscribe((event) => {
    if (!win.isDestroyed()) win.webContents.send(IPC_EVENT_CHANNEL, event);
  });
  const send = (command: string) => studio.events.publish({ type: 'menu', command });
  Menu.setApplicationMenu(Menu.buildFromTemplate(buildMenuTemplate(send) as Electron.MenuItemConstructorOptions[]));

  app.on('window-all-closed', () => {
    unsubscribe();
    studio.close();
    void runtime.close().finally(() => app.quit());
  });
}

main().catch((error: unknown) => {
  console.error('Twin Studio could not start:', error);
  app.exit(1);
});
