import type { Result, StudioEvent } from '../../../src/contract/index.ts';

/** How the renderer reaches the core: Electron IPC (window.studio) or loopback HTTP + SSE. */
export interface Transport {
  mode: 'electron' | 'browser';
  call(method: string, input: unknown): Promise<Result<unknown>>;
  onEvent(listener: (event: StudioEvent) => void): () => void;
  fileUrl(relativePath: string): string;
  /** Turns picked or dropped files into paths the import methods take. */
  stage(files: File[]): Promise<{ dir: string; paths: string[] }>;
}
