import { fileURLToPath } from 'node:url';

/** The models/ folder shipped beside src/ (the packaged app passes its own resources path instead). */
export function defaultModelsDir(): string {
  return fileURLToPath(new URL('../../models', import.meta.url));
}
