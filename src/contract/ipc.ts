/** The one IPC channel the preload invokes with `{ method, input }`, and the one main sends events on. */
export const IPC_CHANNEL = 'studio:invoke';
export const IPC_EVENT_CHANNEL = 'studio:event';
/** Electron serves the renderer from twin-app://app/ and workspace images from twin-file://workspace/. */
export const APP_ORIGIN = 'twin-app://app';
export const FILE_ORIGIN = 'twin-file://workspace';
