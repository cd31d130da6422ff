/** The part of `process` the last-resort handler listens on (a test hands in its own emitter). */
export interface ProcessEvents {
  on(event: 'unhandledRejection' | 'uncaughtException', listener: (reason: unknown) => void): unknown;
  off(event: 'unhandledRejection' | 'uncaughtException', listener: (reason: unknown) => void): unknown;
}

function describe(reason: unknown): string {
  if (reason instanceof Error) return reason.stack ?? `${reason.name}: ${reason.message}`;
  return String(reason);
}

/**
 * For a long-running server's composition root only (browser mode, the registry): a rejection or exception
 * that escaped every handler is logged and the process keeps serving, instead of Node ending it and every
 * request in flight with it. Such an escape is a bug in our code; the log line is how it gets found.
 * Returns the uninstaller.
 */
export function installLastResort(
  target: ProcessEvents,
  name: string,
  log: (line: string) => void = (line) => console.error(line),
): () => void {
  const line = (what: string, reason: unknown) => `[${name}] BUG: ${what}, still serving: ${describe(reason)}`;
  const onRejection = (reason: unknown) => log(line('unhandled rejection', reason));
  const onException = (error: unknown) => log(line('uncaught exception', error));
  target.on('unhandledRejection', onRejection);
  target.on('uncaughtException', onException);
  return () => {
    target.off('unhandledRejection', onRejection);
    target.off('uncaughtException', onException);
  };
}
