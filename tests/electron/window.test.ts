import { describe, expect, it } from 'vitest';
import { buildMenuTemplate } from '../../electron/main/menu.ts';
import { createMainWindow, lockDown, secureWebPreferences, type WindowLike } from '../../electron/main/window.ts';

function fakeContents() {
  const handlers: Record<string, (event: { preventDefault(): void }, url: string) => void> = {};
  let openHandler: ((d: { url: string }) => { action: string }) | undefined;
  return {
    contents: {
      on: (name: string, fn: (event: { preventDefault(): void }, url: string) => void) => void (handlers[name] = fn),
      setWindowOpenHandler: (fn: (d: { url: string }) => { action: 'deny' }) => void (openHandler = fn),
    },
    navigate(name: string, url: string) {
      let prevented = false;
      handlers[name]!({ preventDefault: () => void (prevented = true) }, url);
      return prevented;
    },
    open: (url: string) => openHandler!({ url }),
  };
}

describe('the studio window', () => {
  it('is created sandboxed with context isolation and no Node in the page', () => {
    let options: Record<string, unknown> = {};
    const fake = fakeContents();
    const loaded: string[] = [];
    const win = createMainWindow(
      (o) => {
        options = o;
        return {
          webContents: fake.contents,
          loadURL: async (u: string) => void loaded.push(u),
          once() {},
          show() {},
        } as WindowLike;
      },
      { preload: '/app/dist/electron/preload.cjs' },
    );
    expect(win).toBeDefined();
    expect(options.webPreferences).toEqual(secureWebPreferences('/app/dist/electron/preload.cjs'));
    expect(options.webPreferences).toMatchObject({
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      webSecurity: true,
    });
    expect(loaded).toEqual(['twin-app://app/index.html']);
  });

  it('denies navigation away from the app, redirects out and every new window', () => {
    const fake = fakeContents();
    lockDown(fake.contents);
    expect(fake.navigate('will-navigate', 'https://evil.example/')).toBe(true);
    expect(fake.navigate('will-redirect', 'file:///etc/passwd')).toBe(true);
    expect(fake.navigate('will-navigate', 'twin-app://app/index.html')).toBe(false);
    expect(fake.open('https://example.com')).toEqual({ action: 'deny' });
  });

  it('menu items send editor commands', () => {
    const sent: string[] = [];
    const edit = buildMenuTemplate((c) => sent.push(c), 'linux').find((m) => m.label === 'Edit')!;
    edit.submenu!.find((i) => i.label === 'Undo')!.click!();
    expect(sent).toEqual(['undo']);
  });
});
