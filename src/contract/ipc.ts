/** The one IPC channel the preload invokes with `{ method, input }`, and the one main sends events on. */
export const IPC_CHANNEL = 'studio:invoke';
export const IPC_EVENT_CHANNEL = 'studio:event';
