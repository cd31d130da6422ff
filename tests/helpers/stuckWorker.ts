// A render worker that never finishes its stage and ignores cancel: the pool must terminate it.
import { parentPort } from 'node:worker_threads';

parentPort?.on('message', () => {
  setInterval(() => {}, 1000);
});
