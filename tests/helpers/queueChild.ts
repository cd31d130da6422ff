// A queue process the crash-resume test kills with SIGKILL mid-queue: fast jobs finish, 'slow' ones hang.
import { systemClock } from '../../src/clock/index.ts';
import { createRenderQueue } from '../../src/render/jobs/index.ts';
import { openDatabase } from '../../src/storage/index.ts';

const [dbFile, ...shotIds] = process.argv.slice(2);
const db = openDatabase(dbFile as string);
const queue = createRenderQueue({
  db,
  now: systemClock,
  concurrency: 1,
  runJob: async (job) => {
    process.stdout.write(`started ${job.shotId}\n`);
    if (job.shotId.startsWith('slow')) await new Promise(() => setInterval(() => {}, 1000));
    await new Promise((r) => setTimeout(r, 20));
    return { outputPath: `/out/${job.shotId}.png`, provider: 'cpu', attempts: [{ provider: 'cpu', ok: true }] };
  },
});
for (const shotId of shotIds) queue.enqueue({ shotId });
queue.start();
