// Runs sandboxed before the renderer: exposes window.studio (named functions per contract method) and nothing else.
import { contextBridge, ipcRenderer, webUtils } from 'electron';
import { buildStudioBridge } from './bridge.ts';

contextBridge.exposeInMainWorld('studio', buildStudioBridge(ipcRenderer, webUtils));
