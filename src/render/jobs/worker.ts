import { parentPort, workerData } from 'node:worker_threads';
import { offsetClock } from '../../clock/index.ts';
import { toStudioError } from '../../errors/index.ts';
import { migrateShot } from '../../shots/index.ts';
import { createWorkspace, type Workspace } from '../../workspace/index.ts';
import { createSessionCache, ortSessionFactory } from '../models.ts';
import { prepareShot, renderShot } from '../pipeline/index.ts';
import { gatedSessionFactory } from './nativeGate.ts';
import type { FromWorker, ToWorker, WorkerConfig } from './protocol.ts';

// One render worker: its ORT sessions are created once and reused for every job it is given.
const config = workerData as WorkerConfig;
const port = parentPort;
const now = offsetClock(config.clockOffsetMs);
if (!port) throw new Error('render worker must run in a worker thread');
const sessions = createSessionCache({
  modelsDir: config.modelsDir,
  ...(config.providers ? { providers: config.providers } : {}),
  createSession: gatedSessionFactory(
    ortSessionFactory({ intraOpNumThreads: config.intraOpThreads, interOpNumThreads: 1 }),
    config.nativeGate,
  ),
});
const workspaces = new Map<string, Workspace>();
const controllers = new Map<number, AbortController>();
const send = (m: FromWorker, transfer: ArrayBuffer[] = []): void => port.postMessage(m, transfer);

port.on('message', (m: ToWorker) => {
  if (m.type === 'cancel') {
    controllers.get(m.id)?.abort();
    return;
  }
  const controller = new AbortController();
  controllers.set(m.id, controller);
  void (async () => {
    try {
      let ws = workspaces.get(m.workspaceDir);
      if (!ws) {
        ws = createWorkspace(m.workspaceDir, now);
        workspaces.set(m.workspaceDir, ws);
      }
      const shot = migrateShot(m.shot);
      const inputs = await prepareShot(ws, shot, { upscale: m.upscale === true });
      const result = await renderShot(inputs, sessions, {
        signal: controller.signal,
        onStage: (event) => send({ type: 'stage', id: m.id, event }),
        ...(m.providers ? { providers: m.providers } : {}),
        ...(m.model ? { model: m.model } : {}),
        ...(m.upscale ? { upscale: true } : {}),
      });
      send({ type: 'done', id: m.id, result }, [result.rgba.buffer as ArrayBuffer]);
    } catch (thrown) {
      const e = toStudioError(thrown);
      send({
        type: 'error',
        id: m.id,
        error: {
          code: e.code,
          message: e.message,
          details: JSON.parse(JSON.stringify(e.details ?? {})) as Record<string, unknown>,
        },
      });
    } finally {
      controllers.delete(m.id);
    }
  })();
});
send({ type: 'ready' });
