export { createEmitter, type Emitter } from './emitter.ts';
export {
  createRenderPool,
  defaultPoolSize,
  type PoolRunOptions,
  type PoolTask,
  type RenderPool,
  type RenderPoolOptions,
} from './pool.ts';
export {
  createRenderQueue,
  type JobContext,
  type JobOutcome,
  type JobProgress,
  type QueueEvents,
  type RenderQueue,
  type RenderQueueOptions,
  type RunJob,
} from './queue.ts';
export { createJobStore, RENDER_QUEUE_MIGRATIONS, type JobState, type RenderJob } from './store.ts';
