import { APP_ORIGIN } from '../../src/contract/index.ts';
import { isAppUrl } from './ipcRouter.ts';

/** The webPreferences every studio window gets; a test pins them. */
export function secureWebPreferences(preload: string) {
  return {
    preload,
    contextIsolation: true,
    sandbox: true,
    nodeIntegration: false,
    nodeIntegrationInWorker: false,
    webSecurity: true,
    allowRunningInsecureContent: false,
    webviewTag: false,
    spellcheck: false,
  } as const;
}

interface WebContentsLike {
  on(
    event: 'will-navigate' | 'will-redirect',
    listener: (event: { preventDefault(): void }, url: string) => void,
  ): void;
  setWindowOpenHandler(handler: (details: { url: string }) => { action: 'deny' }): void;
}
export interface WindowLike {
  webContents: WebContentsLike;
  loadURL(url: string): Promise<void>;
  once(event: 'ready-to-show', listener: () => void): void;
  show(): void;
}
export type WindowFactory = (options: Record<string, unknown>) => WindowLike;

/** Navigation away from the app and new windows are denied: links to the outside never open inside the studio. */
export function lockDown(contents: WebContentsLike, appOrigin = APP_ORIGIN): void {
  const guard = (event: { preventDefault(): void }, url: string) => {
    if (!isAppUrl(url, appOrigin)) event.preventDefault();
  };
  contents.on('will-navigate', guard);
  contents.on('will-redirect', guard);
  contents.setWindowOpenHandler(() => ({ action: 'deny' }));
}

export function createMainWindow(makeWindow: WindowFactory, deps: { preload: string; appOrigin?: string }): WindowLike {
  const win = makeWindow({
    width: 1480,
    height: 920,
    minWidth: 1024,
    minHeight: 640,
    show: false,
    backgroundColor: '#17181b',
    title: 'Twin Studio',
    webPreferences: secureWebPreferences(deps.preload),
  });
  lockDown(win.webContents, deps.appOrigin);
  win.once('ready-to-show', () => win.show());
  void win.loadURL(`${deps.appOrigin ?? APP_ORIGIN}/index.html`);
  return win;
}
