import type { StudioEvent } from '../contract/index.ts';

export interface EventHub {
  publish(event: StudioEvent): void;
  subscribe(listener: (event: StudioEvent) => void): () => void;
}

/** Fans events out to every bridge (SSE clients, the Electron window); a failing listener never stops the others. */
export function createEventHub(onListenerError: (error: unknown) => void = () => {}): EventHub {
  const listeners = new Set<(event: StudioEvent) => void>();
  return {
    publish(event) {
      for (const listener of [...listeners]) {
        try {
          listener(event);
        } catch (error) {
          onListenerError(error);
        }
      }
    },
    subscribe(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
  };
}
