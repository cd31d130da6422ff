/**
 * The cut-out's worker thread: one photo per message, progress while it works, the cut-out (its RGBA transferred,
 * not copied) or the typed error at the end.
 */
import { parentPort } from 'node:worker_threads';
import { toStudioError } from '../../errors/index.ts';
import { cutOutPhoto } from './cutout.ts';
import type { CutoutRequest, CutoutReply } from './workerProtocol.ts';

const port = parentPort;
if (port) {
  port.on('message', (request: CutoutRequest) => {
    const reply = (message: CutoutReply, transfer: ArrayBuffer[] = []): void => port.postMessage(message, transfer);
    cutOutPhoto(Buffer.from(request.bytes), {
      ...(request.workingPixels === undefined ? {} : { workingPixels: request.workingPixels }),
      what: request.what,
      onProgress: (stage, fraction) => reply({ kind: 'progress', stage, fraction }),
    }).then(
      (cutout) => reply({ kind: 'done', cutout }, [cutout.rgba.buffer as ArrayBuffer]),
      (error: unknown) => {
        const e = toStudioError(error);
        reply({ kind: 'error', code: e.code, message: e.message, details: e.details });
      },
    );
  });
}
